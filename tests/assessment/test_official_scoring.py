"""Scoring of the official sets against hand-computed answer sets: the RDX store tool inventory, the SMEdx
QĐ 1567/2025 common + sector sets, and the DBI 2021 legacy set with its level rule (points *and* pillars at
that level). The arithmetic is written beside each case."""

from decimal import Decimal

import pytest

from assessment.scoring import AnswerValue, score, validate_answer
from assessment.structure import structure_for
from tests.assessment.conftest import RDX_STORES_BEST, load_set
from tests.assessment.test_scoring import answers_from

pytestmark = pytest.mark.django_db

D = Decimal


def result_of(criteria_set, sheet, *, kind="retail_store", sector="tap-hoa"):
    structure = structure_for(criteria_set)
    return score(structure, answers_from(structure, sheet), kind, sector)


# --- RDX stores (QĐ 1459): four pillars of weight 1; a tools question = (tool + link) / (2 + 2) ----------


@pytest.fixture
def stores():
    return load_set("rdx-stores-1459.yaml")


def test_rdx_store_inventory_by_hand(stores):
    sheet = {
        "selling-channels": ["social", "link-none"],  # (1 + 0) / 4 = .25
        "payments": ["transfer", "link-export"],  # (1 + 1) / 4 = .5     → sell = 100 × .75 / 2 = 37.50
        "stock": ["notebook"],  # paper: 0, no link asked
        "accounts": ["sheet", "link-export"],  # .5
        "e-invoices": ["cash-register", "link-auto"],  # 1             → goods = 100 × 1.5 / 3 = 50.00
        "customers": ["contacts", "link-none"],  # .25
        "delivery": ["self"],  # 0                                     → customers = 12.50
        "data-use": "sometimes",  # 1 / 2
        "backup": "none",  # 0                                         → data = 25.00
    }
    result = result_of(stores, sheet)
    assert result.pillar_scores == {
        "sell": D("37.50"),
        "goods": D("50.00"),
        "customers": D("12.50"),
        "data": D("25.00"),
    }
    assert (result.total, result.level) == (D("31.25"), "san_sang")  # (37.5 + 50 + 12.5 + 25) / 4 < 40


def test_rdx_score_rises_with_integration(stores):
    unlinked = {
        code: [value[0], "link-none"] if isinstance(value, list) else value
        for page in RDX_STORES_BEST.values()
        for code, value in page.items()
    }
    unlinked["selling-channels"] = ["pos-app", "link-none"]
    # every function with its best tool (2 / 4 = .5) but nothing linked: 50, 50, 50; data 100 → 62.50
    result = result_of(stores, unlinked)
    assert (result.total, result.level) == (D("62.50"), "tang_truong")
    best = result_of(stores, RDX_STORES_BEST)
    assert (best.total, best.level) == (D("100.00"), "dot_pha")


def test_a_digital_tool_needs_its_link_and_paper_excludes_tools(stores):
    structure = structure_for(stores)
    question = structure.questions_by_code["stock"]
    ids = {option.code: option.pk for option in question.option_list}
    assert "trao đổi dữ liệu" in validate_answer(question, AnswerValue((ids["stock-app"],)))
    assert "không chọn cùng" in validate_answer(
        question, AnswerValue((ids["notebook"], ids["sheet"], ids["link-none"]))
    )
    assert "một mức kết nối" in validate_answer(
        question, AnswerValue((ids["sheet"], ids["link-none"], ids["link-auto"]))
    )
    assert validate_answer(question, AnswerValue((ids["sheet"], ids["link-export"]))) is None
    assert validate_answer(question, AnswerValue((ids["notebook"],))) is None


# --- SMEdx QĐ 1567/2025: common tools (weight 3), common practice (1), sector tools (2) -------------------

SMEDX_COMMON_BEST = {
    "sales-customers": ["crm", "link-auto"],
    "accounting": ["software", "link-auto"],
    "payments": ["gateway", "link-auto"],
    "hr": ["software", "link-auto"],
    "marketing": ["platform", "link-auto"],
    "operations": ["erp", "link-auto"],
    "storage-security": ["cloud", "link-auto"],
    "dx-goal": "plan",
    "data-use": "dashboard",
}


@pytest.fixture
def smedx_1567():
    return load_set("smedx-1567-2025.yaml")


def test_smedx_1567_common_and_sector_sets_by_hand(smedx_1567):
    sheet = {**SMEDX_COMMON_BEST, "retail-counter": ["pos", "link-export"], "retail-online": ["none"]}
    # sector = 100 × (.75 + 0) / 2 = 37.50; total = (3 × 100 + 1 × 100 + 2 × 37.5) / 6 = 79.17; sector ≥ 30
    result = result_of(smedx_1567, sheet, kind="enterprise", sector="tap-hoa")
    assert result.pillar_scores["sector-tools"] == D("37.50")
    assert (result.total, result.level) == (D("79.17"), "dot_pha")

    weaker = {**sheet, "retail-counter": ["sheet", "link-none"]}
    # sector = 100 × .25 / 2 = 12.50; total = (300 + 100 + 25) / 6 = 70.83 ≥ 70 but the sector pillar < 30
    result = result_of(smedx_1567, weaker, kind="enterprise", sector="tap-hoa")
    assert (result.total, result.level) == (D("70.83"), "tang_truong")
    assert result.held_back_by == {"dot_pha": ["sector-tools"]}


def test_smedx_1567_asks_each_sector_its_own_tools(smedx_1567):
    structure = structure_for(smedx_1567)
    from assessment.scoring import visible_question_ids

    def sector_questions(sector):
        visible = visible_question_ids(structure, {}, "enterprise", sector)
        return sorted(q.code for q in structure.pillars[2].question_list if q.pk in visible)

    assert sector_questions("che-bien-che-tao") == ["manufacturing-materials", "manufacturing-production"]
    assert sector_questions("nong-lam-thuy-san") == ["agriculture-farm", "agriculture-sales"]
    assert sector_questions("luu-tru") == ["hospitality-booking", "hospitality-orders"]
    assert sector_questions("giao-duc") == ["services-booking", "services-delivery"]
    assert sector_questions("tap-hoa") == ["retail-counter", "retail-online"]
    # without a sector in the profile the sector pillar is left out: (3 × 100 + 1 × 100) / 4 = 100
    result = result_of(smedx_1567, SMEDX_COMMON_BEST, kind="enterprise", sector=None)
    assert "sector-tools" not in result.pillar_scores and result.total == D("100.00")


# --- DBI 2021 (QĐ 1970): 60 criteria, 0–5 each (strategy 0–25), 320 points --------------------------------


@pytest.fixture
def dbi():
    return load_set("smedx-dbi-2021.yaml")


def dbi_sheet(structure, by_pillar: dict[str, str], strategy: str) -> dict:
    sheet = {}
    for pillar in structure.pillars:
        for question in pillar.question_list:
            sheet[question.code] = strategy if question.code == "dx-strategy" else by_pillar[pillar.code]
    return sheet


def test_dbi_structure_matches_the_decision(dbi):
    structure = structure_for(dbi)
    assert len(structure.questions) == 60 and len(structure.pillars) == 6
    assert sum(len(p.sub_indices) for p in structure.pillars) == 10
    assert dbi.scale["max_points"] == "320" and dbi.is_legacy


@pytest.mark.parametrize(
    "by_pillar, strategy, points, value, level",
    [
        # every criterion 3 of 5, strategy 15 of 25: 59 × 3 + 15 = 192; each pillar 60 % → pillar level 3;
        # level 4 needs > 192 → DBI 3 "Hình thành"
        ({}, "s15", "192", 3, "tang_truong"),
        # four pillars full (65 + 25 + 80 + 65 = 235), culture and data at 1 (10 + 7, 20 % → pillar level 1):
        # 252 points > 192, but only 4 pillars at level ≥ 4 (5 needed) → DBI 3
        ({"*": "m5", "dbi-culture": "m1", "dbi-data-assets": "m1"}, "s25", "252", 3, "tang_truong"),
        # everything at its best: 320 points, all six pillars at 5 → DBI 5 "Dẫn dắt"
        ({"*": "m5"}, "s25", "320", 5, "dot_pha"),
        # only the strategy, 20 points: ≤ 20 → DBI 0
        ({"*": "m0"}, "s20", "20", 0, "san_sang"),
        # strategy 25 + 59 criteria at 1: 84 points > 64 and every pillar ≥ 20 % → but pillar level 2 needs
        # > 20 %: customer 13 / 65 = 20 % (level 1) … only strategy (100 %) at ≥ 2 → DBI 1 (> 20, ≥ 4 at ≥ 1)
        ({"*": "m1"}, "s25", "84", 1, "san_sang"),
    ],
    ids=["dbi3", "pillars-hold-back", "dbi5", "dbi0", "dbi1"],
)
def test_dbi_level_rule(dbi, by_pillar, strategy, points, value, level):
    structure = structure_for(dbi)
    default = by_pillar.get("*", "m3")
    answers = dbi_sheet(
        structure, {p.code: by_pillar.get(p.code, default) for p in structure.pillars}, strategy
    )
    result = score(structure, answers_from(structure, answers), "enterprise", None)
    assert (result.points, result.scale_value, result.level) == (D(points), value, level)
    assert result.total == (D(points) * 100 / 320).quantize(D("0.01"))
