"""An owner's webhook endpoint (set, rotate the secret, delete) and the events queued for it."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from smedx_portal.api.webhooks.signing import EVENTS, check_webhook_url, new_secret
from smedx_portal.models import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from smedx_portal.services import audit_log


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
