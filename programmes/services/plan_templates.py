"""The ministry's template plan: each publication is a new version (a published template never changes, so
the plans started from it keep what they were started from). Ministry staff publish both programmes'
templates, MoIT staff RDX's."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes import access
from programmes.models import PlanTemplate
from smedx_portal.services import audit_log

TEMPLATE_FIELDS = (
    "year",
    "title",
    "survey_share",
    "reach_per_business",
    "try_share",
    "businesses_per_training",
    "workshops",
    "businesses_per_expert",
    "resources",
    "milestones",
)


def latest_template(programme: str) -> PlanTemplate | None:
    return (
        PlanTemplate.objects.filter(programme=programme, published_at__isnull=False)
        .order_by("-year", "-version")
        .first()
    )


def can_publish(user, programme: str) -> bool:
    return access.can_review(user, programme)


@transaction.atomic
def template_publish(*, actor: Any, programme: str, values: dict[str, Any]) -> PlanTemplate:
    """Publish the next version of the programme's template for `values["year"]`, revising the latest one."""
    if not can_publish(actor, programme):
        raise PermissionDenied
    year = values["year"]
    last = PlanTemplate.objects.filter(programme=programme, year=year).aggregate(v=Max("version"))["v"] or 0
    template = PlanTemplate(
        programme=programme,
        version=last + 1,
        revised_from=latest_template(programme),
        published_at=timezone.now(),
        published_by=actor,
        **{name: values[name] for name in TEMPLATE_FIELDS},
    )
    template.full_clean()
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Một phiên bản vừa được công bố cùng lúc: mở lại trang và thử lại.")
        ) from error
    audit_log(
        actor=actor,
        obj=template,
        action="plan_template.publish",
        data={"programme": programme, "year": year, "version": template.version},
    )
    return template
