"""Vietnamese mobile numbers: the portal's identity. Stored in E.164 (+84xxxxxxxxx).

`0912 345 678`, `+84912345678`, `84912345678` and `0912.345.678` are the same number. Landlines, foreign
numbers and invalid prefixes are refused: the portal only sends SMS to Vietnamese mobiles (SMS pumping).
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "VN"
COUNTRY_CODE = 84

_SEPARATORS = re.compile(r"[\s.\-()/]")


def normalise_phone(raw: str) -> str:
    """The E.164 form of a Vietnamese mobile number, or ValidationError with a message for the user."""
    text = _SEPARATORS.sub("", raw or "")
    if not text:
        raise ValidationError(_("Vui lòng nhập số điện thoại di động."), code="required")
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("84") and len(text) == 11:
        # 84912345678: the country code without "+" (as written in many spreadsheets)
        text = "+" + text
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Số điện thoại không hợp lệ. Ví dụ đúng: 0912 345 678."), code="invalid")
    if number.country_code != COUNTRY_CODE:
        raise ValidationError(_("Chỉ chấp nhận số điện thoại di động Việt Nam (+84)."), code="foreign")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Số điện thoại không hợp lệ. Ví dụ đúng: 0912 345 678."), code="invalid")
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        raise ValidationError(
            _("Đây không phải số di động. Vui lòng nhập số di động để nhận mã xác thực qua SMS."),
            code="not_mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_vietnamese_mobile(raw: str) -> bool:
    try:
        normalise_phone(raw)
    except ValidationError:
        return False
    return True


def display_phone(e164: str) -> str:
    """+84912345678 -> 0912 345 678 (how Vietnamese people write their number)."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    national = str(number.national_number)
    if len(national) == 9:
        return f"0{national[:3]} {national[3:6]} {national[6:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def mask_phone(e164: str) -> str:
    """+84912345678 -> 0912 *** 678: enough for the owner to recognise, not enough to harvest."""
    shown = display_phone(e164)
    if len(shown) == 12:
        return f"{shown[:4]} *** {shown[-3:]}"
    return shown
