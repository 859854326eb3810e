"""Sign-in by phone and password, or by a code sent by SMS; the login attempt limits."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import ChallengeDelivery, PhoneChallenge
from tests.factories import ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
REQUEST_CODE = reverse("account_request_login_code")
CONFIRM_CODE = reverse("account_confirm_login_code")
PASSWORD = "mat-khau-thu-2026"  # tests.factories.UserFactory


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def run(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return run


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_login_page_is_vietnamese_with_the_code_option(client):
    html = client.get(LOGIN).content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html and "Số điện thoại di động" in html
    assert REQUEST_CODE in html


@pytest.mark.parametrize("spelling", ["0912 345 678", "+84912345678", "84912345678", "0912.345.678"])
def test_sign_in_with_any_spelling_of_the_phone(client, spelling):
    UserFactory(phone="+84912345678")
    response = client.post(LOGIN, {"login": spelling, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("businesses:mine")


def test_province_officer_lands_on_the_verification_queue(client):
    officer = ProvinceOfficerFactory()
    response = client.post(LOGIN, {"login": officer.phone, "password": PASSWORD})
    assert response["Location"] == reverse("businesses:verification_queue")


def test_wrong_password_is_refused_then_rate_limited(client):
    UserFactory(phone="+84912345678")
    for _ in range(5):
        response = client.post(LOGIN, {"login": "0912345678", "password": "sai-mat-khau"})
        assert response.status_code == 200
        assert "Số điện thoại hoặc mật khẩu không đúng." in response.content.decode()
    response = client.post(LOGIN, {"login": "0912345678", "password": PASSWORD})
    assert response.status_code == 200
    assert "Vui lòng thử lại sau 5 phút" in response.content.decode()


def test_unverified_phone_must_be_verified_at_sign_in(client, post, last_code):
    user = UserFactory(phone="+84912345678", phone_verified_at=None)
    response = post(LOGIN, {"login": "0912345678", "password": PASSWORD})
    assert response["Location"] == reverse("account_verify_phone")
    response = post(reverse("account_verify_phone"), {"action": "verify", "code": last_code()})
    assert response["Location"] == reverse("businesses:mine")
    user.refresh_from_db()
    assert user.phone_verified_at is not None


def test_sign_in_by_sms_code(client, post, last_code, sms_outbox):
    UserFactory(phone="+84912345678")
    response = post(REQUEST_CODE, {"phone": "0912 345 678"})
    assert response["Location"] == CONFIRM_CODE
    assert len(sms_outbox) == 1
    page = client.get(CONFIRM_CODE).content.decode()
    assert "Nhập mã đăng nhập" in page and "Gửi lại mã" in page

    response = post(CONFIRM_CODE, {"action": "verify", "code": f"{(int(last_code()) + 1) % 10**6:06d}"})
    assert response.status_code == 200
    assert "Mã không đúng. Bạn còn 4 lần thử" in response.content.decode()

    response = post(CONFIRM_CODE, {"action": "verify", "code": last_code()})
    assert response.status_code == 302 and response["Location"] == reverse("businesses:mine")
    assert client.get(reverse("businesses:mine")).status_code == 200


def test_a_code_for_an_unknown_phone_is_answered_the_same_but_nothing_is_sent(client, post, sms_outbox):
    UserFactory(phone="+84912345678")
    known = post(REQUEST_CODE, {"phone": "0912 345 678"})
    client.cookies.clear()
    unknown = post(REQUEST_CODE, {"phone": "0987 654 321"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == CONFIRM_CODE
    assert [m.replace("0987 *** 321", "X") for m in messages_of(unknown)] == [
        m.replace("0912 *** 678", "X") for m in messages_of(known)
    ]
    assert [m.phone for m in sms_outbox] == ["+84912345678"]
    assert PhoneChallenge.objects.get(phone="+84987654321").delivery == ChallengeDelivery.NONE
    response = post(CONFIRM_CODE, {"action": "verify", "code": "123456"})
    assert "Mã không đúng. Bạn còn 4 lần thử" in response.content.decode()


def test_logout_page_is_vietnamese(client):
    client.force_login(UserFactory())
    assert "Bạn có chắc muốn đăng xuất?" in client.get(reverse("account_logout")).content.decode()
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
