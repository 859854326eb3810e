"""The working group's decisions: the list (members see all, everyone else the published ones), one
decision, publishing, ending the pilot, the year's classification."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment.models import FROZEN_STATUSES, CriteriaApproval
from programmes import access
from programmes.forms import ClassificationForm, PilotEndForm
from programmes.models import Decision, DecisionKind, ProvinceReport, ReportPeriod, ReportStatus
from programmes.services import group as services
from programmes.views.common import error_messages, programme_arg, run_action
from smedx_portal.phases import phase_state
from smedx_portal.programmes import short_name


def _visible_approvals(user):
    """The criteria app's approvals of criteria versions: the working group's decision on the criteria, one
    record there (members see all of their programmes'; everyone else those of published versions)."""
    approvals = CriteriaApproval.objects.select_related("criteria_set", "approved_by").order_by(
        "-approved_at"
    )
    if services.is_member(user):
        return approvals.filter(criteria_set__programme__in=access.programmes_for(user))
    return approvals.filter(criteria_set__status__in=FROZEN_STATUSES)


def _visible_decisions(user):
    if services.is_member(user):
        return Decision.objects.filter(programme__in=access.programmes_for(user))
    return Decision.objects.published()


def decision_list(request):
    member = services.is_member(request.user)
    decisions = _visible_decisions(request.user).select_related("decided_by", "plan__province")
    kind = request.GET.get("kind", "")
    if kind in DecisionKind.values:
        decisions = decisions.filter(kind=kind)
    return render(
        request,
        "programmes/decision_list.html",
        {
            "decisions": decisions[:200],
            "approvals": _visible_approvals(request.user)[:100] if not kind else [],
            "member": member,
            "kind": kind,
            "kinds": DecisionKind.choices,
            "programmes": [(code, short_name(code)) for code in access.programmes_for(request.user)]
            if member
            else [],
        },
    )


def _decision_or_404(request, pk: int) -> Decision:
    decision = get_object_or_404(
        _visible_decisions(request.user).select_related("decided_by", "plan__province"), pk=pk
    )
    return decision


def decision_detail(request, pk: int):
    decision = _decision_or_404(request, pk)
    member = services.is_member(request.user)
    return render(
        request,
        "programmes/decision_detail.html",
        {
            "decision": decision,
            "can_publish": member
            and decision.published_at is None
            and access.can_review(request.user, decision.programme),
            "rows": decision.data.get("rows", []),
        },
    )


def decision_document(request, pk: int):
    decision = _decision_or_404(request, pk)
    if not decision.document:
        raise Http404
    return FileResponse(decision.document.open("rb"), content_type="application/pdf")


@login_required
@require_POST
def decision_publish(request, pk: int):
    decision = _decision_or_404(request, pk)
    return run_action(
        request, services.decision_publish, _("Đã công bố quyết định."), fallback=decision, decision=decision
    )


def _require_decider(request, programme: str) -> None:
    if not (access.can_review(request.user, programme) and services.is_member(request.user)):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def pilot_end(request, programme: str):
    programme = programme_arg(programme)
    _require_decider(request, programme)
    state = phase_state(programme, None)
    pilot_codes = state.phase.province_codes if state.in_pilot else []
    reports = ProvinceReport.objects.filter(
        programme=programme,
        period=ReportPeriod.FINAL,
        status=ReportStatus.ACCEPTED,
        superseded_at__isnull=True,
        province_id__in=pilot_codes,
    ).select_related("province")
    form = PilotEndForm(request.POST or None, request.FILES or None, programme=programme, reports=reports)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.pilot_end(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, items in error_messages(error).items():
                form.add_error(name if name in form.fields else None, items)
        else:
            return redirect(decision)
    return render(
        request,
        "programmes/pilot_end.html",
        {"form": form, "programme": programme, "state": state},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def classification(request, programme: str):
    programme = programme_arg(programme)
    _require_decider(request, programme)
    form = ClassificationForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year - 1}
    )
    year = timezone.localdate().year - 1
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        if "publish" in request.POST:
            try:
                decision = services.classification_publish(
                    actor=request.user,
                    programme=programme,
                    year=year,
                    document=form.cleaned_data["document"],
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                for items in error_messages(error).values():
                    form.add_error(None, items)
            else:
                return redirect(decision)
    return render(
        request,
        "programmes/classification.html",
        {
            "form": form,
            "programme": programme,
            "year": year,
            "rows": services.classification_compute(programme, year),
        },
        status=400 if form.errors else 200,
    )
