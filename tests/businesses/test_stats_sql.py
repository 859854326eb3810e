"""The summary bookkeeping's hand-written upserts (`businesses.stats_sql`) and their ORM twins leave the same
rows: increments to cells that exist and to new ones, and a business's result written then rewritten."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from businesses.models import BusinessResult, PillarStat, ProvinceStat
from businesses.stats_sql import increment_orm, increment_statement, result_orm, result_statement
from smedx_portal.db import run_together
from smedx_portal.programmes import Programme
from tests.factories import BusinessFactory
from tests.twins import TWIN, assert_same_effect

pytestmark = TWIN
WHEN = timezone.make_aware(datetime.datetime(2026, 10, 15, 9, 30))


def cells(model, *names):
    return lambda: list(model.objects.values(*names, "businesses", "score_sum"))


def test_increments_of_existing_and_new_cells_are_the_same_both_ways():
    ProvinceStat.objects.create(
        province_id=1, kind="retail_store", sector_id=0, programme=Programme.RDX, level="", businesses=4
    )
    key = {"province_id": 1, "kind": "retail_store", "sector_id": 0, "programme": Programme.RDX}
    rows = [
        ({**key, "level": ""}, {"businesses": -1, "score_sum": Decimal("0")}),  # leaves the unsurveyed cell
        ({**key, "level": "growth"}, {"businesses": 1, "score_sum": Decimal("55.50")}),  # a new cell
    ]
    found = assert_same_effect(
        lambda: run_together([increment_statement(ProvinceStat, rows)]),
        lambda: increment_orm(ProvinceStat, rows),
        cells(ProvinceStat, "province_id", "kind", "sector_id", "programme", "level"),
    )
    assert len(found) == 2


def test_pillar_cells_both_ways():
    rows = [
        (
            {"province_id": 79, "programme": Programme.SMEDX, "pillar": pillar},
            {"businesses": 1, "score_sum": score},
        )
        for pillar, score in (("A", Decimal("40")), ("B", Decimal("72.25")))
    ]
    assert_same_effect(
        lambda: run_together([increment_statement(PillarStat, rows)]),
        lambda: increment_orm(PillarStat, rows),
        cells(PillarStat, "province_id", "programme", "pillar"),
    )


@pytest.mark.parametrize("earlier", [False, True], ids=["first result", "a result rewritten"])
def test_a_business_result_is_upserted_the_same_both_ways(earlier):
    business = BusinessFactory()
    if earlier:
        BusinessResult.objects.create(
            business=business,
            programme=Programme.RDX,
            level="ready",
            score=Decimal("20"),
            pillar_scores={"A": "20.00"},
            criteria_set_id=1,
            criteria_version=1,
            assessed_at=WHEN - datetime.timedelta(days=30),
        )
    result = BusinessResult(
        business_id=business.pk,
        programme=Programme.RDX,
        level="growth",
        score=Decimal("61.50"),
        pillar_scores={"A": "50.00", "B": "73.00"},
        criteria_set_id=2,
        criteria_version=2,
        assessed_at=WHEN,
    )
    names = ("business_id", "programme", "level", "score", "pillar_scores", "criteria_set_id", "assessed_at")
    (row,) = assert_same_effect(
        lambda: run_together([result_statement(result)]),
        lambda: result_orm(result),
        lambda: list(BusinessResult.objects.values(*names)),
    )
    assert ("level", "growth") in row
