"""The programmes' home for staff: what to do next, by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from programmes import access
from programmes.models import (
    PlanStatus,
    PolicyComment,
    ProgressAlert,
    ProvincePlan,
    ProvinceReport,
    ReportStatus,
)
from programmes.services.group import is_member
from smedx_portal.phases import phase_state
from smedx_portal.programmes import short_name


@login_required
def index(request):
    programmes = access.programmes_for(request.user)
    if not programmes:
        raise PermissionDenied
    user = request.user
    province_id = user.province_id if access.is_officer(user) else None
    year = timezone.localdate().year
    return render(
        request,
        "programmes/index.html",
        {
            "programmes": [
                {"code": code, "name": short_name(code), "phase": phase_state(code, province_id)}
                for code in programmes
            ],
            "year": year,
            "national": access.is_national(user),
            "member": is_member(user),
            "plans": access.scope(ProvincePlan.objects.select_related("province"), user).filter(year=year),
            "plans_to_review": access.scope(ProvincePlan.objects, user)
            .filter(status=PlanStatus.SENT)
            .count(),
            "comments_to_answer": PolicyComment.objects.filter(
                question__consultation__programme__in=programmes,
                question__consultation__summary_published_at__isnull=True,
                answer="",
            ).count()
            if access.is_national(user)
            else 0,
            "reports_to_review": access.scope(ProvinceReport.objects, user)
            .filter(status=ReportStatus.SUBMITTED)
            .count(),
            "alerts": access.scope(
                ProgressAlert.objects.select_related("plan__province"),
                user,
                province_field="plan__province",
                programme_field="plan__programme",
            ).filter(closed_at__isnull=True),
        },
    )
