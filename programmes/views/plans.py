"""Province plans: list, start from the template, edit, send, return, approve, revise, PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from businesses.models import BusinessKind, Ward
from programmes import access
from programmes.forms import MILESTONE_ROWS, CommentForm, PlanStartForm, ReasonForm, parse_plan_post
from programmes.models import PlanStatus, ProvincePlan
from programmes.selectors import PROGRAMME_KINDS, plan_history, ward_progress
from programmes.services import plans as services
from programmes.services.documents import plan_pdf
from programmes.services.group import is_member
from programmes.views.common import error_messages, review_steps, run_action, visible_or_404
from smedx_portal.phases import phase_state


def _require_any_programme(user) -> None:
    if not access.programmes_for(user):
        raise PermissionDenied


@login_required
def plan_list(request):
    _require_any_programme(request.user)
    plans = access.scope(ProvincePlan.objects.select_related("province"), request.user)
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    form = PlanStartForm(
        programmes=access.programmes_for(request.user), initial={"year": timezone.localdate().year}
    )
    return render(
        request,
        "programmes/plan_list.html",
        {
            "plans": plans.order_by("-year", "programme", "province__name")[:200],
            "status": status,
            "statuses": PlanStatus.choices,
            "form": form if access.is_officer(request.user) else None,
        },
    )


@login_required
@require_POST
def plan_start(request):
    if not access.is_officer(request.user):
        raise PermissionDenied
    form = PlanStartForm(request.POST, programmes=access.programmes_for(request.user))
    if not form.is_valid():
        messages.error(request, _("Chọn chương trình và năm hợp lệ."))
        return redirect("programmes:plan_list")
    plan = services.plan_start(
        actor=request.user,
        province_id=request.user.province_id,
        programme=form.cleaned_data["programme"],
        year=form.cleaned_data["year"],
    )
    return redirect("programmes:plan_edit", pk=plan.pk)


def _plan_context(request, plan: ProvincePlan) -> dict:
    phase = phase_state(plan.programme, plan.province_id)
    return {
        "plan": plan,
        "kinds": [(kind, BusinessKind(kind).label) for kind in PROGRAMME_KINDS[plan.programme]],
        "phase": phase,
        "pilot_notice": services.pilot_notice(plan, phase),
        "is_officer": access.is_officer(request.user),
        "can_review": access.can_review(request.user, plan.programme),
        "can_decide": access.can_review(request.user, plan.programme) and is_member(request.user),
    }


@login_required
def plan_detail(request, pk: int):
    plan = visible_or_404(request, ProvincePlan, pk, select=("template", "decided_by"))
    context = _plan_context(request, plan)
    context.update(
        wards=ward_progress(plan),
        milestones=plan.milestones.all(),
        history=plan_history(plan),
        decisions=plan.decisions.order_by("-decided_at"),
        comment_form=CommentForm(),
        reason_form=ReasonForm(),
    )
    return render(request, "programmes/plan_detail.html", context)


def _edit_rows(plan: ProvincePlan, raw: dict[str, str] | None) -> tuple[list[dict], list[dict]]:
    """Every ward of the province with an input per business type, and the timeline rows, showing what
    was posted (after a refusal) or what is stored."""
    stored = {
        f"target-{ward}-{kind}": str(value)
        for ward, kind, value in plan.targets.values_list("ward_id", "kind", "target")
    }
    values = raw if raw is not None else stored
    kinds = PROGRAMME_KINDS[plan.programme]
    wards = [
        {
            "code": code,
            "name": name,
            "cells": [(f"target-{code}-{kind}", values.get(f"target-{code}-{kind}", "")) for kind in kinds],
        }
        for code, name in Ward.objects.filter(province_id=plan.province_id)
        .order_by("name")
        .values_list("code", "name")
    ]
    milestones = list(plan.milestones.all())
    timeline = []
    for index in range(MILESTONE_ROWS):
        if raw is not None:
            date, count = raw.get(f"milestone-{index}-date", ""), raw.get(f"milestone-{index}-surveyed", "")
        elif index < len(milestones):
            date, count = milestones[index].due_on.strftime("%d/%m/%Y"), str(milestones[index].surveyed)
        else:
            date, count = "", ""
        timeline.append({"index": index, "date": date, "surveyed": count})
    return wards, timeline


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = visible_or_404(request, ProvincePlan, pk)
    if not access.is_officer(request.user):
        raise PermissionDenied
    if not plan.is_editable:
        messages.info(request, _("Kế hoạch đã gửi hoặc đã được phê duyệt: không sửa được."))
        return redirect(plan)
    raw, errors, version = None, {}, plan.version
    if request.method == "POST":
        posted = parse_plan_post(request.POST)
        raw, errors = posted.raw, posted.errors
        version = int(request.POST.get("version") or 0)
        if posted.data is not None:
            try:
                saved = services.plan_update(
                    plan=plan, actor=request.user, expected_version=version, data=posted.data
                )
            except ValidationError as error:
                errors = error_messages(error)
            else:
                if "send" in request.POST:
                    return run_action(
                        request,
                        services.plan_send,
                        _("Đã lưu và gửi kế hoạch lên Bộ."),
                        fallback=saved,
                        plan=saved,
                        expected_version=saved.version,
                    )
                messages.success(request, _("Đã lưu kế hoạch."))
                return redirect(plan)
    figures = [
        (
            name,
            ProvincePlan._meta.get_field(name).verbose_name,
            raw[name] if raw is not None else getattr(plan, name),
            errors.get(name, []),
        )
        for name in services.FIGURE_FIELDS
    ]
    wards, timeline = _edit_rows(plan, raw)
    context = _plan_context(request, plan)
    context.update(
        figures=figures,
        resources=raw["resources"] if raw is not None else plan.resources,
        wards=wards,
        timeline=timeline,
        errors=errors,
        version=version,
    )
    return render(request, "programmes/plan_edit.html", context, status=400 if errors else 200)


def _plan_send(*, actor, plan: ProvincePlan, version: str) -> ProvincePlan:
    """Send from the plan's page: the version the officer saw (a stale page is refused)."""
    expected = int(version) if version.isdigit() else plan.version
    return services.plan_send(plan=plan, actor=actor, expected_version=expected)


plan_send, plan_return, plan_approve, plan_reopen = review_steps(
    ProvincePlan,
    "plan",
    (_plan_send, gettext_lazy("Đã gửi kế hoạch lên Bộ."), ("version",)),
    (services.plan_return, gettext_lazy("Đã trả lại kế hoạch cho tỉnh."), ("comment",)),
    (services.plan_approve, gettext_lazy("Tổ công tác đã phê duyệt kế hoạch."), ("comment",)),
    (services.plan_reopen, gettext_lazy("Kế hoạch đã mở lại để điều chỉnh."), ("reason",)),
)


@login_required
def plan_pdf_view(request, pk: int):
    plan = visible_or_404(request, ProvincePlan, pk)
    response = HttpResponse(plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ke-hoach-{plan.province_id}-{plan.programme.lower()}-{plan.year}.pdf"'
    )
    return response
