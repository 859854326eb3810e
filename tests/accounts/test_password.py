"""Passwords: change with the current one, or — forgotten — set a new one right after signing in by SMS code."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SET_BY_CODE = reverse("accounts:set_password_by_code")


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def run(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return run


def test_forgotten_password_is_replaced_after_signing_in_by_code(client, post, last_code):
    UserFactory(phone="+84912345678")
    login_page = client.get(reverse("account_login")).content.decode()
    assert "Quên mật khẩu?" in login_page
    request_url = f"{reverse('account_request_login_code')}?next={SET_BY_CODE}"
    assert request_url in login_page

    response = post(request_url, {"phone": "0912345678", "next": SET_BY_CODE})
    response = post(response["Location"], {"action": "verify", "code": last_code(), "next": SET_BY_CODE})
    assert response["Location"] == SET_BY_CODE
    page = client.get(SET_BY_CODE)
    assert "Đặt mật khẩu mới" in page.content.decode()
    response = client.post(
        SET_BY_CODE, {"new_password1": "mat-khau-moi-2026", "new_password2": "mat-khau-moi-2026"}
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("account_login"), {"login": "0912345678", "password": "mat-khau-moi-2026"})
    assert response.status_code == 302


def test_setting_a_password_without_the_old_one_needs_a_recent_code_sign_in(client, clock):
    client.force_login(UserFactory())
    response = client.get(SET_BY_CODE)
    assert response["Location"] == reverse("account_change_password")
    client.logout()
    assert client.get(SET_BY_CODE).status_code == 302


def test_change_password_page_is_vietnamese_and_needs_the_current_password(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("account_change_password")).content.decode()
    assert "Mật khẩu hiện tại" in page and "Nhập lại mật khẩu mới" in page
    data = {"oldpassword": "sai", "password1": "mat-khau-moi-2026", "password2": "mat-khau-moi-2026"}
    response = client.post(reverse("account_change_password"), data)
    assert "Vui lòng nhập mật khẩu hiện tại." in response.content.decode()
    response = client.post(reverse("account_change_password"), data | {"oldpassword": "mat-khau-thu-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("mat-khau-moi-2026")
