"""Webhooks: an owner (a provider organisation) sets an HTTPS URL and gets a secret; events are delivered as
JSON, signed, retried with exponential backoff for about a day, and logged attempt by attempt.

Signature (documented in the API description, verified in the tests by an independent implementation):

    X-SMEdx-Timestamp: <Unix time in seconds of this attempt>
    X-SMEdx-Signature: v1=<hex HMAC-SHA256(key=secret, message=timestamp + "." + raw body)>

No SSRF: outside development the URL must be https, and every address its host resolves to must be public
(no private, loopback, link-local, multicast or reserved range); the connection then goes to the address that
was checked (no second DNS answer in between), and redirects are not followed.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smedx_portal.models import WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from smedx_portal.services import audit_log

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


# --- endpoints ----------------------------------------------------------------------------------------------
def _owner_filter(owner: models.Model) -> dict:
    return {"owner_content_type": ContentType.objects.get_for_model(owner), "owner_object_id": str(owner.pk)}


def webhook_endpoint_of(owner: models.Model) -> WebhookEndpoint | None:
    return WebhookEndpoint.objects.filter(**_owner_filter(owner)).first()


@dataclass(frozen=True)
class EndpointChange:
    endpoint: WebhookEndpoint
    secret: str | None  # the new secret, shown once (on creation and rotation)


@transaction.atomic
def webhook_endpoint_set(*, owner: models.Model, url: str, is_active: bool = True) -> EndpointChange:
    """Create or change the owner's endpoint. A new endpoint gets a new secret; a changed URL keeps it."""
    check_webhook_url(url)
    endpoint = WebhookEndpoint.objects.select_for_update().filter(**_owner_filter(owner)).first()
    secret = None
    if endpoint is None:
        secret = new_secret()
        endpoint = WebhookEndpoint(**_owner_filter(owner), secret=secret)
    endpoint.url = url
    endpoint.is_active = is_active
    endpoint.full_clean()
    endpoint.save()
    return EndpointChange(endpoint=endpoint, secret=secret)


@transaction.atomic
def webhook_endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> EndpointChange:
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    return EndpointChange(endpoint=endpoint, secret=endpoint.secret)


@transaction.atomic
def webhook_endpoint_delete(*, owner: models.Model) -> bool:
    deleted, _counts = WebhookEndpoint.objects.filter(**_owner_filter(owner)).delete()
    return bool(deleted)


# --- events -------------------------------------------------------------------------------------------------
def webhook_enabled(owner: models.Model) -> bool:
    """Whether the owner has an active endpoint (callers skip building a payload nobody receives)."""
    return WebhookEndpoint.objects.filter(**_owner_filter(owner), is_active=True).exists()


def subject_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def webhook_emit(
    *, owner: models.Model, event: str, payload: dict[str, Any], subject: models.Model | None = None
) -> WebhookDelivery | None:
    """Queue `event` for the owner's active endpoint (none: nothing). Call inside the change's transaction:
    the delivery row commits with it and the Celery task is queued on commit. `subject` (what the event is
    about) lets a person's deletion find the deliveries that carry their data."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    endpoint = WebhookEndpoint.objects.filter(**_owner_filter(owner), is_active=True).first()
    if endpoint is None:
        return None
    event_id = uuid.uuid4()
    body = json.dumps(
        {"id": str(event_id), "event": event, "created_at": timezone.now().isoformat(), "data": payload},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event=event,
        body=body,
        subject_key=subject_key(subject) if subject is not None else "",
        next_attempt_at=timezone.now(),
    )
    _queue(delivery.pk)
    return delivery


def _queue(delivery_id: int) -> None:
    from smedx_portal.api.tasks import deliver_webhook

    transaction.on_commit(lambda: deliver_webhook.delay(delivery_id))


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery, actor: Any | None) -> WebhookDelivery:
    """Staff's "send again": a new series of attempts (with its own retries) for the same event."""
    delivery.status = WebhookDeliveryStatus.PENDING
    delivery.series_attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "series_attempts", "next_attempt_at"])
    audit_log(actor=actor, obj=delivery, action="webhook.redeliver")
    _queue(delivery.pk)
    return delivery


# --- delivery -----------------------------------------------------------------------------------------------
def retry_delay(retries_done: int) -> int:
    """Seconds before retry number `retries_done + 1`: 1, 2, 4, … minutes, at most API_WEBHOOK_RETRY_MAX_DELAY.

    Retries are not Celery countdowns (an ETA of hours outlives Redis's visibility timeout and gets delivered
    twice): the delivery keeps `next_attempt_at`, and a beat task queues the due ones every minute."""
    return min(
        settings.API_WEBHOOK_RETRY_BASE_SECONDS * 2**retries_done, settings.API_WEBHOOK_RETRY_MAX_DELAY
    )


def retry_schedule() -> list[int]:
    return [retry_delay(n) for n in range(settings.API_WEBHOOK_MAX_RETRIES)]


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked (not a second DNS answer)."""

    def __init__(self, host: str, port: int, *, address: str | None, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection(
            (self.address or self.host, self.port), self.timeout, self.source_address
        )


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the address that was checked; TLS still uses the host name (SNI and certificate)."""

    def __init__(self, host: str, port: int, *, address: str | None, timeout: float, context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self.address = address
        self.tls = context

    def connect(self) -> None:
        sock = socket.create_connection(
            (self.address or self.host, self.port), self.timeout, self.source_address
        )
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def _post(url: str, body: bytes, headers: dict[str, str], addresses: list[str]) -> tuple[int, str]:
    parts = urlsplit(url)
    timeout = settings.API_WEBHOOK_TIMEOUT
    address = addresses[0] if addresses else None
    if parts.scheme == "https":
        connection = PinnedHTTPSConnection(
            parts.hostname,
            parts.port or 443,
            address=address,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:  # development only (check_webhook_url refuses http elsewhere)
        connection = PinnedHTTPConnection(parts.hostname, parts.port or 80, address=address, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(2048).decode("utf-8", "replace")
        return response.status, excerpt
    finally:
        connection.close()


@dataclass(frozen=True)
class AttemptOutcome:
    attempt: WebhookAttempt | None
    succeeded: bool
    retry: bool  # another attempt is scheduled (next_attempt_at)


RETRYABLE = (WebhookDeliveryStatus.PENDING, WebhookDeliveryStatus.RETRYING)


def webhook_deliver(delivery_id: int) -> AttemptOutcome:
    """One attempt: sign with a fresh timestamp, POST, log it, and set the delivery's status and next attempt.

    After API_WEBHOOK_MAX_RETRIES retries the delivery fails; an unsafe URL or a paused endpoint fails at once.
    """
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status not in RETRYABLE:
        return AttemptOutcome(
            attempt=None, succeeded=delivery is not None and delivery.status == "succeeded", retry=False
        )
    endpoint = delivery.endpoint
    now = timezone.now()
    timestamp = int(time.time())
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.event_id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
    }
    status_code, error, excerpt, permanent = None, "", "", False
    started = time.monotonic()
    if not endpoint.is_active:
        error, permanent = str(_("Địa chỉ nhận đã bị tắt.")), True
    else:
        try:
            addresses = check_webhook_url(endpoint.url)
            status_code, excerpt = _post(endpoint.url, body, headers, addresses)
        except UnsafeWebhookUrl as exc:
            error, permanent = str(exc.message), True
        except (OSError, http.client.HTTPException) as exc:  # refused, timeout, TLS, protocol
            error = f"{type(exc).__name__}: {exc}"
    duration_ms = int((time.monotonic() - started) * 1000)
    succeeded = status_code is not None and 200 <= status_code < 300
    if not succeeded and not error:
        error = f"HTTP {status_code}"

    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        delivery.series_attempts += 1
        attempt = WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            attempted_at=now,
            url=endpoint.url[:500],
            status_code=status_code,
            error=error[:500],
            response_excerpt=excerpt[:500],
            duration_ms=duration_ms,
        )
        retries_done = delivery.series_attempts - 1
        retry = not succeeded and not permanent and retries_done < settings.API_WEBHOOK_MAX_RETRIES
        delivery.last_attempt_at = now
        delivery.last_status_code = status_code
        delivery.last_error = "" if succeeded else error[:500]
        if succeeded:
            delivery.status = WebhookDeliveryStatus.SUCCEEDED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        elif retry:
            delivery.status = WebhookDeliveryStatus.RETRYING
            delivery.next_attempt_at = now + datetime.timedelta(seconds=retry_delay(retries_done))
        else:
            delivery.status = WebhookDeliveryStatus.FAILED
            delivery.next_attempt_at = None
        delivery.save()
    return AttemptOutcome(attempt=attempt, succeeded=succeeded, retry=retry)


CLAIM_SECONDS = (
    15 * 60
)  # a queued retry is not queued again for this long (a lost worker is covered after it)


def webhook_due_ids(*, limit: int = 500) -> list[int]:
    """Claim the retries that are due: push their next attempt time ahead, so the next beat skips them."""
    now = timezone.now()
    with transaction.atomic():
        due = WebhookDelivery.objects.filter(status__in=RETRYABLE, next_attempt_at__lte=now).order_by(
            "next_attempt_at"
        )
        if connection_supports_skip_locked():
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        WebhookDelivery.objects.filter(pk__in=ids).update(
            next_attempt_at=now + datetime.timedelta(seconds=CLAIM_SECONDS)
        )
    return ids


def connection_supports_skip_locked() -> bool:
    from django.db import connection

    return connection.features.has_select_for_update_skip_locked


# --- retention ----------------------------------------------------------------------------------------------
def webhook_log_purge(*, older_than: datetime.datetime) -> int:
    finished = [WebhookDeliveryStatus.SUCCEEDED, WebhookDeliveryStatus.FAILED]
    deleted, _counts = WebhookDelivery.objects.filter(created_at__lt=older_than, status__in=finished).delete()
    return deleted
