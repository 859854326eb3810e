import pytest

from tests.factories import StaffFactory


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
