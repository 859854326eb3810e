from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from smedx_portal.models import AuditEntry


def audit_log(
    *, actor: Any | None, obj: models.Model, action: str, reason: str = "", data: dict | None = None
) -> AuditEntry:
    """Record a staff or system decision on `obj`. Call it inside the decision's transaction."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        reason=reason,
        data=data or {},
    )
