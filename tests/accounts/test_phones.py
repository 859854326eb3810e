"""Vietnamese mobile numbers: every usual spelling accepted and stored in E.164; the rest refused clearly."""

import pytest
from django.core.exceptions import ValidationError

from accounts.phones import display_phone, mask_phone, normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "0912345678",
        "+84912345678",
        "84912345678",
        "+84 912 345 678",
        "0912.345.678",
        "0912-345-678",
        "(+84) 912 345 678",
        "0084912345678",
        " 0912345678 ",
    ],
)
def test_vietnamese_mobile_spellings_normalise_to_e164(raw):
    assert normalise_phone(raw) == "+84912345678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0868 123 456", "+84868123456"),  # Viettel 086
        ("0398765432", "+84398765432"),  # Viettel 03x (former 016x)
        ("0701234567", "+84701234567"),  # MobiFone 07x
        ("0562345678", "+84562345678"),  # Vietnamobile 05x
        ("0812345678", "+84812345678"),  # VinaPhone 08x
    ],
)
def test_every_mobile_prefix_group(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        ("024 3825 1234", "not_mobile", "không phải số di động"),  # Hà Nội landline
        ("028 3829 5555", "not_mobile", "không phải số di động"),  # TP.HCM landline
        ("1900 545454", "not_mobile", "không phải số di động"),  # service number
        ("+1 415 555 2671", "foreign", "Việt Nam"),
        ("+66 81 234 5678", "foreign", "Việt Nam"),  # Thai mobile
        ("0123456789", "invalid", "không hợp lệ"),  # retired 012x prefix
        ("091234567", "invalid", "không hợp lệ"),  # too short
        ("09123456789", "invalid", "không hợp lệ"),  # too long
        ("abc", "invalid", "không hợp lệ"),
        ("", "required", "nhập số điện thoại"),
    ],
)
def test_landlines_foreign_and_malformed_numbers_are_refused_with_a_clear_message(raw, code, words):
    with pytest.raises(ValidationError) as exc:
        normalise_phone(raw)
    assert exc.value.code == code
    assert words in exc.value.messages[0]


def test_display_and_mask():
    assert display_phone("+84912345678") == "0912 345 678"
    assert mask_phone("+84912345678") == "0912 *** 678"
