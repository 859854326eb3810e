"""Delivering an event: one attempt to the checked address (no second DNS answer, no redirects), retries with exponential backoff, the due deliveries."""

from __future__ import annotations

import datetime
import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smedx_portal.api.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    USER_AGENT,
    UnsafeWebhookUrl,
    check_webhook_url,
    sign,
)
from smedx_portal.models import WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus


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
