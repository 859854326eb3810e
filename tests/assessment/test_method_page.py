"""The method page explains the published sets from their own data (so it cannot drift from the scoring): QĐ
1567/2025's tool inventory with its points and link levels, DBI 2021's points, bands and 0–5 levels by points
plus pillars (legacy), RDX's store set with its thresholds; the values the sources don't confirm are marked
provisional; the portal's retired trial sets are listed with their label."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.formats import number_format

from assessment.models import QuestionType
from assessment.services.criteria_sets import criteria_set_retire
from assessment.structure import structure_for
from tests.assessment.conftest import load_set

pytestmark = pytest.mark.django_db
METHOD = reverse("assessment:method")


def _number(value) -> str:
    return number_format(value.normalize(), use_l10n=True)


@pytest.fixture
def published():
    trials = [load_set("smedx.yaml"), load_set("rdx.yaml")]
    for trial in trials:
        criteria_set_retire(criteria_set=trial, actor=None, reason="Thay bằng bộ theo văn bản chính thức")
    return {
        "smedx": load_set("smedx-1567-2025.yaml"),
        "dbi": load_set("smedx-dbi-2021.yaml"),
        "rdx": load_set("rdx-stores-1459.yaml"),
        "trials": trials,
    }


def test_each_published_set_is_explained_from_its_data(client, published):
    html = client.get(METHOD).content.decode()
    for key in ("smedx", "dbi", "rdx"):
        criteria_set = published[key]
        assert criteria_set.display_title in html
        assert criteria_set.source_decision in html and criteria_set.source_date.strftime("%d/%m/%Y") in html
        for entry in criteria_set.provisional:  # every provisional value, with why
            assert entry["what"] in html and entry["why"] in html
    for key in ("smedx", "rdx"):  # tool inventories: every function, tool points and link levels
        criteria_set = published[key]
        growth = _number(criteria_set.growth_threshold)
        assert f"Tăng trưởng: tổng điểm từ {growth}/100" in html
        for question in structure_for(criteria_set).questions.values():
            if question.type == QuestionType.TOOLS:
                assert question.display_area in html
                assert all(option.display_label in html for option in question.option_list)
    assert "Tích hợp tự động với các công cụ khác: 2 điểm" in html  # QĐ 1567's link levels
    assert "Tự động chuyển sang công cụ khác (kết nối sẵn): 2 điểm" in html  # the stores' set's


def test_the_dbi_levels_by_points_and_pillars(client, published):
    html = client.get(METHOD).content.decode()
    scale = published["dbi"].scale
    assert f"tối đa {scale['max_points']} điểm" in html
    for entry in scale["levels"]:
        assert f"{entry['value']} — {entry['label']}" in html
    assert "<td>256</td><td>6</td><td>Đột phá</td>" in html.replace(
        "\n", ""
    )  # 5 — Dẫn dắt: > 256 and 6 pillars
    assert "Phiên bản cũ, giữ để so sánh" in html


def test_retired_trial_sets_are_labelled(client, published):
    html = client.get(METHOD).content.decode()
    assert "Bộ tiêu chí thử nghiệm của cổng (đã thay thế)" in html
    for trial in published["trials"]:
        assert trial.display_title in html


def test_a_changed_threshold_shows_at_once(client, published):
    """Read from the data: a new version with another threshold shows the new figure, not a text."""
    rdx = published["rdx"]
    html = client.get(METHOD).content.decode()
    assert f"Đột phá: tổng điểm từ {_number(rdx.breakthrough_threshold)}/100" in html
    assert "Đột phá: tổng điểm từ 72,50/100" not in html
    type(rdx).objects.filter(pk=rdx.pk).update(breakthrough_threshold="72.5")
    assert "Đột phá: tổng điểm từ 72,50/100" in client.get(METHOD).content.decode()
