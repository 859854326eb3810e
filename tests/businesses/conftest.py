import pytest

from businesses.models import Province


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def hanoi(db):
    return Province.objects.get(code=1)


@pytest.fixture
def hcmc(db):
    return Province.objects.get(code=79)
