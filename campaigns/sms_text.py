"""The text a recipient receives: "[QC] " for promotions, the body, and how to refuse further messages.

The refusal link carries a short signed token per phone (django.core.signing's HMAC, truncated so the
link stays short: every character costs in a 70-character UCS-2 part).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import override

from smedx_portal.sms.encoding import SmsLength, measure, strip_diacritics

PROMO_PREFIX = "[QC] "
SAMPLE_PHONE = "+84900000000"
_SALT = "campaigns.optout"
_SIGNATURE_LENGTH = 10
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
    return out or "0"


def optout_token(phone: str) -> str:
    value = _base36(int(phone.lstrip("+")))
    signature = signing.base64_hmac(_SALT, value, settings.SECRET_KEY, algorithm="sha256")[:_SIGNATURE_LENGTH]
    return f"{value}.{signature}"


def phone_from_optout_token(token: str) -> str | None:
    """The phone a token was made for, or None if it was not made here."""
    value, _sep, signature = token.partition(".")
    if not value or not signature or len(value) > 12 or any(ch not in _DIGITS for ch in value):
        return None
    expected = signing.base64_hmac(_SALT, value, settings.SECRET_KEY, algorithm="sha256")[:_SIGNATURE_LENGTH]
    if not constant_time_compare(expected, signature):
        return None
    return "+" + str(int(value, 36))


def optout_link(phone: str) -> str:
    with override("vi"):
        path = reverse("campaigns:optout_link", kwargs={"token": optout_token(phone)})
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return base.removeprefix("https://") + path


def footer(phone: str) -> str:
    with override("vi"):  # messages go out in Vietnamese
        if settings.CAMPAIGN_OPTOUT_SHORTCODE:
            return _("Từ chối: soạn TC gửi %(code)s hoặc %(link)s") % {
                "code": settings.CAMPAIGN_OPTOUT_SHORTCODE,
                "link": optout_link(phone),
            }
        return _("Từ chối nhận tin: %(link)s") % {"link": optout_link(phone)}


def render_message(*, text: str, promotional: bool, strip_accents: bool, phone: str) -> str:
    body = text.replace("\r\n", "\n").strip()
    message = f"{PROMO_PREFIX if promotional else ''}{body}\n{footer(phone)}"
    return strip_diacritics(message) if strip_accents else message


def render_for(campaign, phone: str) -> str:
    return render_message(
        text=campaign.text,
        promotional=campaign.is_promotional,
        strip_accents=campaign.strip_accents,
        phone=phone,
    )


class MessageTemplate:
    """The campaign's message rendered once for a sample phone and cut at its refusal token; each recipient's
    message is then two string joins (rendering the whole text per message costs a URL reversal and a
    translation lookup each time)."""

    def __init__(self, campaign) -> None:
        sample = render_for(campaign, SAMPLE_PHONE)
        token = optout_token(SAMPLE_PHONE)
        assert sample.count(token) == 1
        self.head, self.tail = sample.split(token)

    def for_phone(self, phone: str) -> str:
        return f"{self.head}{optout_token(phone)}{self.tail}"


def preview(*, text: str, promotional: bool, strip_accents: bool) -> tuple[str, SmsLength]:
    """The message as a recipient sees it (with a sample refusal link of the real length) and its length."""
    message = render_message(
        text=text, promotional=promotional, strip_accents=strip_accents, phone=SAMPLE_PHONE
    )
    return message, measure(message)
