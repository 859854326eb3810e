"""Celery tasks of the API: webhook attempts, the beat task queueing due retries, the log retention."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(acks_late=True)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt; a failure sets the delivery's next attempt (1, 2, 4… minutes), which `retry_webhooks` queues.

    Idempotent: a delivery already delivered or failed is left alone (receivers de-duplicate by X-SMEdx-Delivery
    should a worker die between the POST and the log)."""
    from smedx_portal.api.webhooks import webhook_deliver

    outcome = webhook_deliver(delivery_id)
    if outcome.attempt is None:
        return "skipped"
    return "delivered" if outcome.succeeded else ("retrying" if outcome.retry else "failed")


@shared_task
def retry_webhooks() -> int:
    """Every minute (beat): queue the deliveries whose next attempt is due."""
    from smedx_portal.api.webhooks import webhook_due_ids

    ids = webhook_due_ids()
    for delivery_id in ids:
        deliver_webhook.delay(delivery_id)
    return len(ids)


@shared_task
def purge_api_logs() -> dict[str, int]:
    """Delete API calls older than API_LOG_RETENTION_DAYS and finished webhook deliveries older than
    API_WEBHOOK_LOG_RETENTION_DAYS, in batches (no long lock on a large table)."""
    from smedx_portal.api.webhooks import webhook_log_purge
    from smedx_portal.models import ApiCall

    now = timezone.now()
    calls_before = now - datetime.timedelta(days=settings.API_LOG_RETENTION_DAYS)
    calls = 0
    while True:
        batch = list(ApiCall.objects.filter(created_at__lt=calls_before).values_list("pk", flat=True)[:5000])
        if not batch:
            break
        calls += ApiCall.objects.filter(pk__in=batch).delete()[0]
    deliveries = webhook_log_purge(
        older_than=now - datetime.timedelta(days=settings.API_WEBHOOK_LOG_RETENTION_DAYS)
    )
    return {"calls": calls, "deliveries": deliveries}
