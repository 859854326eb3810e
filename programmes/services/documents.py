"""PDFs of plans (WeasyPrint, through the core's renderer)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from businesses.models import BusinessKind
from programmes.models import Decision, ProvincePlan
from programmes.selectors import PROGRAMME_KINDS, ward_progress
from smedx_portal.pdf import render_pdf


def plan_pdf(plan: ProvincePlan) -> bytes:
    return render_pdf(
        "programmes/plan_pdf.html",
        {
            "plan": plan,
            "wards": ward_progress(plan),
            "kinds": [(kind, BusinessKind(kind).label) for kind in PROGRAMME_KINDS[plan.programme]],
            "milestones": list(plan.milestones.all()),
            "printed_at": timezone.now(),
        },
    )


def decision_attach_plan_pdf(*, decision_id: int) -> None:
    """Attach the approved plan's PDF to its approval decision (idempotent)."""
    decision = Decision.objects.select_related("plan__province").get(pk=decision_id)
    if decision.plan is None or decision.document:
        return
    name = f"ke-hoach-{decision.plan.province_id}-{decision.programme.lower()}-{decision.plan.year}.pdf"
    decision.document.save(name, ContentFile(plan_pdf(decision.plan)), save=True)
