"""Open statistics (no personal data, no cell below the minimum, JSON and CSV, province scopes). Identity
exchange: test_identity_lookup.py."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from businesses.models import BusinessKind, Province
from businesses.stats import stats_rebuild
from smedx_portal.levels import Level
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/businesses/"


@pytest.fixture
def businesses():
    """Hà Nội (01): 6 stores at level growth, 3 stores not assessed, 2 enterprises; Huế (46): 7 stores."""
    hue = Province.objects.get(code=46)
    for _ in range(6):
        BusinessFactory(result={"level": Level.GROWTH, "score": Decimal("60.00")}, name="Tạp hóa Bí Mật")
    for _ in range(3):
        BusinessFactory()
    for _ in range(2):
        BusinessFactory(
            kind=BusinessKind.ENTERPRISE,
            in_smedx=True,
            in_rdx=False,
            result={"level": Level.READY, "score": Decimal("30")},
        )
    for _ in range(7):
        BusinessFactory(
            province=hue,
            ward=hue.wards.order_by("code").first(),
            result={"level": Level.READY, "score": Decimal("20")},
        )
    stats_rebuild()


def cells(response):
    return {
        tuple(row.get(name) for name in ("province_code", "kind", "level")): (
            row["businesses"],
            row["suppressed"],
        )
        for row in response.json()["results"]
    }


def test_cells_below_the_minimum_are_suppressed(businesses, call, issue_key, django_assert_max_num_queries):
    _key, raw = issue_key(["stats:read"])
    with django_assert_max_num_queries(6):
        response = call("get", STATS + "?group_by=province,kind,level&programme=RDX", key=raw)
    assert response.status_code == 200
    body = response.json()
    assert body["min_cell"] == 5 and body["group_by"] == ["province", "kind", "level"]
    assert body["programme"] == "RDX"
    assert cells(response) == {
        ("01", "retail_store", "tang_truong"): (6, False),
        ("01", "retail_store", None): (None, True),
        ("46", "retail_store", "san_sang"): (7, False),
    }
    hidden = [row for row in body["results"] if row["suppressed"]]
    assert all(row["businesses"] is None and row["average_score"] is None for row in hidden)
    shown = {row["province_code"]: row["average_score"] for row in body["results"] if not row["suppressed"]}
    assert shown == {"01": "60.00", "46": "20.00"}
    assert "Bí Mật" not in response.content.decode() and "tax_code" not in response.content.decode()


def test_the_minimum_is_configurable(businesses, call, issue_key, settings):
    settings.API_STATS_MIN_CELL = 3
    _key, raw = issue_key(["stats:read"])
    response = call("get", STATS + "?group_by=province,kind,level&programme=RDX", key=raw)
    assert cells(response)[("01", "retail_store", None)] == (3, False)
    smedx = call("get", STATS + "?group_by=province,kind,level", key=raw)  # SMEdx unless asked
    assert smedx.json()["programme"] == "SMEDX"
    assert cells(smedx) == {("01", "enterprise", "san_sang"): (None, True)}


def test_coarser_groups_and_filters(businesses, call, issue_key):
    _key, raw = issue_key(["stats:read"])
    by_province = call("get", STATS + "?group_by=province&programme=RDX", key=raw).json()["results"]
    assert [(row["province_code"], row["province_name"], row["businesses"]) for row in by_province] == [
        ("01", "Thành phố Hà Nội", 9),
        ("46", Province.objects.get(code=46).name, 7),
    ]
    smedx = call("get", STATS + "?group_by=kind&programme=SMEDX", key=raw).json()["results"]
    assert smedx == [{"kind": "enterprise", "businesses": None, "average_score": None, "suppressed": True}]
    not_assessed = call("get", STATS + "?group_by=province&level=none&programme=RDX", key=raw).json()[
        "results"
    ]
    assert [(row["province_code"], row["suppressed"]) for row in not_assessed] == [("01", True)]
    by_sector = call("get", STATS + "?group_by=sector&sector=tap-hoa&programme=RDX", key=raw).json()[
        "results"
    ]
    assert by_sector == [
        {"sector": "tap-hoa", "businesses": 16, "average_score": "31.25", "suppressed": False}
    ]


def test_csv_has_the_same_rows(businesses, call, issue_key):
    _key, raw = issue_key(["stats:read"])
    response = call("get", STATS + "?group_by=province,kind,level&programme=RDX&format=csv", key=raw)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "province_code",
        "province_name",
        "kind",
        "level",
        "businesses",
        "average_score",
        "suppressed",
    ]
    assert {(row["province_code"], row["kind"], row["level"], row["businesses"]) for row in rows} == {
        ("01", "retail_store", "tang_truong", "6"),
        ("01", "retail_store", "", ""),
        ("46", "retail_store", "san_sang", "7"),
    }
    by_accept = call("get", STATS + "?group_by=province", key=raw, HTTP_ACCEPT="text/csv")
    assert by_accept["Content-Type"].startswith("text/csv")


def test_a_province_key_sees_only_its_province(businesses, call, issue_key):
    _key, hanoi = issue_key(["province:01:read"])
    response = call("get", STATS + "?group_by=province", key=hanoi)
    assert [row["province_code"] for row in response.json()["results"]] == ["01"]
    assert call("get", STATS + "?province=01&group_by=kind", key=hanoi).status_code == 200
    refused = call("get", STATS + "?province=46", key=hanoi)
    assert refused.status_code == 403
    assert refused.json()["error"]["details"]["required_scopes"] == ["stats:read", "province:46:read"]


def test_stats_need_a_stats_or_province_scope(call, issue_key):
    _key, raw = issue_key(["identity:read", "catalogue:read"])
    response = call("get", STATS, key=raw)
    assert response.status_code == 403 and response.json()["error"]["code"] == "missing_scope"


def test_statistics_are_cached_briefly_per_query_and_scope(
    businesses, call, issue_key, django_assert_max_num_queries, settings
):
    _key, national = issue_key(["stats:read"])
    _key, hanoi = issue_key(["province:01:read"])
    first = call("get", STATS + "?group_by=province&programme=RDX", key=national).json()
    BusinessFactory.create_batch(5)
    from businesses.stats import stats_rebuild

    stats_rebuild()
    with django_assert_max_num_queries(3):  # the key, its last use, the call log: no statistics query
        again = call("get", STATS + "?group_by=province&programme=RDX", key=national).json()
    assert again == first
    assert [
        row["province_code"] for row in call("get", STATS + "?group_by=province", key=hanoi).json()["results"]
    ] == ["01"]
    settings.API_STATS_CACHE_SECONDS = 0
    from django.core.cache import cache

    cache.clear()
    fresh = call("get", STATS + "?group_by=province&programme=RDX", key=national).json()
    assert fresh["results"][0]["businesses"] == first["results"][0]["businesses"] + 5
