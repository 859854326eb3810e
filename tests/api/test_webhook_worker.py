"""Webhooks through a real Celery worker on Redis: queued on commit, retried from the beat task, logged."""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from django.utils import timezone

from smedx_portal.api.tasks import retry_webhooks
from smedx_portal.api.webhooks import webhook_emit, webhook_endpoint_set
from smedx_portal.models import WebhookDelivery
from tests.factories import UserFactory


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the worker")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_retries_and_logs(celery_worker, webhook_receiver):
    owner = UserFactory()  # any model can own an endpoint; a user needs no reference data
    webhook_endpoint_set(owner=owner, url=webhook_receiver.url)
    webhook_receiver.statuses = [503]
    with transaction.atomic():
        delivery = webhook_emit(owner=owner, event="usage_registration.created", payload={"id": 1})
    wait_for(lambda: WebhookDelivery.objects.filter(pk=delivery.pk, status="retrying").exists())

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert retry_webhooks.delay().get(timeout=30) == 1
    wait_for(lambda: WebhookDelivery.objects.filter(pk=delivery.pk, status="succeeded").exists())
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [503, 200]
    assert len(webhook_receiver.received) == 2
