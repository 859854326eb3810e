"""Progress against the plans: the national table of all provinces and one province's dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from businesses.models import BusinessKind, Province
from programmes import access
from programmes.models import PlanStatus, ProgressAlert, ProvincePlan
from programmes.selectors import PROGRAMME_KINDS, national_progress, ward_progress, weekly_progress
from programmes.views.common import programme_arg
from smedx_portal.phases import phase_state


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def national(request, programme: str):
    programme = programme_arg(programme)
    access.require_programme(request.user, programme)
    if not access.is_national(request.user):
        if access.is_officer(request.user):
            return redirect(
                "programmes:province_progress", programme=programme.lower(), province=request.user.province_id
            )
        raise PermissionDenied
    year = _year(request)
    rows = national_progress(programme, year, today=timezone.localdate())
    alerts = ProgressAlert.objects.filter(
        closed_at__isnull=True, plan__programme=programme, plan__year=year
    ).select_related("plan__province")
    # Two links a row: their common prefixes reversed once (the province's page lies under this page's
    # URL, a plan's under the plan list's), not 2 × 34 `{% url %}` tags (half the table's rendering time).
    return render(
        request,
        "programmes/national_progress.html",
        {
            "programme": programme,
            "year": year,
            "rows": rows,
            "alerts": alerts,
            "progress_base": reverse("programmes:national_progress", args=[programme.lower()]),
            "plan_base": reverse("programmes:plan_list"),
        },
    )


@login_required
def province(request, programme: str, province: int):
    programme = programme_arg(programme)
    access.require_programme(request.user, programme)
    if not access.can_see(request.user, province_id=province, programme=programme):
        raise Http404
    place = Province.objects.filter(pk=province).first()
    if place is None:
        raise Http404
    year = _year(request)
    plan = ProvincePlan.objects.filter(province_id=province, programme=programme, year=year).first()
    approved = plan is not None and plan.status == PlanStatus.APPROVED
    return render(
        request,
        "programmes/province_progress.html",
        {
            "programme": programme,
            "province": place,
            "year": year,
            "plan": plan,
            "approved": approved,
            "kinds": [(kind, BusinessKind(kind).label) for kind in PROGRAMME_KINDS[programme]],
            "wards": ward_progress(plan) if approved else [],
            "weeks": weekly_progress(province, programme, year),
            "alerts": plan.alerts.all()[:10] if plan else [],
            "phase": phase_state(programme, province),
        },
    )
