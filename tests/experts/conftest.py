import pytest

from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash a password per user; the real hasher costs a second per few users on a busy machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return StaffFactory()
