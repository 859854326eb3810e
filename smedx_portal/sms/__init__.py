"""Sending SMS, like Django's email backends: pick a backend class by the SMS_BACKEND setting.

    from smedx_portal.sms import send_sms
    send_sms("+84912345678", "Mã xác thực của bạn là 123456")

Backends: console (development), locmem (tests: messages land in `smedx_portal.sms.outbox`)
and http (the brandname gateway in production).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from smedx_portal.sms.backends.base import BaseSmsBackend, SmsMessage, TransportError

outbox: list[SmsMessage] = []

__all__ = ["BaseSmsBackend", "SmsMessage", "TransportError", "get_backend", "outbox", "send_sms"]


def get_backend(path: str | None = None) -> BaseSmsBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(phone: str, text: str, *, reference: str = "") -> str:
    """Send one message; return the gateway's message id. Raises TransportError on failure."""
    return get_backend().send(SmsMessage(phone=phone, text=text, reference=reference))
