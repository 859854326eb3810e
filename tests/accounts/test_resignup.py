"""Signing up again with a registered phone: the same bytes as a new phone, an honest page, and an SMS that
tells the owner they already have an account and where to sign in (issue 20)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.phones import display_phone, mask_phone
from tests.accounts.test_signup import SIGNUP, VERIFY, signup_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def sign_up(phone: str, capture) -> tuple:
    client = Client()
    client.get(SIGNUP)
    with capture(execute=True):
        response = client.post(SIGNUP, signup_data(phone=phone))
    page = client.get(response["Location"])
    return response, page


def normalised(page, phone: str) -> bytes:
    """The page without its form token and with the phone (as typed, and masked) replaced."""
    html = TOKEN.sub("", page.content.decode())
    return html.replace(display_phone(phone), "PHONE").replace(mask_phone(phone), "PHONE").encode()


def test_a_registered_phone_and_a_new_phone_get_byte_identical_answers(
    django_capture_on_commit_callbacks, sms_outbox, settings
):
    settings.PORTAL_BASE_URL = "https://smedx.example.vn"
    UserFactory(phone="+84912345678", full_name="Chủ cũ")
    new_response, new_page = sign_up("0987 654 321", django_capture_on_commit_callbacks)
    old_response, old_page = sign_up("0912 345 678", django_capture_on_commit_callbacks)

    assert old_response.status_code == new_response.status_code == 302
    assert old_response.content == new_response.content
    assert old_response["Location"] == new_response["Location"] == VERIFY
    assert sorted(old_response.headers) == sorted(new_response.headers)
    # the next page differs only by the phone number typed and the form token
    assert normalised(old_page, "+84912345678") == normalised(new_page, "+84987654321")
    html = old_page.content.decode()
    assert "Nếu số này đã có tài khoản, tin nhắn hướng dẫn bạn" in html
    assert "Đã gửi mã" not in html  # no promise of a code that may not come

    notice, code = (
        [m for m in sms_outbox if m.phone == "+84912345678"],
        [m for m in sms_outbox if m.phone == "+84987654321"],
    )
    assert len(notice) == 1 and len(code) == 1
    assert "So nay da co tai khoan" in notice[0].text
    assert "https://smedx.example.vn" + reverse("account_login") in notice[0].text
    assert not re.search(r"\d{6}", notice[0].text)
    assert len(notice[0].text) <= 160  # one GSM-7 part
    assert re.search(r"\b\d{6}\b", code[0].text)
    assert User.objects.filter(phone="+84912345678").count() == 1
