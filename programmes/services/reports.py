"""Reports to the ministry: created with figures frozen at the cut-off, narrated, submitted once, returned
or accepted; an accepted report is never edited (a correction is a new version)."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Assessment
from businesses.models import Business, Province
from campaigns.models import Event
from campaigns.models.events import EventKind, EventStatus
from platforms.selectors import businesses_that_tried
from programmes import access
from programmes.models import (
    FollowUp,
    OutreachAssignment,
    PlanStatus,
    ProvincePlan,
    ProvinceReport,
    ReportPeriod,
    ReportStatus,
)
from smedx_portal.levels import LEVEL_RANK, Level
from smedx_portal.programmes import Programme
from smedx_portal.services import audit_log

QUARTER_END_MONTH = {ReportPeriod.Q1: 3, ReportPeriod.Q2: 6, ReportPeriod.Q3: 9, ReportPeriod.Q4: 12}


def period_end(year: int, period: str) -> datetime.date:
    month = QUARTER_END_MONTH.get(period, 12)
    return (datetime.date(year, month, 1) + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(
        days=1
    )


def deadline(year: int, period: str) -> datetime.date:
    return period_end(year, period) + datetime.timedelta(days=settings.PROGRAMME_REPORT_DEADLINE_DAYS)


def _end_of(day: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=tz)


def report_figures(*, province_id: int, programme: str, year: int, cut_off: datetime.date) -> dict[str, Any]:
    """The period's figures from the data up to the end of `cut_off` (stored on the report, then frozen)."""
    start, end = _end_of(datetime.date(year, 1, 1) - datetime.timedelta(days=1)), _end_of(cut_off)
    flag = "in_rdx" if programme == Programme.RDX else "in_smedx"
    registered = Business.objects.filter(province_id=province_id, created_at__lt=end, **{flag: True}).count()
    submissions = Assessment.objects.filter(
        programme=programme,
        business__province_id=province_id,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    by_level = {
        row["level"]: row["n"] for row in submissions.values("level").annotate(n=Count("id")).order_by()
    }
    counted = sum(n for level, n in by_level.items() if level in Level.values)
    average = (
        (
            Decimal(
                sum(LEVEL_RANK[Level(level)] * n for level, n in by_level.items() if level in Level.values)
            )
            / counted
        ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if counted
        else None
    )
    plan = ProvincePlan.objects.filter(
        province_id=province_id, programme=programme, year=year, status=PlanStatus.APPROVED
    ).first()
    events = Event.objects.filter(
        Q(programme=programme) | Q(programme=""),
        province_id=province_id,
        starts_at__gte=start,
        starts_at__lt=end,
        status=EventStatus.PUBLISHED,
    )
    assignments = OutreachAssignment.objects.filter(
        province_id=province_id, programme=programme, assigned_at__lt=end
    )
    steps = {
        row["step"]: row["n"]
        for row in FollowUp.objects.filter(assignment__in=assignments, recorded_at__lt=end)
        .values("step")
        .annotate(n=Count("id"))
        .order_by()
    }
    return {
        "registered": registered,
        "surveyed": submissions.values("business_id").distinct().count(),
        "by_level": by_level,
        "average_level": str(average) if average is not None else None,
        "target": plan.survey_total if plan else None,
        "tried_platforms": businesses_that_tried(
            programme=programme, year=year, province_id=province_id
        ).count(),
        "trainings": events.filter(kind=EventKind.TRAINING).count(),
        "workshops": events.exclude(kind=EventKind.TRAINING).count(),
        "assigned": assignments.count(),
        "follow_ups": steps,
    }


def _require_officer(actor: Any, province_id: int, programme: str) -> None:
    if not access.is_officer(actor) or not access.can_see(
        actor, province_id=province_id, programme=programme
    ):
        raise PermissionDenied


def _lock(report: ProvinceReport) -> ProvinceReport:
    return ProvinceReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_create(*, actor: Any, province_id: int, programme: str, year: int, period: str) -> ProvinceReport:
    _require_officer(actor, province_id, programme)
    if period not in ReportPeriod.values:
        raise ValidationError({"period": [_("Kỳ báo cáo không hợp lệ.")]})
    same = ProvinceReport.objects.filter(
        province_id=province_id, programme=programme, year=year, period=period
    )
    if same.exists():
        raise ValidationError(
            {
                "period": [
                    _("Kỳ này đã có báo cáo: mở báo cáo đó (hoặc lập bản đính chính nếu đã được chấp nhận).")
                ]
            }
        )
    cut_off = min(period_end(year, period), timezone.localdate())
    report = ProvinceReport(
        province_id=province_id,
        programme=programme,
        year=year,
        period=period,
        cut_off=cut_off,
        figures=report_figures(province_id=province_id, programme=programme, year=year, cut_off=cut_off),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise ValidationError({"period": [_("Kỳ này đã có báo cáo.")]}) from error
    audit_log(actor=actor, obj=report, action="report.create", data={"cut_off": cut_off.isoformat()})
    return report


@transaction.atomic
def report_update(*, report: ProvinceReport, actor: Any, narrative: str) -> ProvinceReport:
    _require_officer(actor, report.province_id, report.programme)
    report = _lock(report)
    if not report.is_editable:
        raise ValidationError(_("Báo cáo đã gửi hoặc đã được chấp nhận: không sửa được."))
    report.narrative = narrative.strip()
    report.save(update_fields=["narrative", "updated_at"])
    audit_log(actor=actor, obj=report, action="report.edit")
    return report


@transaction.atomic
def report_submit(*, report: ProvinceReport, actor: Any) -> ProvinceReport:
    _require_officer(actor, report.province_id, report.programme)
    report = _lock(report)
    if report.status == ReportStatus.SUBMITTED or report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("Báo cáo kỳ này đã được gửi: không gửi lại lần nữa."))
    if not report.narrative.strip():
        raise ValidationError({"narrative": [_("Cần phần đánh giá, kiến nghị của tỉnh trước khi gửi.")]})
    report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, timezone.now(), actor
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_log(actor=actor, obj=report, action="report.submit")
    return report


def _require_reviewer(actor: Any, report: ProvinceReport) -> None:
    if not access.can_review(actor, report.programme):
        raise PermissionDenied


@transaction.atomic
def report_return(*, report: ProvinceReport, actor: Any, comment: str) -> ProvinceReport:
    _require_reviewer(actor, report)
    if not comment.strip():
        raise ValidationError({"comment": [_("Cần ghi ý kiến để tỉnh sửa báo cáo.")]})
    report = _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được báo cáo đang chờ Bộ xem xét."))
    report.status, report.review_comment = ReportStatus.RETURNED, comment.strip()
    report.reviewed_at, report.reviewed_by = timezone.now(), actor
    report.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "updated_at"])
    audit_log(actor=actor, obj=report, action="report.return", reason=comment.strip())
    return report


@transaction.atomic
def report_accept(*, report: ProvinceReport, actor: Any, comment: str = "") -> ProvinceReport:
    _require_reviewer(actor, report)
    report = _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Chỉ chấp nhận được báo cáo đang chờ Bộ xem xét."))
    now = timezone.now()
    if report.corrects_id:
        ProvinceReport.objects.filter(pk=report.corrects_id).update(superseded_at=now)
    report.status, report.review_comment, report.reviewed_at, report.reviewed_by = (
        ReportStatus.ACCEPTED,
        comment.strip(),
        now,
        actor,
    )
    report.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "updated_at"])
    audit_log(actor=actor, obj=report, action="report.accept", reason=comment.strip())
    return report


@transaction.atomic
def report_correct(*, report: ProvinceReport, actor: Any) -> ProvinceReport:
    """A correction of an accepted report: a new version, same period and cut-off, the accepted one untouched
    until the correction is accepted."""
    _require_officer(actor, report.province_id, report.programme)
    report = _lock(report)
    if report.status != ReportStatus.ACCEPTED or report.superseded_at is not None:
        raise ValidationError(_("Chỉ lập bản đính chính cho báo cáo đã được chấp nhận."))
    latest = ProvinceReport.objects.filter(
        province_id=report.province_id, programme=report.programme, year=report.year, period=report.period
    ).order_by("-version")[0]
    correction = ProvinceReport(
        province_id=report.province_id,
        programme=report.programme,
        year=report.year,
        period=report.period,
        version=latest.version + 1,
        cut_off=report.cut_off,
        figures=report_figures(
            province_id=report.province_id,
            programme=report.programme,
            year=report.year,
            cut_off=report.cut_off,
        ),
        narrative=report.narrative,
        corrects=report,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError as error:
        raise ValidationError(_("Đã có một bản đính chính đang soạn hoặc chờ xem xét.")) from error
    audit_log(actor=actor, obj=correction, action="report.correct", data={"corrects": report.pk})
    return correction


def missing_reports(
    *, programme: str, year: int, period: str, today: datetime.date | None = None
) -> list[Province]:
    """Provinces that sent no report for the period by its deadline (empty until the deadline has passed)."""
    today = today or timezone.localdate()
    if today <= deadline(year, period):
        return []
    sent = ProvinceReport.objects.filter(
        programme=programme, year=year, period=period, submitted_at__lt=_end_of(deadline(year, period))
    )
    return list(Province.objects.exclude(code__in=sent.values("province_id")).order_by("name"))
