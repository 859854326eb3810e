"""Reports to the ministry: a province's list and new report, one report's page and its review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from programmes import access
from programmes.forms import CommentForm, NarrativeForm, ReportCreateForm
from programmes.models import FollowUpStep, ProvinceReport, ReportPeriod
from programmes.services import reports as services
from programmes.views.common import error_messages, review_steps, run_action, visible_or_404
from smedx_portal.models import AuditEntry
from smedx_portal.programmes import Programme


def _period_from(request) -> tuple[str, int, str]:
    today = timezone.localdate()
    programmes = access.programmes_for(request.user)
    programme = request.GET.get("programme", "").upper()
    programme = programme if programme in programmes else programmes[0]
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    period = request.GET.get("period", "")
    return programme, year, period if period in ReportPeriod.values else f"Q{(today.month - 1) // 3 + 1}"


@login_required
def report_list(request):
    if not access.programmes_for(request.user):
        raise PermissionDenied
    programme, year, period = _period_from(request)
    reports = access.scope(ProvinceReport.objects.select_related("province"), request.user).filter(
        programme=programme, year=year
    )
    national = access.is_national(request.user)
    context = {
        "programme": programme,
        "programmes": [
            (code, label) for code, label in Programme.choices if code in access.programmes_for(request.user)
        ],
        "year": year,
        "period": period,
        "periods": ReportPeriod.choices,
        "reports": reports.order_by("period", "province__name", "-version"),
        "national": national,
        "deadline": services.deadline(year, period),
        "missing": services.missing_reports(programme=programme, year=year, period=period)
        if national
        else [],
        "form": ReportCreateForm(
            programmes=access.programmes_for(request.user),
            initial={"programme": programme, "year": year, "period": period},
        )
        if access.is_officer(request.user)
        else None,
    }
    return render(request, "programmes/report_list.html", context)


@login_required
@require_POST
def report_create(request):
    if not access.is_officer(request.user):
        raise PermissionDenied
    form = ReportCreateForm(request.POST, programmes=access.programmes_for(request.user))
    if not form.is_valid():
        messages.error(request, _("Chọn chương trình, năm và kỳ báo cáo hợp lệ."))
        return redirect("programmes:report_list")
    try:
        report = services.report_create(
            actor=request.user, province_id=request.user.province_id, **form.cleaned_data
        )
    except ValidationError as error:
        for items in error_messages(error).values():
            for message in items:
                messages.error(request, message)
        return redirect("programmes:report_list")
    return redirect(report)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    report = visible_or_404(request, ProvinceReport, pk, select=("submitted_by", "reviewed_by", "corrects"))
    is_officer = access.is_officer(request.user)
    form = NarrativeForm(instance=report)
    if request.method == "POST":
        if not is_officer:
            raise PermissionDenied
        form = NarrativeForm(request.POST, instance=ProvinceReport.objects.get(pk=report.pk))
        if form.is_valid():
            try:
                services.report_update(
                    report=report, actor=request.user, narrative=form.cleaned_data["narrative"]
                )
            except ValidationError as error:
                for items in error_messages(error).values():
                    form.add_error(None, items)
            else:
                if "submit" in request.POST:
                    return run_action(
                        request,
                        services.report_submit,
                        _("Đã gửi báo cáo lên Bộ."),
                        fallback=report,
                        report=report,
                    )
                messages.success(request, _("Đã lưu báo cáo."))
                return redirect(report)
    context = {
        "report": report,
        "form": form,
        "is_officer": is_officer,
        "can_review": access.can_review(request.user, report.programme),
        "comment_form": CommentForm(),
        "follow_ups": [
            (FollowUpStep(step).label if step in FollowUpStep.values else step, count)
            for step, count in report.figures.get("follow_ups", {}).items()
        ],
        "history": AuditEntry.objects.for_object(report).select_related("actor"),
        "versions": ProvinceReport.objects.filter(
            province_id=report.province_id, programme=report.programme, year=report.year, period=report.period
        ).order_by("version"),
    }
    return render(request, "programmes/report_detail.html", context, status=400 if form.errors else 200)


report_submit, report_return, report_accept, report_correct = review_steps(
    ProvinceReport,
    "report",
    (services.report_submit, gettext_lazy("Đã gửi báo cáo lên Bộ."), ()),
    (services.report_return, gettext_lazy("Đã trả lại báo cáo cho tỉnh."), ("comment",)),
    (services.report_accept, gettext_lazy("Đã chấp nhận báo cáo."), ("comment",)),
    (services.report_correct, gettext_lazy("Đã lập bản đính chính: sửa rồi gửi lại."), ()),
)
