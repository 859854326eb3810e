"""A business's own DX plan: made from a result (what to do first and why, the selected platforms and a
certified expert for each step, a date), edited and ticked by the business's representatives, and read
against the next result (which steps were done, what changed)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.inventory import selected_listings, tool_gaps, with_platforms
from assessment.models import Assessment, DxPlan, DxPlanStep
from assessment.services.results import assessment_result
from assessment.services.taking import load_answers
from assessment.structure import Structure, structure_for
from businesses.models import Membership, MembershipStatus

MAX_STEPS = 6
DAYS_PER_STEP = 30
HUNDRED = Decimal("100")


def representative_memberships(user, business) -> QuerySet[Membership]:
    """The user's active membership of the business (a Business, an id or an OuterRef): the business's active
    representatives keep its plan."""
    return Membership.objects.filter(business=business, user=user, status=MembershipStatus.ACTIVE)


def can_edit_plan(user, business) -> bool:
    """The business's active representatives keep its plan (staff may read it, not change it)."""
    return (
        bool(getattr(user, "is_authenticated", False)) and representative_memberships(user, business).exists()
    )


@dataclass
class PlannedStep:
    question_code: str
    title: str
    reason: str
    group_codes: list[str]
    platform_ids: list[int]
    share: Decimal
    pillar_code: str


def _planned_steps(assessment: Assessment) -> list[PlannedStep]:
    """The tools missing or not linked, weakest first; for a set without a tool inventory (DBI), its weakest
    criteria with their advice and the platforms the programme selected in their groups."""
    structure = structure_for(assessment.criteria_set)
    pillar_codes = {pillar.pk: pillar.code for pillar in structure.pillars}
    detail = assessment_result(assessment)
    lost = {gap.question.pk: gap.points_lost for gap in detail.gaps}
    steps = []
    for gap in with_platforms(tool_gaps(structure, load_answers(assessment), detail.shares))[:MAX_STEPS]:
        why = _("Đang đạt %(share)s%% nên làm trước; xong việc này tổng điểm có thể tăng tới %(points)s.") % {
            "share": (HUNDRED * gap.share).quantize(Decimal("1")),
            "points": lost.get(gap.question.pk, Decimal("0")),
        }
        steps.append(
            PlannedStep(
                question_code=gap.question.code,
                title=gap.question.display_advice or gap.question.display_area,
                reason=f"{gap.reason} {why}",
                group_codes=gap.group_codes,
                platform_ids=[listing.platform_id for listing in gap.listings],
                share=gap.share,
                pillar_code=pillar_codes[gap.question.pillar_id],
            )
        )
    if steps:
        return steps
    weakest = detail.weakest(MAX_STEPS)
    by_group = selected_listings([code for gap in weakest for code in gap.group_codes])
    for gap in weakest:
        steps.append(
            PlannedStep(
                question_code=gap.question.code,
                title=gap.question.display_advice or gap.question.display_area,
                reason=_("“%(area)s” có thể tăng tới %(points)s điểm tổng.")
                % {"area": gap.question.display_area, "points": gap.points_lost},
                group_codes=gap.group_codes,
                platform_ids=list(
                    dict.fromkeys(
                        listing.platform_id for code in gap.group_codes for listing in by_group.get(code, [])
                    )
                ),
                share=gap.share,
                pillar_code=gap.pillar.code,
            )
        )
    return steps


def _expert_for(step: PlannedStep, province_id: int | None, domains: dict[str, str]):
    from experts.selectors import experts_for_pillars

    codes = [step.pillar_code, *(domains[code] for code in step.group_codes if code in domains)]
    found = experts_for_pillars(codes, province_id=province_id, limit=1)
    return found[0] if found else None


@transaction.atomic
def plan_create(*, assessment: Assessment, actor: Any) -> DxPlan:
    """The business's plan for the programme, (re)made from this result: its steps replace the earlier ones."""
    if not assessment.is_submitted:
        raise ValidationError(_("Chỉ lập kế hoạch từ một kết quả đã nộp."))
    if not can_edit_plan(actor, assessment.business):
        raise PermissionDenied
    from platforms.models import CategoryGroup

    planned = _planned_steps(assessment)
    domains = dict(
        CategoryGroup.objects.filter(code__in={c for s in planned for c in s.group_codes}).values_list(
            "code", "domain__code"
        )
    )
    plan, _created = DxPlan.objects.select_for_update().get_or_create(
        business=assessment.business,
        programme=assessment.programme,
        defaults={"assessment": assessment, "created_by": actor},
    )
    plan.assessment = assessment
    plan.created_by = actor
    plan.save()
    plan.steps.all().delete()
    today = timezone.localdate()
    for position, step in enumerate(planned, start=1):
        row = DxPlanStep.objects.create(
            plan=plan,
            position=position,
            question_code=step.question_code,
            title=step.title[:255],
            reason=step.reason,
            group_codes=step.group_codes,
            expert=_expert_for(step, assessment.business.province_id, domains),
            due_date=today + datetime.timedelta(days=DAYS_PER_STEP * position),
            share_at_start=step.share,
        )
        row.platforms.set(step.platform_ids)
    return plan


@transaction.atomic
def plan_step_update(
    *,
    step: DxPlanStep,
    actor: Any,
    done: bool,
    title: str | None = None,
    due_date: datetime.date | None = None,
) -> DxPlanStep:
    """The owner ticks a step (or unticks it) and may reword it or move its date."""
    if not can_edit_plan(actor, step.plan.business):
        raise PermissionDenied
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("Việc cần làm không được để trống.")})
        step.title = title.strip()[:255]
    if due_date is not None:
        step.due_date = due_date
    if done and step.done_at is None:
        step.done_at = timezone.now()
    elif not done:
        step.done_at = None
    step.full_clean(exclude=["plan", "expert"])
    step.save()
    return step


@dataclass
class StepProgress:
    step: DxPlanStep
    before: Decimal  # % of the function's best, when the plan was made
    now: Decimal | None  # in the newer result (None: not asked there)

    @property
    def improved(self) -> bool:
        return self.now is not None and self.now > self.before


def plan_progress(plan: DxPlan, structure: Structure, shares: dict[int, Decimal]) -> list[StepProgress]:
    """Each step against a newer result's scores (the same question codes; other versions may not ask them)."""
    return steps_progress(plan.steps.all(), structure, shares)


def steps_progress(steps, structure: Structure, shares: dict[int, Decimal]) -> list[StepProgress]:
    """`plan_progress` for a plan's steps (read by the caller, e.g. by the plan's id)."""
    rows = []
    for step in steps:
        question = structure.questions_by_code.get(step.question_code)
        now = shares.get(question.pk) if question is not None else None
        rows.append(
            StepProgress(
                step=step,
                before=(HUNDRED * step.share_at_start).quantize(Decimal("1")),
                now=(HUNDRED * now).quantize(Decimal("1")) if now is not None else None,
            )
        )
    return rows
