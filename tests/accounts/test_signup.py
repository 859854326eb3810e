"""Sign-up by phone → SMS code → verified account; no hint whether a phone is already registered."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import PhoneChallenge, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
VERIFY = reverse("account_verify_phone")


def signup_data(**overrides):
    data = {
        "full_name": "  Nguyễn   Thị Lan ",
        "phone": "0912 345 678",
        "role": Role.BUSINESS,
        "password1": "cua-hang-lan-2026",
        "email": "",
        "consent_participation": "on",
    }
    return data | overrides


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST and run what was queued on commit (the SMS task), like a real request would."""

    def run(url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return run


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_signup_page_is_vietnamese_and_offers_only_self_service_roles(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng ký tài khoản" in html
    assert 'type="tel"' in html and 'autocomplete="tel"' in html
    for role in ("business", "provider", "expert"):
        assert f'value="{role}"' in html
    assert "province_officer" not in html and "ministry_staff" not in html


def test_store_owner_signs_up_verifies_the_phone_and_lands_on_the_business_form(client, post, last_code):
    response = post(SIGNUP, signup_data())
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert "Đã gửi tin nhắn tới số 0912 *** 678" in messages_of(response)[0]
    user = User.objects.get()
    assert (user.phone, user.full_name, user.role) == ("+84912345678", "Nguyễn Thị Lan", Role.BUSINESS)
    assert user.username == "+84912345678"
    assert user.phone_verified_at is None
    # allauth's session holds a reference to the challenge, never the code.
    assert last_code() not in str(dict(client.session))

    page = client.get(VERIFY)
    assert "0912 345 678" in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = post(VERIFY, {"action": "verify", "code": last_code()})
    assert response.status_code == 302
    assert response["Location"] == reverse("businesses:create")
    user.refresh_from_db()
    assert user.phone_verified_at is not None
    assert client.get(reverse("businesses:mine")).status_code == 200  # signed in


def test_provider_lands_on_the_home_page(client, post, last_code):
    post(SIGNUP, signup_data(role=Role.PROVIDER, phone="0987 654 321"))
    response = post(VERIFY, {"action": "verify", "code": last_code()})
    assert response["Location"] == reverse("home")
    assert User.objects.get().role == Role.PROVIDER


def test_a_role_outside_the_choices_is_refused(client, post):
    response = post(SIGNUP, signup_data(role=Role.MINISTRY_STAFF))
    assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("024 3825 1234", "Đây không phải số di động"),
        ("+1 415 555 2671", "Chỉ chấp nhận số điện thoại di động Việt Nam"),
        ("0123 456 789", "Số điện thoại không hợp lệ"),
    ],
)
def test_landline_or_foreign_number_is_refused_on_the_form(post, phone, message, sms_outbox):
    response = post(SIGNUP, signup_data(phone=phone))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists() and sms_outbox == []


def test_wrong_code_keeps_the_user_on_the_page_with_the_tries_left(post, last_code):
    post(SIGNUP, signup_data())
    code = last_code()
    response = post(VERIFY, {"action": "verify", "code": f"{(int(code) + 1) % 10**6:06d}"})
    assert response.status_code == 200
    assert "Mã không đúng. Bạn còn 4 lần thử với mã này." in response.content.decode()
    assert User.objects.get().phone_verified_at is None


def test_resend_is_refused_during_the_cooldown_and_says_when(post, clock, sms_outbox):
    post(SIGNUP, signup_data())
    clock.shift(20)
    response = post(VERIFY, {"action": "resend"})
    assert response.status_code == 302
    assert any("Bạn có thể yêu cầu mã mới sau 40 giây" in m for m in messages_of(response))
    assert len(sms_outbox) == 1
    clock.shift(40)
    response = post(VERIFY, {"action": "resend"})
    assert any("Đã gửi tin nhắn tới số" in m for m in messages_of(response))
    assert len(sms_outbox) == 2


def test_signup_with_a_registered_phone_looks_exactly_like_a_new_one(client, post, sms_outbox):
    existing = UserFactory(phone="+84912345678", full_name="Chủ cũ")
    new_phone = post(SIGNUP, signup_data(phone="0987 654 321"))
    new_messages = messages_of(new_phone)
    client.logout()
    client.cookies.clear()

    taken = post(SIGNUP, signup_data(phone="0912 345 678"))
    assert taken.status_code == new_phone.status_code == 302
    assert taken["Location"] == new_phone["Location"] == VERIFY
    taken_messages = messages_of(taken)
    assert [m.replace("0912 *** 678", "X") for m in taken_messages] == [
        m.replace("0987 *** 321", "X") for m in new_messages
    ]
    assert client.get(VERIFY).status_code == 200
    # No second account; the owner got a notice (no code) instead.
    assert User.objects.filter(phone="+84912345678").get() == existing
    notice = sms_outbox[-1]
    assert notice.phone == "+84912345678" and not re.search(r"\b\d{6}\b", notice.text)  # no code
    assert PhoneChallenge.objects.filter(phone="+84912345678", delivery="notice").count() == 1


def test_ipv6_clients_are_counted_by_their_64_block(client, post, settings):
    settings.OTP_MAX_PER_IP_PER_HOUR = 1
    post(SIGNUP, signup_data(), REMOTE_ADDR="2001:db8:abcd:12::1")
    client.cookies.clear()  # another device on the same /64
    response = post(SIGNUP, signup_data(phone="0987 654 321"), REMOTE_ADDR="2001:db8:abcd:12:ffff::2")
    assert any("quá nhiều yêu cầu gửi mã từ mạng của bạn" in m for m in messages_of(response))
    assert PhoneChallenge.objects.get().requester_ip == "2001:db8:abcd:12::"
