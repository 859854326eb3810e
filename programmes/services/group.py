"""The working group's decisions: membership, publishing, ending the pilot, the year's classification."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import has_role, is_ministry_staff
from businesses.models import Province
from programmes import access
from programmes.models import (
    Decision,
    DecisionKind,
    Ministry,
    ProvinceReport,
    ReportPeriod,
    ReportStatus,
    WorkingGroupMember,
)
from reports.ranking import group_of, score_of
from smedx_portal.phases import PhaseKind, ProgrammePhase, phase_state
from smedx_portal.services import audit_log


def is_member(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    today = timezone.localdate()
    return (
        WorkingGroupMember.objects.filter(user=user, joined_on__lte=today)
        .exclude(left_on__lte=today)
        .exists()
    )


def require_member(user) -> None:
    if not is_member(user):
        raise PermissionDenied(_("Chỉ thành viên Tổ công tác được ra quyết định này."))


def _require_decider(actor: Any, programme: str) -> None:
    if not access.can_review(actor, programme):
        raise PermissionDenied
    require_member(actor)


@transaction.atomic
def decision_publish(*, decision: Decision, actor: Any) -> Decision:
    _require_decider(actor, decision.programme)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.published_at is None:
        decision.published_at = timezone.now()
        decision.save(update_fields=["published_at"])
        audit_log(actor=actor, obj=decision, action="decision.publish")
    return decision


@transaction.atomic
def pilot_end(
    *,
    actor: Any,
    report: ProvinceReport,
    rollout_on: datetime.date,
    title: str,
    summary: str,
    document=None,
    revised_criteria=None,
    revised_template=None,
) -> Decision:
    """End the programme's pilot on the pilot province's accepted final report; the national phase starts on
    `rollout_on`. The decision links the lessons: the revised criteria version and template plan."""
    _require_decider(actor, report.programme)
    today = timezone.localdate()
    state = phase_state(report.programme, report.province_id, on=today)
    if not state.in_pilot:
        raise ValidationError(_("Chương trình không ở giai đoạn thí điểm."))
    if report.period != ReportPeriod.FINAL or report.status != ReportStatus.ACCEPTED or not state.allowed:
        raise ValidationError(
            {"report": [_("Cần báo cáo tổng kết đã được chấp nhận của một tỉnh thí điểm.")]}
        )
    if rollout_on < today:
        raise ValidationError({"rollout_on": [_("Ngày triển khai diện rộng không được ở quá khứ.")]})
    for criteria, name in ((revised_criteria, "revised_criteria"), (revised_template, "revised_template")):
        if criteria is not None and criteria.programme != report.programme:
            raise ValidationError({name: [_("Không thuộc chương trình của báo cáo.")]})
    pilot = ProgrammePhase.objects.select_for_update().get(pk=state.phase.pk)
    pilot.ends_on = today
    pilot.save(update_fields=["ends_on"])
    ProgrammePhase.objects.filter(programme=report.programme, starts_on__gt=today).delete()
    ProgrammePhase.objects.create(programme=report.programme, kind=PhaseKind.NATIONAL, starts_on=rollout_on)
    decision = Decision(
        kind=DecisionKind.PILOT_END,
        programme=report.programme,
        year=today.year,
        title=title,
        summary=summary,
        decided_by=actor,
        report=report,
        revised_criteria=revised_criteria,
        revised_template=revised_template,
        data={"rollout_on": rollout_on.isoformat()},
    )
    if document is not None:
        decision.document = document
    decision.full_clean()
    decision.save()
    audit_log(actor=actor, obj=decision, action="decision.pilot_end", data=decision.data)
    return decision


def _accepted_year_figures(programme: str, year: int) -> dict[int, dict]:
    """Per province, the figures of its accepted final report of the year (or of its fourth quarter)."""
    reports = ProvinceReport.objects.filter(
        programme=programme,
        year=year,
        period__in=[ReportPeriod.FINAL, ReportPeriod.Q4],
        status=ReportStatus.ACCEPTED,
        superseded_at__isnull=True,
    ).order_by("province_id", "period")  # "FINAL" sorts before "Q4"
    figures: dict[int, dict] = {}
    for report in reports:
        figures.setdefault(report.province_id, {**report.figures, "report_id": report.pk})
    return figures


def classification_compute(programme: str, year: int) -> list[dict]:
    """The reports app's ranking method applied to the provinces' accepted figures (a province without
    accepted figures is ranked last with no score)."""
    figures = _accepted_year_figures(programme, year)
    previous = Decision.objects.filter(
        kind=DecisionKind.CLASSIFICATION, programme=programme, year=year - 1
    ).first()
    previous_levels = {
        row["province_id"]: row.get("average_level") for row in (previous.data["rows"] if previous else [])
    }
    rows = []
    for code, name in Province.objects.values_list("code", "name"):
        entry = figures.get(code)
        if entry is None:
            rows.append({"province_id": code, "name": name, "score": None, "report_id": None})
            continue
        registered, surveyed = entry.get("registered", 0), entry.get("surveyed", 0)
        share = Decimal(surveyed * 100) / registered if registered else Decimal(0)
        average = Decimal(entry["average_level"]) if entry.get("average_level") else None
        before = previous_levels.get(code)
        progress = average - Decimal(before) if average is not None and before else None
        rows.append(
            {
                "province_id": code,
                "name": name,
                "surveyed_share": str(round(share, 2)),
                "average_level": str(average) if average is not None else None,
                "score": str(score_of(share, average, progress)),
                "report_id": entry["report_id"],
            }
        )
    rows.sort(key=lambda row: (row["score"] is None, -Decimal(row["score"] or 0), row["province_id"]))
    ranked = [row for row in rows if row["score"] is not None]
    for index, row in enumerate(rows, start=1):
        row["rank"] = index if row["score"] is not None else None
        row["group"] = group_of(index, len(ranked)) if row["score"] is not None else ""
    return rows


@transaction.atomic
def classification_publish(
    *, actor: Any, programme: str, year: int, document=None, summary: str = ""
) -> Decision:
    """The working group publishes the year's classification, frozen from the accepted figures."""
    _require_decider(actor, programme)
    rows = classification_compute(programme, year)
    if not any(row["score"] is not None for row in rows):
        raise ValidationError(_("Chưa có tỉnh nào có báo cáo năm được chấp nhận."))
    decision = Decision(
        kind=DecisionKind.CLASSIFICATION,
        programme=programme,
        year=year,
        title=_("Xếp loại các tỉnh, thành phố năm %(year)s") % {"year": year},
        summary=summary,
        decided_by=actor,
        published_at=timezone.now(),
        data={"rows": rows},
    )
    if document is not None:
        decision.document = document
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as error:
        raise ValidationError(_("Xếp loại năm này đã được công bố.")) from error
    audit_log(actor=actor, obj=decision, action="decision.classification", data={"year": year})
    return decision


def ministry_of(user) -> str | None:
    """The side of the working group a national staff member sits on (from their role), or None."""
    if not getattr(user, "is_active", False):
        return None
    if user.role == Role.MOIT_STAFF:
        return Ministry.INDUSTRY_TRADE
    if user.role == Role.MINISTRY_STAFF:
        return Ministry.SCIENCE
    return None


def can_manage_members(actor: Any, ministry: str | None = None) -> bool:
    """Ministry staff manage the whole group; MoIT staff manage the Ministry of Industry and Trade's side."""
    if is_ministry_staff(actor):
        return True
    return has_role(actor, Role.MOIT_STAFF) and ministry in (None, Ministry.INDUSTRY_TRADE)


@transaction.atomic
def member_add(*, actor: Any, user: Any, position: str, joined_on: datetime.date) -> WorkingGroupMember:
    """Add national staff to the working group on the side of their ministry (a former member rejoins: the
    row is reused, the earlier membership stays in the audit log)."""
    ministry = ministry_of(user)
    if ministry is None:
        raise ValidationError({"user": [_("Chỉ cán bộ Bộ Khoa học và Công nghệ hoặc Bộ Công Thương.")]})
    if not can_manage_members(actor, ministry):
        raise PermissionDenied
    if joined_on > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"joined_on": [_("Ngày tham gia quá xa trong tương lai.")]})
    member = WorkingGroupMember.objects.select_for_update().filter(user=user).first()
    if member is not None and member.left_on is None:
        raise ValidationError({"user": [_("Người này đang là thành viên Tổ công tác.")]})
    member = member or WorkingGroupMember(user=user)
    member.ministry, member.position, member.joined_on, member.left_on = (
        ministry,
        position.strip(),
        joined_on,
        None,
    )
    member.full_clean()
    member.save()
    audit_log(
        actor=actor,
        obj=member,
        action="working_group.member_add",
        data={"user": user.pk, "name": str(user), "ministry": ministry, "joined_on": joined_on.isoformat()},
    )
    return member


@transaction.atomic
def member_remove(*, actor: Any, member: WorkingGroupMember, reason: str = "") -> WorkingGroupMember:
    """The member leaves the group today (the row stays, with `left_on`, so past decisions keep their
    member)."""
    member = (
        WorkingGroupMember.objects.select_related("user").select_for_update(of=("self",)).get(pk=member.pk)
    )
    if not can_manage_members(actor, member.ministry):
        raise PermissionDenied
    if member.left_on is not None:
        raise ValidationError(_("Người này đã thôi tham gia Tổ công tác."))
    member.left_on = timezone.localdate()
    member.save(update_fields=["left_on"])
    audit_log(
        actor=actor,
        obj=member,
        action="working_group.member_remove",
        reason=reason.strip(),
        data={"user": member.user_id, "name": str(member.user)},
    )
    return member
