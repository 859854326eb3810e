"""What the result page of a submitted assessment shows: level, pillar scores against the previous result, the
chart, the weakest pillars with the groups and experts that help, verification and certificates, the plan, the
timeline across versions.

Read in few queries: the answers, the business's submitted results (with each one's criteria set, verification
and plan, `timeline.business_results`: the previous result, the timeline and the compared versions all come from
it), the experts' cards (`experts.cards`), and the recommendations only when there are gaps to fill.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from assessment import inventory, result_sql, selectors, survey_sql, timeline
from assessment.charts import pillar_chart
from assessment.models import Assessment, CriteriaSet, DxPlanStep, VerificationStatus
from assessment.pages import LEVEL_DETAILS
from assessment.services import assessment_result, can_verify
from assessment.services.plans import steps_progress
from assessment.structure import Structure, structure_for
from experts.cards import expert_cards_for_pillars
from platforms.selectors import trial_possible_ids
from smedx_portal.levels import LEVEL_MEANINGS, LEVEL_RANK, Level

WEAKEST_PILLARS = 2  # the experts suggested know at least one of them
EXPERTS_SHOWN = 3


def _bar_level(criteria_set: CriteriaSet, value: Decimal) -> str:
    if value >= criteria_set.breakthrough_threshold:
        return Level.BREAKTHROUGH
    if value >= criteria_set.growth_threshold:
        return Level.GROWTH
    return Level.READY


def _pillar_rows(
    structure: Structure, assessment: Assessment, previous: Assessment | None
) -> list[dict[str, Any]]:
    stored = {code: Decimal(value) for code, value in assessment.pillar_scores.items()}
    before = {code: Decimal(value) for code, value in previous.pillar_scores.items()} if previous else {}
    rows = []
    for pillar in structure.pillars:
        if pillar.code not in stored:
            continue
        value = stored[pillar.code]
        was = before.get(pillar.code)
        rows.append(
            {
                "pillar": pillar,
                "score": value,
                "previous": was,
                "change": value - was if was is not None else None,
            }
        )
    return rows


def _chart(criteria_set: CriteriaSet, pillars: list[dict[str, Any]]) -> str:
    return pillar_chart(
        [
            (row["pillar"].display_name, row["score"], _bar_level(criteria_set, row["score"]))
            for row in pillars
        ],
        thresholds=[
            (Level.GROWTH.label, criteria_set.growth_threshold),
            (Level.BREAKTHROUGH.label, criteria_set.breakthrough_threshold),
        ],
        title=_("Điểm theo trụ cột (0–100)"),
        previous={
            row["pillar"].display_name: row["previous"] for row in pillars if row["previous"] is not None
        },
    )


def _previous(results: list[Assessment], assessment: Assessment) -> Assessment | None:
    """The business's latest result in the same programme submitted before this one."""
    earlier = [
        item
        for item in results
        if item.programme == assessment.programme and item.submitted_at < assessment.submitted_at
    ]
    return earlier[-1] if earlier else None


def _weakest_pillar_codes(assessment: Assessment) -> list[str]:
    ranked = sorted(assessment.pillar_scores.items(), key=lambda item: Decimal(item[1]))
    return [code for code, _score in ranked[:WEAKEST_PILLARS]]


def result_context(*, user, assessment: Assessment) -> dict[str, Any]:
    """The result page's context (see the module's docstring)."""
    criteria_set = assessment.criteria_set
    structure = structure_for(criteria_set)
    answers = survey_sql.answers_of(assessment.pk)  # read once: the score's detail and the tool inventory
    detail = assessment_result(assessment, answers=answers)
    results = result_sql.business_results(assessment.business, user=user)
    current = next(item for item in results if item.pk == assessment.pk)
    previous = _previous(results, assessment)
    pillars = _pillar_rows(structure, assessment, previous)
    weakest = detail.weakest(3)
    groups = {
        group.code: group
        for group in selectors.recommended_groups([code for gap in weakest for code in gap.group_codes])
    }
    level = Level(assessment.level)
    by_code = {pillar.code: pillar for pillar in structure.pillars}
    verification = current.decision
    certificates = []
    if verification is not None and verification.status == VerificationStatus.VERIFIED:
        from smedx_portal.certificates import certificates_for

        certificates = list(certificates_for(assessment))
    return {
        "assessment": assessment,
        "business": assessment.business,
        "criteria_set": criteria_set,
        "level": level,
        "level_meaning": LEVEL_MEANINGS[level],
        "level_detail": LEVEL_DETAILS[level],
        "levels": [(each, str(each.label), str(LEVEL_MEANINGS[each]), each == level) for each in Level],
        "pillars": pillars,
        "chart": _chart(criteria_set, pillars),
        "weak_rows": [
            {"gap": gap, "groups": [groups[code] for code in gap.group_codes if code in groups]}
            for gap in weakest
        ],
        "matching_experts": expert_cards_for_pillars(
            _weakest_pillar_codes(assessment),
            province=assessment.business.province,
            limit=EXPERTS_SHOWN,
            read=result_sql.expert_card_rows,
        ),
        "held_back": [
            {"level": Level(code), "pillars": [by_code[p] for p in pillar_codes]}
            for code, pillar_codes in detail.held_back_by.items()
            if LEVEL_RANK[Level(code)] > LEVEL_RANK[level]
        ],
        "previous": previous,
        "total_change": assessment.total_score - previous.total_score if previous else None,
        "verification": verification,
        "certificates": certificates,
        "can_verify": can_verify(user, assessment),
        **_plan_and_tools(assessment, structure, detail, answers, groups.values(), current, results),
        "version_label": timeline.version_label(criteria_set),
        "scale_label": timeline.scale_label(assessment),
        "timeline": timeline.business_timeline(results, current=assessment),
        "comparisons": timeline.comparisons_for(assessment, detail.shares, results),
    }


def _plan_and_tools(
    assessment: Assessment, structure: Structure, detail, answers, groups, current: Assessment, results
) -> dict[str, Any]:
    """The tools missing or not linked, the business's plan (with its progress when made from an earlier result),
    and which recommended platforms its representative may ask to try."""
    gaps = inventory.with_platforms(inventory.tool_gaps(structure, answers, detail.shares))
    can_plan = current.can_plan
    recommended = [listing.platform_id for group in groups for listing in group.listings]
    recommended += [listing.platform_id for gap in gaps for listing in gap.listings]
    # the programme's plan is made from one of the business's results in the programme
    plan_from = next(
        (item for item in results if item.programme == assessment.programme and item.plan_id is not None),
        None,
    )
    earlier_plan = plan_from is not None and plan_from.submitted_at < assessment.submitted_at
    return {
        "plan": plan_from is not None,
        "plan_made_at": plan_from.submitted_at if plan_from is not None else None,
        "plan_progress": (
            steps_progress(DxPlanStep.objects.filter(plan_id=plan_from.plan_id), structure, detail.shares)
            if earlier_plan
            else []
        ),
        "can_plan": can_plan,
        "trial_ids": trial_possible_ids(assessment.business, recommended) if can_plan else set(),
        "tool_gaps": gaps,
    }
