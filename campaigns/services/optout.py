"""Refusing campaign messages (by a reply keyword or the link in the message) and delivery reports."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from campaigns.models import MessageStatus, OptOut, OptOutSource, SmsMessage
from smedx_portal.services import audit_log
from smedx_portal.text import search_key

OPTOUT_KEYWORDS = {"tc", "huy", "stop"}  # "HỦY" arrives with or without its accent


def normalise_phone(raw: str) -> str | None:
    """E.164 for a Vietnamese number written any usual way (0912…, 84912…, +84 912 …), else None."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if raw.startswith("84") and not raw.startswith("+"):
        raw = "+" + raw
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_optout_keyword(text: str) -> bool:
    words = search_key(text).replace(".", " ").replace("!", " ").split()
    return bool(words) and words[0] in OPTOUT_KEYWORDS


@transaction.atomic
def optout_record(*, phone: str, source: str, note: str = "", actor: Any | None = None) -> OptOut:
    """Idempotent: a number opts out once; the first way it did so is kept."""
    optout, created = OptOut.objects.get_or_create(
        phone=phone, defaults={"source": source, "note": note[:255]}
    )
    if created:
        audit_log(actor=actor, obj=optout, action="sms.optout", data={"source": source})
    return optout


@transaction.atomic
def optout_withdraw(*, phone: str, actor: Any, reason: str) -> bool:
    """Staff remove an opt-out (the person asked to receive messages again)."""
    optout = OptOut.objects.filter(phone=phone).first()
    if optout is None:
        return False
    audit_log(actor=actor, obj=optout, action="sms.optout_withdraw", reason=reason)
    optout.delete()
    return True


def inbound_signature(body: bytes, secret: str | None = None) -> str:
    secret = settings.CAMPAIGN_INBOUND_SECRET if secret is None else secret
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def inbound_is_authentic(body: bytes, signature: str) -> bool:
    """The gateway signs each callback's body with the shared secret. No secret configured: refuse all."""
    if not settings.CAMPAIGN_INBOUND_SECRET or not signature:
        return False
    return hmac.compare_digest(inbound_signature(body), signature.strip().lower())


def inbound_message(*, sender: str, text: str) -> OptOut | None:
    """A reply from a phone. A refusal keyword (TC, HUY, STOP) opts the number out; other text is ignored."""
    phone = normalise_phone(sender)
    if phone is None or not is_optout_keyword(text):
        return None
    return optout_record(phone=phone, source=OptOutSource.KEYWORD, note=text[:255])


def delivery_report(*, gateway_id: str, delivered: bool, error: str = "") -> int:
    """The gateway says whether a sent message reached the phone. Returns the rows updated (0 or 1)."""
    if not gateway_id:
        return 0
    rows = SmsMessage.objects.filter(gateway_id=gateway_id, status=MessageStatus.SENT)
    if delivered:
        return rows.update(status=MessageStatus.DELIVERED, delivered_at=timezone.now())
    return rows.update(status=MessageStatus.FAILED, error=(error or "not delivered")[:255])
