"""A dashboard's summary cells: the hand-written UNION ALL (`reports.summary_sql.summary_cells`) and its ORM twin
read the same cells, nationally and per province, for each programme."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reports.selectors.rows import month_range
from reports.summary_sql import by_part, summary_cells, summary_cells_orm
from tests.twins import TWIN, assert_same_rows

pytestmark = TWIN


@pytest.mark.parametrize("province_id", [None, 1, 79, 48])
@pytest.mark.parametrize("programme", ["SMEDX", "RDX"])
def test_the_hand_written_summary_cells_are_the_orms(dataset, province_id, programme):
    axis = month_range(timezone.localdate(), 24)
    cells = assert_same_rows(
        summary_cells,
        summary_cells_orm,
        province_id=province_id,
        programme=programme,
        first=axis[0],
        last=axis[-1],
    )
    if province_id in (None, 1):
        assert cells  # the dataset has businesses there
    if province_id == 48:
        assert not cells  # no business in Đà Nẵng


def test_the_cells_of_the_national_dashboard(dataset):
    axis = month_range(timezone.localdate(), 24)
    parts = by_part(summary_cells(province_id=None, programme="RDX", first=axis[0], last=axis[-1]))
    assert sum(n for *_rest, n, _s in parts["area"]) == 7  # seven RDX businesses
    assert {text for _p, _k, text, *_rest in parts["kind"]} == {"retail_store", "household"}
    assert {text for _p, _k, text, *_rest in parts["pillar"]} == {"rdx-operations", "rdx-customers-sales"}
    assert [text for _p, _k, text, *_rest in parts["pillar"]] == sorted(
        text for _p, _k, text, *_rest in parts["pillar"]
    )
    assert all(isinstance(month, datetime.date) for _p, _k, _t, month, *_rest in parts["month"])
    assert sum(n for *_rest, n, _s in parts["month"]) == 4
