"""With STAFF_MFA_REQUIRED, staff reach the admin only after turning on TOTP."""

import pytest
from allauth.mfa.models import Authenticator

from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


def test_staff_without_totp_are_sent_to_set_it_up(client, mfa_required):
    client.force_login(StaffFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/2fa/totp/activate/"
    assert "xác thực hai lớp" in client.get(response["Location"], follow=True).content.decode()


def test_staff_with_totp_reach_the_admin(client, mfa_required):
    staff = StaffFactory()
    Authenticator.objects.create(
        user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_other_pages_and_other_users_are_not_affected(client, mfa_required):
    client.force_login(StaffFactory())
    assert client.get("/").status_code == 200
    client.force_login(UserFactory())
    assert client.get("/admin/").status_code == 302  # the admin's own login redirect, not the MFA page
    assert "/admin/login/" in client.get("/admin/")["Location"]


def test_off_by_default_in_development(client, settings):
    assert settings.STAFF_MFA_REQUIRED is False
    client.force_login(StaffFactory())
    assert client.get("/admin/").status_code == 200


def test_the_admin_in_english_is_guarded_too(client, mfa_required):
    client.force_login(StaffFactory())
    for path in ("/en/admin/", "/en/admin/businesses/business/", "/admin/accounts/user/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].endswith("/2fa/totp/activate/"), path
