"""A business that scored 100 on SMEdx and then 4.94 on RDX is "đột phá" in SMEdx and "sẵn sàng" in RDX:
on the dashboards, in reports, the ranking, segments, campaigns' segments and the API (issue 16, item 1; the
identity API's levels per programme are tested in tests/api/test_identity_lookup.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from businesses.models import BusinessKind, BusinessResult
from businesses.stats import stats_recount
from campaigns.segments import Segment, segment_businesses
from reports.ranking import ranking_compute
from reports.segments import segment_groups, segments_refresh
from reports.selectors import national_dashboard, province_dashboard, report_cut
from smedx_portal.api.keys import api_key_issue
from smedx_portal.programmes import Programme
from tests.reports.factories import counted_business, surveyed

pytestmark = pytest.mark.django_db
NONE = {"san_sang": 0, "tang_truong": 0, "dot_pha": 0}


@pytest.fixture
def both():
    """Surveyed on SMEdx first (100, đột phá), then on RDX (4.94, sẵn sàng)."""
    business = counted_business(
        kind=BusinessKind.HOUSEHOLD, in_smedx=True, in_rdx=True, tax_code="0100109106"
    )
    earlier = timezone.now() - datetime.timedelta(days=1)
    surveyed(business, "dot_pha", "100", pillars={"dbi-strategy": 100}, at=earlier, programme=Programme.SMEDX)
    surveyed(business, "san_sang", "4.94", pillars={"rdx-operations": "4.94"}, programme=Programme.RDX)
    return business


def test_the_dashboards_count_each_programme_from_its_own_result(both, client, staff):
    smedx = national_dashboard(programme=Programme.SMEDX, use_cache=False)
    rdx = national_dashboard(programme=Programme.RDX, use_cache=False)
    assert smedx["total"]["levels"] == {**NONE, "dot_pha": 1}
    assert rdx["total"]["levels"] == {**NONE, "san_sang": 1}
    assert (smedx["total"]["average_score"], rdx["total"]["average_score"]) == (
        Decimal("100"),
        Decimal("4.94"),
    )
    assert [row["code"] for row in smedx["pillars"]] == ["dbi-strategy"]
    assert [row["code"] for row in rdx["pillars"]] == ["rdx-operations"]
    assert sum(smedx["trend"]["levels"]["dot_pha"]) == 1 and sum(smedx["trend"]["levels"]["san_sang"]) == 0
    assert sum(rdx["trend"]["levels"]["dot_pha"]) == 0 and sum(rdx["trend"]["levels"]["san_sang"]) == 1
    province = province_dashboard(province_id=both.province_id, programme=Programme.RDX, use_cache=False)
    assert province["total"]["levels"] == {**NONE, "san_sang": 1}
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}

    client.force_login(staff)
    for programme, level in ((Programme.SMEDX, "Đột phá"), (Programme.RDX, "Sẵn sàng")):
        html = client.get(reverse("reports:national"), {"programme": programme}).content.decode()
        assert f'data-programme="{programme}"' in html  # the page names the programme it shows
        assert level in html
    # no programme asked: SMEdx, said so on the page
    assert 'data-programme="SMEDX"' in client.get(reverse("reports:national")).content.decode()


def test_reports_ranking_and_segments_are_per_programme(both):
    today = timezone.localdate()
    common = {
        "province_id": None,
        "period_from": today - datetime.timedelta(days=30),
        "period_to": today,
        "field": "province_id",
        "labels": {},
        "missing": "?",
    }
    (smedx_row,) = report_cut(programme=Programme.SMEDX, **common)
    (rdx_row,) = report_cut(programme=Programme.RDX, **common)
    assert smedx_row["levels"] == {**NONE, "dot_pha": 1}
    assert rdx_row["levels"] == {**NONE, "san_sang": 1}

    ranked = {programme: ranking_compute(today.year, programme) for programme in Programme.values}
    hanoi = {
        programme: next(row for row in rows if row.province_id == 1) for programme, rows in ranked.items()
    }
    assert (hanoi["SMEDX"].average_level, hanoi["RDX"].average_level) == (3, 1)
    assert (hanoi["SMEDX"].surveyed, hanoi["RDX"].surveyed) == (1, 1)

    segments_refresh()
    (smedx_group,) = segment_groups(programme=Programme.SMEDX)
    (rdx_group,) = segment_groups(programme=Programme.RDX)
    assert (smedx_group["pillar"], smedx_group["levels"]) == ("dbi-strategy", {**NONE, "dot_pha": 1})
    assert (rdx_group["pillar"], rdx_group["levels"]) == ("rdx-operations", {**NONE, "san_sang": 1})


def test_campaign_segments_read_the_level_of_their_programme(both):
    def matches(programme, level):
        segment = Segment(programme=programme, levels=(level,))
        return list(segment_businesses(segment).values_list("pk", flat=True))

    assert matches(Programme.SMEDX, "dot_pha") == [both.pk]
    assert matches(Programme.RDX, "dot_pha") == []
    assert matches(Programme.RDX, "san_sang") == [both.pk]
    assert matches(Programme.SMEDX, "san_sang") == []


def test_the_api_gives_each_programmes_level(both, settings):
    settings.API_STATS_MIN_CELL = 1
    client = APIClient()
    raw = api_key_issue(name="Thử", scopes=["stats:read"], owner=None).raw_key
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for programme, level in ((Programme.SMEDX, "dot_pha"), (Programme.RDX, "san_sang")):
        body = client.get(
            "/api/v1/stats/businesses/", {"group_by": "level", "programme": programme}, **headers
        ).json()
        assert body["programme"] == programme
        assert [(row["level"], row["businesses"]) for row in body["results"]] == [(level, 1)]
    assert BusinessResult.objects.filter(business=both).count() == 2
