"""What the survey's and the result's pages show: the context each view renders, built from the selectors and
services so the views stay thin (access check, call, render)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import inventory, selectors, services, timeline
from assessment.charts import pillar_chart
from assessment.models import (
    Assessment,
    CriteriaSet,
    DxPlan,
    ResultVerification,
    VerificationStatus,
)
from assessment.question_html import Answered, question_html
from assessment.scoring import applies
from assessment.services import plans
from assessment.structure import Structure, structure_for
from businesses.models import Business, BusinessKind
from platforms.selectors import trial_possible_ids
from smedx_portal.levels import LEVEL_MEANINGS, LEVEL_RANK, Level
from smedx_portal.programmes import Programme, short_name

LEVEL_DETAILS = {
    Level.READY: gettext_lazy(
        "Cửa hàng, doanh nghiệp đã bắt đầu dùng một số công cụ số. Việc cần làm: xây nền tảng cơ bản — bán hàng, "
        "thanh toán và ghi chép trên công cụ số."
    ),
    Level.GROWTH: gettext_lazy(
        "Công cụ số đã được dùng trong nhiều hoạt động. Việc cần làm: kết nối các công cụ với nhau, dùng số "
        "liệu để quyết định và mở rộng kênh bán hàng số."
    ),
    Level.BREAKTHROUGH: gettext_lazy(
        "Hoạt động kinh doanh dựa trên nền tảng số và dữ liệu. Việc cần làm: tối ưu liên tục, tự động hóa và "
        "chia sẻ kinh nghiệm với cộng đồng."
    ),
}


def default_programmes(business: Business) -> list[str]:
    """The programmes a business is offered the survey of: its own, else the one its kind belongs to."""
    if business.programmes:
        return business.programmes
    if business.kind in (BusinessKind.RETAIL_STORE, BusinessKind.HOUSEHOLD):
        return [Programme.RDX]
    return [Programme.SMEDX]


def with_survey_rows(businesses: list[Business], closed: set[str] | frozenset[str] = frozenset()) -> None:
    """Attach to each business its survey rows (one per programme: the draft and the latest submitted)."""
    latest = selectors.latest_by_business(businesses)
    for business in businesses:
        states = latest.get(business.pk, {})
        business.survey_rows = [
            {
                "programme": programme,
                "programme_name": short_name(programme),
                "draft": states.get(f"draft-{programme}"),
                "submitted": states.get(f"submitted-{programme}"),
                "closed": programme in closed,
            }
            for programme in default_programmes(business)
        ]


# --- the survey ------------------------------------------------------------------------------------


def _answered(question, answer, visible: set[int], errors: dict[int, str]) -> Answered:
    return Answered(
        option_ids=frozenset(answer.option_ids) if answer else frozenset(),
        number=answer.number if answer else None,
        hidden=question.pk not in visible,
        error=errors.get(question.pk, ""),
    )


def survey_page_context(
    *, user, assessment: Assessment, structure: Structure, page: int, answers, errors, visible
) -> dict[str, Any]:
    """One page of the survey (one pillar): its questions with what is saved, and every page's progress."""
    pillar = structure.pillar_at(page)
    kind, sector = services.business_profile(assessment.business)
    counted_pages = []
    for position, each in enumerate(structure.pillars, start=1):
        asked = [q for q in each.question_list if q.pk in visible]
        done = all(q.pk in answers and not answers[q.pk].is_empty or not q.required for q in asked)
        counted_pages.append(
            {"position": position, "pillar": each, "done": done, "current": position == page}
        )
    questions = mark_safe(  # noqa: S308 - compiled from the escaped template, personal values escaped
        "".join(
            question_html(structure, question, _answered(question, answers.get(question.pk), visible, errors))
            for question in pillar.question_list
            if applies(question, kind, sector)
        )
    )
    return {
        "assessment": assessment,
        "business": assessment.business,
        "criteria_set": structure.criteria_set,
        "pillar": pillar,
        "page": page,
        "page_count": len(structure.pillars),
        "pages": counted_pages,
        "done_count": sum(1 for p in counted_pages if p["done"]),
        "questions": questions,
        "has_errors": bool(errors),
        "is_enumerator": assessment.channel == "enumerator"
        or services.channel_for(user, assessment.business) == "enumerator",
        "is_last": page == len(structure.pillars),
    }


def _review_answer(structure: Structure, question, answer) -> dict[str, Any]:
    """One line of the review page: the question and what was answered (option labels or the number)."""
    labels = [structure.options[option_id].display_label for option_id in answer.option_ids] if answer else []
    return {
        "question": question,
        "labels": labels,
        "number": answer.number if answer else None,
        "empty": answer is None or answer.is_empty,
    }


def review_context(
    *, assessment: Assessment, structure: Structure, answers, problems, visible
) -> dict[str, Any]:
    """The review page: every page's answers, what is missing, whether the survey can be submitted."""
    pages = [
        {
            "position": position,
            "pillar": pillar,
            "missing": len(problems.get(position, {})),
            "answers": [
                _review_answer(structure, question, answers.get(question.pk))
                for question in pillar.question_list
                if question.pk in visible
            ],
        }
        for position, pillar in enumerate(structure.pillars, start=1)
    ]
    return {
        "assessment": assessment,
        "business": assessment.business,
        "pages": pages,
        "complete": not problems,
        "page_count": len(structure.pillars),
    }


# --- the result ------------------------------------------------------------------------------------


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


def result_context(*, user, assessment: Assessment) -> dict[str, Any]:
    """The result page of a submitted assessment: level, pillar scores against the previous result, the chart,
    the weakest pillars with the groups and experts that help, verification and certificates, the plan."""
    criteria_set = assessment.criteria_set
    structure = structure_for(criteria_set)
    answers = services.load_answers(assessment)  # read once: the score's detail and the tool inventory
    detail = services.assessment_result(assessment, answers=answers)
    history = selectors.submitted_history(
        assessment.business, assessment.programme, before=assessment.submitted_at
    )
    previous = history[0] if history else None
    pillars = _pillar_rows(structure, assessment, previous)
    weakest = detail.weakest(3)
    groups = {
        group.code: group
        for group in selectors.recommended_groups([code for gap in weakest for code in gap.group_codes])
    }
    level = Level(assessment.level)
    by_code = {pillar.code: pillar for pillar in structure.pillars}
    verification = (
        ResultVerification.objects.filter(assessment=assessment).select_related("decided_by").first()
    )
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
        "levels": [(each, LEVEL_MEANINGS[each], each == level) for each in Level],
        "pillars": pillars,
        "chart": _chart(criteria_set, pillars),
        "weak_rows": [
            {"gap": gap, "groups": [groups[code] for code in gap.group_codes if code in groups]}
            for gap in weakest
        ],
        "matching_experts": selectors.experts_for_weakest_pillars(assessment),
        "held_back": [
            {"level": Level(code), "pillars": [by_code[p] for p in pillar_codes]}
            for code, pillar_codes in detail.held_back_by.items()
            if LEVEL_RANK[Level(code)] > LEVEL_RANK[level]
        ],
        "previous": previous,
        "total_change": assessment.total_score - previous.total_score if previous else None,
        "verification": verification,
        "certificates": certificates,
        "can_verify": services.can_verify(user, assessment),
        **_result_extras(user, assessment, structure, detail, answers, groups.values()),
    }


def _result_extras(
    user, assessment: Assessment, structure: Structure, detail, answers, groups
) -> dict[str, Any]:
    """The version's label and own scale, the tools missing or not linked, the timeline across versions, the
    comparable part of mapped versions, the business's plan (with its progress when made earlier), and which
    recommended platforms its representative may ask to try."""
    gaps = inventory.with_platforms(inventory.tool_gaps(structure, answers, detail.shares))
    can_plan = plans.can_edit_plan(user, assessment.business)
    recommended = [listing.platform_id for group in groups for listing in group.listings]
    recommended += [listing.platform_id for gap in gaps for listing in gap.listings]
    plan = (
        DxPlan.objects.filter(business=assessment.business, programme=assessment.programme)
        .select_related("assessment")
        .first()
    )
    earlier_plan = plan is not None and plan.assessment.submitted_at < assessment.submitted_at
    return {
        "plan": plan,
        "plan_progress": plans.plan_progress(plan, structure, detail.shares) if earlier_plan else [],
        "can_plan": can_plan,
        "trial_ids": trial_possible_ids(assessment.business, recommended) if can_plan else set(),
        "version_label": timeline.version_label(assessment.criteria_set),
        "scale_label": timeline.scale_label(assessment),
        "tool_gaps": gaps,
        "timeline": timeline.business_timeline(assessment.business, current=assessment),
        "comparisons": timeline.comparisons_for(assessment, detail.shares),
    }
