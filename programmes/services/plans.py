"""A province's plan: started from the ministry's template, edited (with a version check), sent, returned
with comments or approved by the working group, reopened for revision. Every change writes a revision row
(the version log with the figures as they were) and the audit log."""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from businesses.models import BusinessKind, Ward
from programmes import access
from programmes.models import (
    EDITABLE_PLAN_STATUSES,
    PLAN_FIGURE_FIELDS,
    Decision,
    DecisionKind,
    PlanMilestone,
    PlanRevision,
    PlanStatus,
    PlanTarget,
    PlanTemplate,
    ProvincePlan,
)
from programmes.selectors import PROGRAMME_KINDS, businesses_by_ward_kind
from programmes.services.group import require_member
from smedx_portal.phases import PhaseState, phase_state
from smedx_portal.programmes import short_name
from smedx_portal.services import audit_log

FIGURE_FIELDS = PLAN_FIGURE_FIELDS


@dataclass
class PlanInput:
    """What an officer edits: the figures, the resources, targets per (ward, kind) and the timeline."""

    figures: dict[str, int]
    resources: str = ""
    targets: dict[tuple[int, str], int] = field(default_factory=dict)
    milestones: list[tuple[datetime.date, int]] = field(default_factory=list)


def template_for(programme: str, year: int) -> PlanTemplate | None:
    """The ministry's latest published template for the programme, for this year or the closest earlier one."""
    return (
        PlanTemplate.objects.filter(programme=programme, year__lte=year, published_at__isnull=False)
        .order_by("-year", "-version")
        .first()
    )


def _ceil(value: Decimal) -> int:
    return int(math.ceil(value))


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def draft_from_template(template: PlanTemplate, *, province_id: int, year: int) -> PlanInput:
    """The template's shares applied to the province's own business counts per ward and type."""
    share = template.survey_share / 100
    targets = {
        key: _ceil(count * share)
        for key, count in businesses_by_ward_kind(province_id, template.programme).items()
    }
    total = sum(targets.values())
    figures = {
        "survey_total": total,
        "people_to_reach": _ceil(total * template.reach_per_business),
        "businesses_to_try": _ceil(total * template.try_share / 100),
        "trainings": math.ceil(total / template.businesses_per_training)
        if template.businesses_per_training
        else 0,
        "workshops": template.workshops,
        "local_experts": math.ceil(total / template.businesses_per_expert)
        if template.businesses_per_expert
        else 0,
    }
    milestones = [
        (_month_end(year, int(month)), _ceil(total * Decimal(str(percent)) / 100))
        for month, percent in template.milestones
    ]
    return PlanInput(figures=figures, resources=template.resources, targets=targets, milestones=milestones)


def _snapshot(plan: ProvincePlan) -> dict[str, Any]:
    return {
        **{name: getattr(plan, name) for name in FIGURE_FIELDS},
        "resources": plan.resources,
        "targets": [
            [ward, kind, target]
            for ward, kind, target in plan.targets.values_list("ward_id", "kind", "target")
        ],
        "milestones": [
            [due.isoformat(), value] for due, value in plan.milestones.values_list("due_on", "surveyed")
        ],
    }


def _record(plan: ProvincePlan, *, actor: Any, action: str, comment: str = "") -> None:
    PlanRevision.objects.create(
        plan=plan,
        version=plan.version,
        status=plan.status,
        action=action,
        actor=actor,
        comment=comment,
        snapshot=_snapshot(plan),
    )
    audit_log(actor=actor, obj=plan, action=f"plan.{action}", reason=comment, data={"version": plan.version})


def validate_plan_input(plan: ProvincePlan, data: PlanInput) -> None:
    """Refuse negative figures, wards outside the province, unknown types and figures that don't add up,
    naming the field."""
    errors: dict[str, list[str]] = {}
    for name, value in data.figures.items():
        if value is None or value < 0:
            errors.setdefault(name, []).append(_("Chỉ tiêu không được nhỏ hơn 0."))
    kinds = set(PROGRAMME_KINDS[plan.programme])
    wards = {ward for ward, _kind in data.targets}
    in_province = set(
        Ward.objects.filter(code__in=wards, province_id=plan.province_id).values_list("code", flat=True)
    )
    for (ward, kind), value in data.targets.items():
        name = f"target-{ward}-{kind}"
        if ward not in in_province:
            errors.setdefault(name, []).append(
                _("Phường/xã mã %(code)s không thuộc tỉnh/thành phố của kế hoạch.") % {"code": ward}
            )
        elif kind not in kinds:
            errors.setdefault(name, []).append(_("Loại hình không thuộc chương trình."))
        elif value < 0:
            errors.setdefault(name, []).append(
                _("Chỉ tiêu của %(kind)s tại phường/xã mã %(code)s không được nhỏ hơn 0.")
                % {"kind": BusinessKind(kind).label, "code": ward}
            )
    total = sum(value for value in data.targets.values() if value > 0)
    survey_total = data.figures.get("survey_total") or 0
    if data.targets and total != survey_total and "survey_total" not in errors:
        errors.setdefault("survey_total", []).append(
            _("Tổng chỉ tiêu theo phường/xã (%(sum)s) khác tổng số đơn vị cần khảo sát (%(total)s).")
            % {"sum": total, "total": survey_total}
        )
    previous = 0
    for index, (due_on, value) in enumerate(sorted(data.milestones)):
        name = f"milestone-{index}"
        if due_on.year != plan.year:
            errors.setdefault(name, []).append(
                _("Mốc tiến độ phải trong năm %(year)s.") % {"year": plan.year}
            )
        if value < previous:
            errors.setdefault(name, []).append(_("Số lũy kế của mốc sau không được nhỏ hơn mốc trước."))
        if value > survey_total:
            errors.setdefault(name, []).append(_("Mốc tiến độ vượt tổng số đơn vị cần khảo sát."))
        previous = value
    if errors:
        raise ValidationError(errors)


def _write(plan: ProvincePlan, data: PlanInput) -> None:
    for name in FIGURE_FIELDS:
        setattr(plan, name, data.figures.get(name) or 0)
    plan.resources = data.resources
    plan.targets.all().delete()
    PlanTarget.objects.bulk_create(
        PlanTarget(plan=plan, ward_id=ward, kind=kind, target=value)
        for (ward, kind), value in sorted(data.targets.items())
        if value > 0
    )
    plan.milestones.all().delete()
    PlanMilestone.objects.bulk_create(
        PlanMilestone(plan=plan, due_on=due_on, surveyed=value)
        for due_on, value in sorted(set(data.milestones))
    )


def _require_officer_of(plan_province_id: int, programme: str, actor: Any) -> None:
    if not access.is_officer(actor) or not access.can_see(
        actor, province_id=plan_province_id, programme=programme
    ):
        raise PermissionDenied


@transaction.atomic
def plan_start(*, actor: Any, province_id: int, programme: str, year: int) -> ProvincePlan:
    """The province's plan for the year, started from the ministry's template if there is none yet."""
    _require_officer_of(province_id, programme, actor)
    existing = ProvincePlan.objects.filter(province_id=province_id, programme=programme, year=year).first()
    if existing is not None:
        return existing
    template = template_for(programme, year)
    plan = ProvincePlan(province_id=province_id, programme=programme, year=year, template=template)
    plan.created_by = plan.updated_by = actor
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        return ProvincePlan.objects.get(province_id=province_id, programme=programme, year=year)
    if template is not None:
        _write(plan, draft_from_template(template, province_id=province_id, year=year))
        plan.save()
    _record(plan, actor=actor, action="start")
    return plan


class PlanConflict(ValidationError):
    """Someone saved the plan after the version this edit started from."""


def _lock(plan: ProvincePlan, expected_version: int | None) -> ProvincePlan:
    locked = ProvincePlan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and locked.version != expected_version:
        raise PlanConflict(
            _(
                "Kế hoạch vừa được %(who)s lưu (phiên bản %(version)s) sau khi bạn mở trang. Nội dung bạn nhập "
                "vẫn còn bên dưới: hãy xem lại phiên bản mới rồi lưu lại."
            )
            % {"who": locked.updated_by or _("người khác"), "version": locked.version}
        )
    return locked


@transaction.atomic
def plan_update(*, plan: ProvincePlan, actor: Any, expected_version: int, data: PlanInput) -> ProvincePlan:
    _require_officer_of(plan.province_id, plan.programme, actor)
    plan = _lock(plan, expected_version)
    if plan.status not in EDITABLE_PLAN_STATUSES:
        raise ValidationError(_("Kế hoạch đã gửi hoặc đã được phê duyệt: không sửa được."))
    validate_plan_input(plan, data)
    _write(plan, data)
    plan.version += 1
    plan.updated_by = actor
    plan.save()
    _record(plan, actor=actor, action="edit")
    return plan


@transaction.atomic
def plan_send(*, plan: ProvincePlan, actor: Any, expected_version: int) -> ProvincePlan:
    _require_officer_of(plan.province_id, plan.programme, actor)
    plan = _lock(plan, expected_version)
    if plan.status not in EDITABLE_PLAN_STATUSES:
        raise ValidationError(_("Kế hoạch đã được gửi."))
    if plan.survey_total == 0:
        raise ValidationError({"survey_total": [_("Kế hoạch chưa có chỉ tiêu khảo sát.")]})
    plan.status, plan.sent_at, plan.version = PlanStatus.SENT, timezone.now(), plan.version + 1
    plan.save()
    _record(plan, actor=actor, action="send")
    return plan


def _require_reviewer(plan: ProvincePlan, actor: Any) -> None:
    if not access.can_review(actor, plan.programme):
        raise PermissionDenied


@transaction.atomic
def plan_return(*, plan: ProvincePlan, actor: Any, comment: str) -> ProvincePlan:
    _require_reviewer(plan, actor)
    if not comment.strip():
        raise ValidationError({"comment": [_("Cần ghi ý kiến để tỉnh sửa kế hoạch.")]})
    plan = _lock(plan, None)
    if plan.status != PlanStatus.SENT:
        raise ValidationError(_("Chỉ trả lại được kế hoạch đã gửi Bộ."))
    plan.status, plan.review_comment = PlanStatus.RETURNED, comment.strip()
    plan.decided_at, plan.decided_by, plan.version = timezone.now(), actor, plan.version + 1
    plan.save()
    _record(plan, actor=actor, action="return", comment=comment.strip())
    return plan


def pilot_notice(plan: ProvincePlan, state: PhaseState) -> str:
    """Why a plan of a province outside the pilot cannot be approved yet (empty when it can): while the
    programme is in pilot only the pilot provinces have plans in force; the others draft, send and discuss."""
    if state.allowed:
        return ""
    values = {"programme": short_name(plan.programme), "province": plan.province}
    if state.rollout_on is None:
        return (
            _(
                "Chương trình %(programme)s đang thí điểm: chỉ kế hoạch của tỉnh/thành phố thí điểm được phê "
                "duyệt và thực hiện. Kế hoạch của %(province)s vẫn được soạn, gửi Bộ và góp ý; phê duyệt khi "
                "triển khai diện rộng (ngày triển khai chưa được công bố)."
            )
            % values
        )
    return _(
        "Chương trình %(programme)s đang thí điểm: chỉ kế hoạch của tỉnh/thành phố thí điểm được phê duyệt và "
        "thực hiện. Kế hoạch của %(province)s vẫn được soạn, gửi Bộ và góp ý; phê duyệt được từ ngày %(date)s, "
        "khi triển khai diện rộng."
    ) % {**values, "date": date_format(state.rollout_on, "d/m/Y")}


@transaction.atomic
def plan_approve(*, plan: ProvincePlan, actor: Any, comment: str = "") -> Decision:
    """The working group approves the plan: a decision (who, when, the plan's PDF as its document)."""
    _require_reviewer(plan, actor)
    require_member(actor)
    plan = _lock(plan, None)
    if plan.status != PlanStatus.SENT:
        raise ValidationError(_("Chỉ phê duyệt được kế hoạch đã gửi Bộ."))
    notice = pilot_notice(plan, phase_state(plan.programme, plan.province_id))
    if notice:
        raise ValidationError(notice)
    plan.status, plan.review_comment = PlanStatus.APPROVED, comment.strip()
    plan.decided_at, plan.decided_by, plan.version = timezone.now(), actor, plan.version + 1
    plan.save()
    decision = Decision.objects.create(
        kind=DecisionKind.PLAN_APPROVAL,
        programme=plan.programme,
        year=plan.year,
        plan=plan,
        title=_("Phê duyệt kế hoạch năm %(year)s của %(province)s")
        % {"year": plan.year, "province": plan.province},
        summary=comment.strip(),
        decided_by=actor,
        data={"plan_version": plan.version, "survey_total": plan.survey_total},
    )
    _record(plan, actor=actor, action="approve", comment=comment.strip())
    from programmes.tasks import render_plan_decision

    transaction.on_commit(lambda: render_plan_decision.delay(decision.pk))
    return decision


@transaction.atomic
def plan_reopen(*, plan: ProvincePlan, actor: Any, reason: str) -> ProvincePlan:
    """An approved plan revised: back to draft; its approved version stays in the history."""
    _require_officer_of(plan.province_id, plan.programme, actor)
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần nêu lý do điều chỉnh kế hoạch.")]})
    plan = _lock(plan, None)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Chỉ điều chỉnh kế hoạch đã được phê duyệt."))
    plan.status, plan.version, plan.updated_by = PlanStatus.DRAFT, plan.version + 1, actor
    plan.save()
    _record(plan, actor=actor, action="reopen", comment=reason.strip())
    return plan
