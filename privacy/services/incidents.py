"""The register of personal-data breaches, with the 72-hour clock to notify the Ministry of Public Security."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy.models import Incident, IncidentState
from smedx_portal.services import audit_log


@transaction.atomic
def incident_record(*, actor: Any, data: dict[str, Any]) -> Incident:
    incident = Incident(recorded_by=actor, **data)
    incident.full_clean()
    incident.save()
    audit_log(actor=actor, obj=incident, action="privacy.incident.record", reason=incident.title)
    return incident


@transaction.atomic
def incident_notified(
    *,
    incident: Incident,
    actor: Any,
    reference: str,
    when: datetime.datetime | None = None,
    close: bool = False,
) -> Incident:
    """The authority was notified (with the letter's reference); optionally the incident is closed too."""
    if not (reference or "").strip():
        raise ValidationError({"notification_reference": _("Cần ghi số/ký hiệu văn bản thông báo.")})
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    now = timezone.now()
    incident.notified_at = incident.notified_at or when or now
    incident.notification_reference = reference.strip()
    incident.state = IncidentState.CLOSED if close else IncidentState.NOTIFIED
    if close:
        incident.closed_at = now
    incident.save()
    audit_log(
        actor=actor,
        obj=incident,
        action="privacy.incident.notified",
        reason=incident.notification_reference,
        data={"clock": incident.clock(now), "closed": close},
    )
    return incident
