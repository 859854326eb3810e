"""The business's DX plan: made from a result, kept by its representatives (page and PDF); staff in scope
may read it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessment import selectors
from assessment.models import Assessment, DxPlan, DxPlanStep
from assessment.services.plans import can_edit_plan, plan_create, plan_progress, plan_step_update
from assessment.services.results import assessment_result
from assessment.structure import structure_for
from assessment.timeline import version_label
from businesses.selectors import represented_business_or_404, visible_business_or_404
from platforms.selectors import trial_possible_ids
from smedx_portal.forms import parse_date
from smedx_portal.pdf import render_pdf
from smedx_portal.programmes import Programme


@login_required
@require_POST
def make(request, pk: int):
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    represented_business_or_404(request.user, assessment.business_id)
    plan = plan_create(assessment=assessment, actor=request.user)
    messages.success(request, _("Đã lưu kế hoạch chuyển đổi số của bạn."))
    return redirect("assessment:plan", business=plan.business_id, programme=plan.programme)


def _plan_context(request, business_pk: int, programme: str) -> dict:
    if programme not in Programme.values:
        raise Http404
    business = visible_business_or_404(request.user, business_pk)
    plan = get_object_or_404(
        DxPlan.objects.select_related("assessment__criteria_set"), business=business, programme=programme
    )
    latest = (
        Assessment.objects.submitted()
        .filter(business=business, programme=programme, submitted_at__gt=plan.assessment.submitted_at)
        .select_related("criteria_set", "business__sector")
        .order_by("-submitted_at")
        .first()
    )
    shares, structure = {}, structure_for(plan.assessment.criteria_set)
    if latest is not None:
        structure, shares = structure_for(latest.criteria_set), assessment_result(latest).shares
    steps = plan.steps.select_related("expert").prefetch_related("platforms")
    plan.step_list = list(steps)
    progress = plan_progress(plan, structure, shares) if latest is not None else []
    can_edit = can_edit_plan(request.user, business)
    planned = [platform.pk for step in plan.step_list for platform in step.platforms.all()]
    return {
        "business": business,
        "plan": plan,
        "steps": plan.step_list,
        "latest": latest,
        "progress": progress,
        "done_count": sum(1 for step in plan.step_list if step.is_done),
        "version_label": version_label(plan.assessment.criteria_set),
        "can_edit": can_edit,
        # the plan's platforms its representative may ask to try now (selected, shown, none open)
        "trial_ids": trial_possible_ids(business, planned) if can_edit else set(),
    }


@login_required
@require_GET
def plan(request, business: int, programme: str):
    return render(request, "assessment/plan.html", _plan_context(request, business, programme))


@login_required
@require_GET
def plan_pdf(request, business: int, programme: str):
    context = _plan_context(request, business, programme)
    response = HttpResponse(render_pdf("assessment/plan_pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ke-hoach-chuyen-doi-so-{business}-{programme}.pdf"'
    return response


@login_required
@require_POST
def step(request, pk: int):
    row = get_object_or_404(DxPlanStep.objects.select_related("plan__business"), pk=pk)
    represented_business_or_404(request.user, row.plan.business_id)
    due_date = None
    raw_date = request.POST.get("due_date", "").strip()
    if raw_date:
        due_date = parse_date(raw_date)
        if due_date is None:
            messages.error(request, _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 06/12/2026."))
            return redirect("assessment:plan", business=row.plan.business_id, programme=row.plan.programme)
    try:
        plan_step_update(
            step=row,
            actor=request.user,
            done=request.POST.get("done") == "1",
            title=request.POST.get("title"),
            due_date=due_date,
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Đã lưu bước “%(title)s”.") % {"title": row.title})
    return redirect("assessment:plan", business=row.plan.business_id, programme=row.plan.programme)
