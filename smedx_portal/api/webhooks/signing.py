"""The webhook headers and events, the signature, and the checks that keep a webhook URL from reaching inside (no SSRF)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SIGNATURE_HEADER = "X-SMEdx-Signature"
TIMESTAMP_HEADER = "X-SMEdx-Timestamp"
EVENT_HEADER = "X-SMEdx-Event"
DELIVERY_HEADER = "X-SMEdx-Delivery"
SIGNATURE_VERSION = "v1"
USER_AGENT = "SMEdx-Webhooks/1.0"

EVENTS = {
    "usage_registration.created": _("Một doanh nghiệp đăng ký sử dụng nền tảng của bạn."),
    "usage_registration.status_changed": _(
        "Trạng thái một đăng ký sử dụng thay đổi (kích hoạt, từ chối, hủy)."
    ),
}


# --- signing ----------------------------------------------------------------------------------------------
def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


# --- no SSRF ------------------------------------------------------------------------------------------------
class UnsafeWebhookUrl(ValueError):
    """The URL may not receive webhooks; `message` says why (translated)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None:
            return _is_public(embedded)
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UnsafeWebhookUrl(_("Không phân giải được tên miền của địa chỉ nhận."))
    return sorted({info[4][0] for info in infos})


def check_webhook_url(url: str) -> list[str]:
    """Refuse what may not receive webhooks; the checked addresses (empty in development: not pinned)."""
    allow_private = settings.API_WEBHOOK_ALLOW_PRIVATE
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeWebhookUrl(_("Địa chỉ nhận không hợp lệ."))
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise UnsafeWebhookUrl(_("Địa chỉ nhận phải dùng HTTPS."))
    if not parts.hostname:
        raise UnsafeWebhookUrl(_("Địa chỉ nhận không có tên máy chủ."))
    if parts.username or parts.password:
        raise UnsafeWebhookUrl(_("Địa chỉ nhận không được chứa tên đăng nhập hoặc mật khẩu."))
    if allow_private:
        return []
    host = parts.hostname
    try:
        candidates = [str(ipaddress.ip_address(host))]
    except ValueError:
        candidates = _resolve(host, port or 443)
    if not candidates:
        raise UnsafeWebhookUrl(_("Không phân giải được tên miền của địa chỉ nhận."))
    for candidate in candidates:
        if not _is_public(ipaddress.ip_address(candidate.split("%", 1)[0])):
            raise UnsafeWebhookUrl(
                _(
                    "Địa chỉ nhận trỏ tới mạng nội bộ, loopback hoặc link-local (%(address)s): không được phép."
                )
                % {"address": candidate}
            )
    return candidates
