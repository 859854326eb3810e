"""Scoring on hand-computed cases for both bundled sets: weights, skip logic, kinds and sectors, the
per-pillar minimum rule and the level boundaries. Each case's arithmetic is written beside it."""

from decimal import Decimal

import pytest

from assessment.scoring import AnswerValue, level_for, question_share, score, validate_answer
from assessment.structure import structure_for
from tests.assessment.conftest import RDX_BEST, RDX_WORST

pytestmark = pytest.mark.django_db

D = Decimal


def answers_from(structure, pages: dict) -> dict:
    """{question code: option code | [codes] | number text} (or pages of those) → {question id: AnswerValue}."""
    flat = {}
    for key, value in pages.items():
        if isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    answers = {}
    for code, value in flat.items():
        question = structure.questions_by_code[code]
        if question.type == "number":
            answers[question.pk] = AnswerValue((), D(value))
        else:
            codes = value if isinstance(value, list) else [value]
            answers[question.pk] = AnswerValue(tuple(question.options_by_code[c].pk for c in codes), None)
    return answers


def merge(base: dict, **changes) -> dict:
    flat = {}
    for page in base.values():
        flat.update(page)
    for code, value in changes.items():
        code = code.replace("_", "-")
        if value is None:
            flat.pop(code, None)
        else:
            flat[code] = value
    return flat


# RDX: pillar weights 1 / 1.5 / 1 / 1 (total 4.5); growth ≥ 40 with every pillar ≥ 20; breakthrough ≥ 70
# with every pillar ≥ 40.
RDX_MIXED = {
    # customers: presence 2/3, sells online 1, channels 2/3, revenue 25% → band "from 20" 2/3, customer data 2/3,
    # loyalty 0 → (4 × 2/3 + 1) / 6 = 0.61111 → 61.11
    "online-presence": "social",
    "sells-online": "yes",
    "online-channels": ["social", "delivery-apps"],
    "online-revenue-share": "25",
    "customer-data": "phone-sheet",
    "loyalty": "none",
    # operations: POS 1 (weight 2), inventory 1/3, e-invoice 1, cashless 2/3, delivery 1/2
    # → (2 + 1/3 + 1 + 2/3 + 1/2) / 6 = 4.5 / 6 → 75.00 (pharmacy and restaurant questions do not apply)
    "pos": "pos",
    "inventory": "paper",
    "e-invoice": "e-invoice",
    "cashless": ["qr"],
    "delivery": "self",
    # management: bookkeeping 2/3, owner 2/3, has staff (weight 0), staff 1/2, data 1/2, strategy 1/3
    # → 16/6 / 5 = 0.53333 → 53.33
    "bookkeeping": "sheet",
    "owner-skills": "level-3",
    "has-staff": "yes",
    "staff-skills": "informal",
    "data-decisions": "sometimes",
    "strategy": "intention",
    # technology: devices 1/3, connectivity 1/2, cloud 1/2, backup 0, cyber safety 2/4 → 1.8333 / 5 → 36.67
    "devices": ["smartphone"],
    "connectivity": "mobile",
    "cloud": "device",
    "backup": "none",
    "cyber-safety": ["passwords", "scam-aware"],
}

RDX_CASES = [
    # name, answers, sector, expected pillar scores, total, level
    (
        "all-best",
        RDX_BEST,
        "tap-hoa",
        {"rdx-customers-sales": "100.00", "rdx-operations": "100.00", "rdx-management-people": "100.00",
         "rdx-technology-data": "100.00"},
        "100.00",
        "dot_pha",
    ),
    (
        "all-worst (follow-up questions on online sales skipped)",
        RDX_WORST,
        "tap-hoa",
        {"rdx-customers-sales": "0.00", "rdx-operations": "0.00", "rdx-management-people": "0.00",
         "rdx-technology-data": "0.00"},
        "0.00",
        "san_sang",
    ),
    (
        # (61.11 + 1.5 × 75 + 53.33 + 36.67) / 4.5 = 263.61 / 4.5 = 58.58
        "mixed",
        RDX_MIXED,
        "tap-hoa",
        {"rdx-customers-sales": "61.11", "rdx-operations": "75.00", "rdx-management-people": "53.33",
         "rdx-technology-data": "36.67"},
        "58.58",
        "tang_truong",
    ),
    (
        # skip logic: not selling online hides channels and revenue share, even though answers to them exist
        # customers: (2/3 + 0 + 2/3 + 0) / 4 → 33.33; total (33.33 + 112.5 + 53.33 + 36.67) / 4.5 = 52.41
        "mixed, not selling online",
        {**RDX_MIXED, "sells-online": "no"},
        "tap-hoa",
        {"rdx-customers-sales": "33.33", "rdx-operations": "75.00", "rdx-management-people": "53.33",
         "rdx-technology-data": "36.67"},
        "52.41",
        "tang_truong",
    ),
    (
        # skip logic: no staff hides the staff question → management (2/3 + 2/3 + 1/2 + 1/3) / 4 → 54.17
        # total (61.11 + 112.5 + 54.17 + 36.67) / 4.5 = 264.45 / 4.5 = 58.77
        "mixed, no staff",
        {**RDX_MIXED, "has-staff": "no"},
        "tap-hoa",
        {"rdx-customers-sales": "61.11", "rdx-operations": "75.00", "rdx-management-people": "54.17",
         "rdx-technology-data": "36.67"},
        "58.77",
        "tang_truong",
    ),
    (
        # weights: POS (weight 2) done by hand → operations (0 + 1/3 + 1 + 2/3 + 1/2) / 6 = 2.5 / 6 → 41.67
        # total (61.11 + 1.5 × 41.67 + 53.33 + 36.67) / 4.5 = 213.615 / 4.5 = 47.47
        "mixed, no POS",
        {**RDX_MIXED, "pos": "manual"},
        "tap-hoa",
        {"rdx-customers-sales": "61.11", "rdx-operations": "41.67", "rdx-management-people": "53.33",
         "rdx-technology-data": "36.67"},
        "47.47",
        "tang_truong",
    ),
    (
        # minimum per pillar: best everywhere but technology 36.67 → total (100 + 150 + 100 + 36.67) / 4.5
        # = 85.93 ≥ 70, but technology < 40 → not Đột phá
        "high total, one weak pillar",
        merge(RDX_BEST, devices=["smartphone"], connectivity="mobile", cloud="device", backup="none",
              cyber_safety=["passwords", "scam-aware"]),
        "tap-hoa",
        {"rdx-customers-sales": "100.00", "rdx-operations": "100.00", "rdx-management-people": "100.00",
         "rdx-technology-data": "36.67"},
        "85.93",
        "tang_truong",
    ),
    (
        # technology at 0: total 350 / 4.5 = 77.78 ≥ 70 yet the pillar is under both minimums → Sẵn sàng
        "high total, one empty pillar",
        merge(RDX_BEST, devices=["none"], connectivity="none", cloud="paper", backup="none", cyber_safety=["none"]),
        "tap-hoa",
        {"rdx-customers-sales": "100.00", "rdx-operations": "100.00", "rdx-management-people": "100.00",
         "rdx-technology-data": "0.00"},
        "77.78",
        "san_sang",
    ),
    (
        # a pharmacy is also asked about the national pharmacy link: best operations but "no" there
        # → 6 / 7 → 85.71; total (300 + 1.5 × 85.71) / 4.5 = 428.565 / 4.5 = 95.24
        "pharmacy without the national link",
        merge(RDX_BEST, pharmacy_link="no"),
        "duoc-pham",
        {"rdx-customers-sales": "100.00", "rdx-operations": "85.71", "rdx-management-people": "100.00",
         "rdx-technology-data": "100.00"},
        "95.24",
        "dot_pha",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "answers, sector, pillars, total, level", [case[1:] for case in RDX_CASES], ids=[c[0] for c in RDX_CASES]
)
def test_rdx_hand_computed(rdx_set, answers, sector, pillars, total, level):
    structure = structure_for(rdx_set)
    result = score(structure, answers_from(structure, answers), "retail_store", sector)
    assert {code: str(value) for code, value in result.pillar_scores.items()} == pillars
    assert (str(result.total), result.level) == (total, level)


# SMEdx: six pillars, weights 1 / 1 / 1 / 1.5 / 1 / 1 (total 6.5); five-level scales worth 0–4; growth ≥ 35
# with every pillar ≥ 15; breakthrough ≥ 70 with every pillar ≥ 40.
SMEDX_MIXED = {
    # customer experience: 2/4, 1/4, yes → 1.75 / 3 → 58.33
    "digital-channels": "level-3",
    "crm": "level-2",
    "online-payment": "yes",
    # strategy: 1/4, 0, no → 0.25 / 3 → 8.33
    "dx-strategy": "level-2",
    "dx-budget": "level-1",
    "dx-leader": "no",
    # infrastructure: 3/4, cloud yes 1, two of three cloud services 2/3, two of four measures 2/4 → 72.92
    "infrastructure": "level-4",
    "uses-cloud": "yes",
    "cloud-services": ["email-docs", "business-apps"],
    "security": ["antivirus", "two-factor"],
    # operations: two of five tools 2/5, processes 2/4 → 0.9 / 2 → 45.00
    "tools": ["accounting", "marketing"],
    "process-digital": "level-3",
    # culture: 2/4, 2/4, 1/4 → 41.67; data: 1/4, 2/4, 1/4 → 33.33
    "digital-skills": "level-3",
    "collaboration": "level-3",
    "innovation": "level-2",
    "data-management": "level-2",
    "data-decisions": "level-3",
    "data-protection": "level-2",
}
SMEDX_BEST = {
    **dict.fromkeys([
        "digital-channels", "crm", "dx-strategy", "dx-budget", "infrastructure", "process-digital",
        "digital-skills", "collaboration", "innovation", "data-management", "data-decisions", "data-protection",
    ], "level-5"),
    "online-payment": "yes",
    "dx-leader": "yes",
    "uses-cloud": "yes",
    "cloud-services": ["email-docs", "business-apps", "servers"],
    "security": ["antivirus", "two-factor", "policy", "monitoring"],
    "tools": ["management", "accounting", "hr", "marketing", "customer-care"],
}  # fmt: skip
ALL_SIX = ["dbi-customer-experience", "dbi-strategy", "dbi-infrastructure-technology", "dbi-operations",
           "dbi-culture", "dbi-data-assets"]  # fmt: skip

SMEDX_CASES = [
    ("all-best", SMEDX_BEST, "enterprise", None, ["100.00"] * 6, "100.00", "dot_pha"),
    (
        # (58.33 + 8.33 + 72.92 + 1.5 × 45 + 41.67 + 33.33) / 6.5 = 282.08 / 6.5 = 43.40 ≥ 35,
        # but strategy 8.33 < 15 → Sẵn sàng
        "mixed, weak strategy",
        SMEDX_MIXED,
        "enterprise",
        None,
        ["58.33", "8.33", "72.92", "45.00", "41.67", "33.33"],
        "43.40",
        "san_sang",
    ),
    (
        # strategy 2/4 → (0.5 + 0 + 0) / 3 → 16.67; total 290.42 / 6.5 = 44.68 → Tăng trưởng
        "mixed",
        {**SMEDX_MIXED, "dx-strategy": "level-3"},
        "enterprise",
        None,
        ["58.33", "16.67", "72.92", "45.00", "41.67", "33.33"],
        "44.68",
        "tang_truong",
    ),
    (
        # a household business is not asked about a digital lead: strategy (0.5 + 0) / 2 → 25.00;
        # total (290.42 − 16.67 + 25) / 6.5 = 298.75 / 6.5 = 45.96
        "household (kind-specific question left out)",
        {**SMEDX_MIXED, "dx-strategy": "level-3"},
        "household",
        None,
        ["58.33", "25.00", "72.92", "45.00", "41.67", "33.33"],
        "45.96",
        "tang_truong",
    ),
    (
        # a hotel also answers the hospitality question (4/4): operations (0.4 + 0.5 + 1) / 3 → 63.33;
        # no cloud hides the cloud services: infrastructure (0.75 + 0 + 0.5) / 3 → 41.67;
        # total (58.33 + 16.67 + 41.67 + 1.5 × 63.33 + 41.67 + 33.33) / 6.5 = 286.665 / 6.5 = 44.10
        "hotel without cloud",
        {**SMEDX_MIXED, "dx-strategy": "level-3", "uses-cloud": "no", "hospitality": "level-5"},
        "enterprise",
        "luu-tru",
        ["58.33", "16.67", "41.67", "63.33", "41.67", "33.33"],
        "44.10",
        "tang_truong",
    ),
]


@pytest.mark.parametrize(
    "answers, kind, sector, pillars, total, level",
    [case[1:] for case in SMEDX_CASES],
    ids=[c[0] for c in SMEDX_CASES],
)
def test_smedx_hand_computed(smedx_set, answers, kind, sector, pillars, total, level):
    structure = structure_for(smedx_set)
    result = score(structure, answers_from(structure, answers), kind, sector)
    assert [str(result.pillar_scores[code]) for code in ALL_SIX] == pillars
    assert (str(result.total), result.level) == (total, level)


@pytest.mark.parametrize(
    "total, pillars, level, held_back",
    [
        ("39.99", ["100", "100", "100", "100"], "san_sang", {}),
        ("40.00", ["20.00", "20.00", "20.00", "60.00"], "tang_truong", {}),
        ("40.00", ["19.99", "60.00", "60.00", "60.00"], "san_sang", {"tang_truong": ["rdx-customers-sales"]}),
        ("69.99", ["100", "100", "100", "100"], "tang_truong", {}),
        ("70.00", ["40.00", "90.00", "90.00", "40.00"], "dot_pha", {}),
        ("70.00", ["39.99", "90.00", "90.00", "90.00"], "tang_truong", {"dot_pha": ["rdx-customers-sales"]}),
        ("100.00", ["100", "0", "100", "100"], "san_sang", {"dot_pha": ["rdx-operations"], "tang_truong": ["rdx-operations"]}),
    ],
)  # fmt: skip
def test_level_boundaries(rdx_set, total, pillars, level, held_back):
    structure = structure_for(rdx_set)
    codes = [pillar.code for pillar in structure.pillars]
    result = level_for(
        structure, D(total), {code: D(value) for code, value in zip(codes, pillars, strict=True)}
    )
    assert result == (level, held_back)


def test_a_pillar_can_require_more_than_the_set_minimum(rdx_set):
    from assessment.models import CriteriaSet

    draft = CriteriaSet.objects.get(pk=rdx_set.pk)
    structure = structure_for(draft)
    structure.pillars[3].breakthrough_minimum = D("60")  # technology must reach 60 for Đột phá
    scores = {pillar.code: D("90") for pillar in structure.pillars}
    assert level_for(structure, D("80"), scores)[0] == "dot_pha"
    scores["rdx-technology-data"] = D("55")
    assert level_for(structure, D("80"), scores) == ("tang_truong", {"dot_pha": ["rdx-technology-data"]})


def test_question_shares_and_validation(rdx_set):
    structure = structure_for(rdx_set)
    cashless = structure.questions_by_code["cashless"]
    ids = {option.code: option.pk for option in cashless.option_list}
    # multiple choice: points add up, capped at max_points (2 + 1 + 1 = 4 → 3 of 3)
    assert question_share(cashless, AnswerValue((ids["qr"], ids["card"], ids["e-wallet"]))) == 1
    assert question_share(cashless, AnswerValue((ids["card"],))) == D(1) / D(3)
    # an exclusive choice cannot go with another
    assert "không chọn cùng" in validate_answer(cashless, AnswerValue((ids["cash-only"], ids["qr"])))
    share = structure.questions_by_code["online-revenue-share"]
    assert [question_share(share, AnswerValue((), D(v))) for v in ("4.99", "5", "49", "50", "100")] == [
        0,
        D(1) / D(3),
        D(2) / D(3),
        1,
        1,
    ]
    assert validate_answer(share, AnswerValue((), D("101"))) == "Giá trị lớn nhất là 100."
    assert validate_answer(share, None) == "Vui lòng trả lời câu hỏi này."


def test_weakest_areas_are_the_costliest_with_catalogue_groups(rdx_set):
    structure = structure_for(rdx_set)
    result = score(structure, answers_from(structure, RDX_MIXED), "retail_store", "tap-hoa")
    weakest = result.weakest(3)
    # lost points on the total: loyalty 100 × 1/4.5 × 1/6 × 1 = 3.70; backup 100 × 1/4.5 × 1/5 = 4.44;
    # inventory 100 × 1.5/4.5 × 1/6 × 2/3 = 3.70; strategy 100 × 1/4.5 × 1/5 × 2/3 = 2.96 ...
    assert [gap.question.code for gap in weakest] == ["backup", "loyalty", "inventory"]
    assert [str(gap.points_lost) for gap in weakest] == ["4.44", "3.70", "3.70"]
    assert weakest[1].group_codes == ["rdx-loyalty"]
    assert weakest[2].group_codes == ["rdx-inventory"]
