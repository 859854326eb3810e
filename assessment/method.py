"""What the method page (`/danh-gia/phuong-phap/`) says about each criteria set, read from the set's own data
(loaded from its file in `assessment/criteria/`), so the explanation can never drift from the scoring: the
legal source, the values marked provisional, the tool inventory with its points and the link levels (QĐ 1567
and the RDX store set), the DBI 2021 points, bands and levels (legacy), and the thresholds in the programme's
words. The portal's retired trial sets are listed with their label."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessment.models import CriteriaSet, CriteriaSetStatus, QuestionType, Scoring
from assessment.scoring import best_points, link_options, pillar_minimum, tool_options
from assessment.structure import structure_for
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme, short_name
from smedx_portal.trial_sets import TRIAL_LABEL

HUNDRED = Decimal("100")


@dataclass
class FunctionRow:
    """One business function of a tool inventory: the tools to choose from with their points."""

    area: str
    question: str
    tools: list[tuple[str, Decimal]]
    best: Decimal
    sectors: list[str]
    provisional: bool


@dataclass
class PillarRow:
    name: str
    share: Decimal  # of the total score, in %
    questions: int
    best: Decimal  # most points the pillar's questions give (points scoring)
    growth_minimum: Decimal
    breakthrough_minimum: Decimal
    sub_indices: list[str]
    provisional: int  # questions marked provisional
    functions: list[FunctionRow] = field(default_factory=list)


@dataclass
class SetMethod:
    criteria_set: CriteriaSet
    programme: str
    role: str  # what the set is for: current, legacy (compare), retired trial
    is_tool_inventory: bool
    is_points: bool
    pillars: list[PillarRow]
    links: list[tuple[str, Decimal]]
    scale: dict
    scale_rows: list[tuple]
    provisional: list[dict]
    thresholds: list[tuple[str, Decimal, Decimal]]
    question_count: int
    max_points: Decimal | None


def _role(criteria_set: CriteriaSet) -> str:
    if criteria_set.is_trial:
        return _("%(label)s — đã thay thế, kết quả cũ giữ nguyên phiên bản") % {"label": TRIAL_LABEL}
    if criteria_set.is_legacy:
        return _("Phiên bản cũ, giữ để so sánh với mức bạn đã biết (không dùng cho số liệu của chương trình)")
    return _("Đang áp dụng")


def set_method(criteria_set: CriteriaSet) -> SetMethod:
    structure = structure_for(criteria_set)
    is_points = criteria_set.scoring == Scoring.POINTS
    total_weight = sum((pillar.weight for pillar in structure.pillars), Decimal("0")) or Decimal("1")
    pillars, links = [], []
    for pillar in structure.pillars:
        questions = [question for question in pillar.question_list if question.weight > 0]
        row = PillarRow(
            name=pillar.display_name,
            share=(HUNDRED * pillar.weight / total_weight).quantize(Decimal("0.1")),
            questions=len(questions),
            best=sum((best_points(question) for question in questions), Decimal("0")),
            growth_minimum=pillar_minimum(criteria_set, pillar, Level.GROWTH),
            breakthrough_minimum=pillar_minimum(criteria_set, pillar, Level.BREAKTHROUGH),
            sub_indices=[entry.get("name", entry.get("code", "")) for entry in pillar.sub_indices or []],
            provisional=sum(1 for question in questions if question.provisional),
        )
        for question in questions:
            if question.type != QuestionType.TOOLS:
                continue
            row.functions.append(
                FunctionRow(
                    area=question.display_area,
                    question=question.display_text,
                    tools=[(option.display_label, option.points) for option in tool_options(question)],
                    best=best_points(question),
                    sectors=list(question.applies_to_sectors or []),
                    provisional=question.provisional,
                )
            )
            if not links:
                links = [(option.display_label, option.points) for option in link_options(question)]
        pillars.append(row)
    thresholds = [
        (
            str(level.label),
            criteria_set.threshold(level),
            criteria_set.growth_pillar_minimum
            if level == Level.GROWTH
            else criteria_set.breakthrough_pillar_minimum,
        )
        for level in (Level.GROWTH, Level.BREAKTHROUGH)
    ]
    scale = criteria_set.scale or {}
    return SetMethod(
        criteria_set=criteria_set,
        programme=short_name(criteria_set.programme),
        role=_role(criteria_set),
        is_tool_inventory=any(row.functions for row in pillars),
        is_points=is_points,
        pillars=pillars,
        links=links,
        scale=scale,
        scale_rows=[
            (
                entry["value"],
                entry.get("label_en") if get_language() == "en" and entry.get("label_en") else entry["label"],
                Decimal(str(entry["above"])),
                entry["pillars"],
                Level(entry["programme_level"]).label,
            )
            for entry in scale.get("levels", [])
        ],
        provisional=list(criteria_set.provisional or []),
        thresholds=thresholds,
        question_count=sum(row.questions for row in pillars),
        max_points=Decimal(str(scale["max_points"])) if is_points and scale.get("max_points") else None,
    )


def method_sets() -> dict[str, list[SetMethod]]:
    """The sets the page explains: each programme's current one first (RDX, then SMEdx), the legacy versions
    kept to compare, then the portal's retired trial sets."""
    programmes = [Programme.RDX, Programme.SMEDX]
    order = {code: index for index, code in enumerate(programmes)}
    sets = sorted(
        CriteriaSet.objects.filter(
            Q(status=CriteriaSetStatus.PUBLISHED) | Q(status=CriteriaSetStatus.RETIRED, is_trial=True)
        ),
        key=lambda each: (order.get(each.programme, 9), -each.version),
    )
    current = [each for each in sets if each.is_published and not each.is_legacy and not each.is_trial]
    seen: set[str] = set()
    current = [each for each in current if not (each.programme in seen or seen.add(each.programme))]
    return {
        "current": [set_method(each) for each in current],
        "legacy": [set_method(each) for each in sets if each.is_legacy and each.is_published],
        "trial": [set_method(each) for each in sets if each.is_trial],
    }
