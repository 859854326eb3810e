"""The segmentation's hand-written INSERT … SELECT (`reports.segments_sql.segments_insert`) and its ORM twin count
the same segments, ties between pillars included."""

from __future__ import annotations

from django.utils import timezone

from businesses.models import BusinessResult
from reports.models import SegmentCount
from reports.segments_sql import (
    segments_insert,
    segments_insert_orm,
    weakest_pillar,
    with_weakest_pillar,
    with_weakest_pillar_orm,
)
from tests.reports.factories import counted_business, surveyed
from tests.twins import TWIN, assert_same_effect, assert_same_rows

pytestmark = TWIN


def test_the_hand_written_segment_count_is_the_orms(dataset):
    tie = counted_business(
        province=dataset["hanoi"], ward=dataset["ward_a"], sector=dataset["sectors"]["grocery"]
    )
    surveyed(tie, "san_sang", pillars={"rdx-operations": "20", "rdx-customers-sales": "20"})
    now = timezone.now()
    found = assert_same_effect(
        lambda: segments_insert(now),
        lambda: segments_insert_orm(now),
        lambda: list(
            SegmentCount.objects.values(
                "province_id", "programme", "sector_id", "pillar", "level", "businesses"
            )
        ),
    )
    assert len(found) >= 4


def test_the_database_finds_the_weakest_pillar_as_python_does(dataset):
    tie = counted_business(
        province=dataset["hanoi"], ward=dataset["ward_a"], sector=dataset["sectors"]["grocery"]
    )
    surveyed(tie, "san_sang", pillars={"rdx-operations": "20", "rdx-customers-sales": "20.0"})
    results = BusinessResult.objects.filter(programme="RDX")
    for pillar in ("rdx-customers-sales", "rdx-operations", "no-such-pillar"):
        found = assert_same_rows(
            lambda pillar=pillar: with_weakest_pillar(results, pillar),
            lambda pillar=pillar: with_weakest_pillar_orm(results, pillar),
        )
        assert (pillar == "no-such-pillar") == (not found)


def test_the_weakest_pillar_in_python_breaks_ties_by_code():
    assert weakest_pillar({"b": "20", "a": "20.0", "c": "50"}) == "a"
    assert weakest_pillar({}) is None
