import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from reports.selectors import national_dashboard, province_dashboard
from tests.sessions import session_queries

pytestmark = pytest.mark.django_db


def by_key(rows):
    return {row["key"]: row for row in rows}


def test_national_figures_count_every_business_of_the_programme(dataset):
    data = national_dashboard(programme="RDX", use_cache=False)
    assert data["programme"] == "RDX"
    total = data["total"]
    assert (total["registered"], total["surveyed"], total["not_surveyed"]) == (7, 4, 3)
    assert total["levels"] == {"san_sang": 2, "tang_truong": 2, "dot_pha": 0}
    assert total["share"] == 57.1
    assert total["average_score"] == Decimal("55.00")  # (40 + 50 + 70 + 60) / 4
    assert total["average_level"] == Decimal("1.50")  # (1 + 1 + 2 + 2) / 4

    provinces = by_key(data["by_area"])
    assert set(provinces) == {1, 79}
    hanoi, hcm = provinces[1], provinces[79]
    assert hanoi["label"] == "Thành phố Hà Nội"
    assert (hanoi["registered"], hanoi["surveyed"], hanoi["levels"]) == (
        4,
        3,
        {"san_sang": 2, "tang_truong": 1, "dot_pha": 0},
    )
    assert hanoi["average_score"] == Decimal("53.33")
    assert (hcm["registered"], hcm["surveyed"], hcm["levels"]) == (
        3,
        1,
        {"san_sang": 0, "tang_truong": 1, "dot_pha": 0},
    )
    assert [row["key"] for row in data["by_area"]] == [1, 79]  # sorted by registered

    kinds = by_key(data["by_kind"])
    assert {key: (row["registered"], row["surveyed"]) for key, row in kinds.items()} == {
        "retail_store": (4, 3),
        "household": (3, 1),
    }
    sectors = {row["label"]: (row["registered"], row["surveyed"]) for row in data["by_sector"]}
    assert sectors == {"Tạp hóa": (4, 3), "Ăn uống": (3, 1)}

    assert data["programmes"]["SMEDX"] == {"registered": 2, "surveyed": 1, "share": 50.0}
    assert data["programmes"]["RDX"] == {"registered": 7, "surveyed": 4, "share": 57.1}

    pillars = {row["code"]: (row["businesses"], row["average"]) for row in data["pillars"]}
    assert pillars == {"rdx-operations": (4, Decimal("56.25")), "rdx-customers-sales": (4, Decimal("51.25"))}
    trend = data["trend"]
    assert sum(trend["total"]) == 4
    january = trend["months"].index(datetime.date(dataset["year"], 1, 1))
    assert trend["levels"]["san_sang"][january] == 1
    assert trend["levels"]["tang_truong"][january] == 1
    assert trend["levels"]["dot_pha"][january] == 0

    smedx = national_dashboard(programme="SMEDX", use_cache=False)
    assert smedx["total"]["levels"] == {"san_sang": 0, "tang_truong": 0, "dot_pha": 1}
    assert by_key(smedx["by_kind"])["enterprise"]["levels"]["dot_pha"] == 1
    assert {row["code"] for row in smedx["pillars"]} == {"dbi-strategy", "dbi-culture"}
    assert sum(smedx["trend"]["levels"]["dot_pha"]) == 1


def test_programme_filter_keeps_only_that_programmes_businesses(dataset):
    rdx = national_dashboard(programme="RDX", use_cache=False)
    assert (rdx["total"]["registered"], rdx["total"]["surveyed"]) == (7, 4)
    assert {row["code"] for row in rdx["pillars"]} == {"rdx-operations", "rdx-customers-sales"}
    smedx = national_dashboard(programme="SMEDX", use_cache=False)
    assert (smedx["total"]["registered"], smedx["total"]["surveyed"]) == (2, 1)
    assert [row["key"] for row in smedx["by_area"]] == [1]


def test_province_figures_are_cut_by_ward_and_sector(dataset):
    data = province_dashboard(province_id=1, programme="RDX", use_cache=False)
    assert (data["total"]["registered"], data["total"]["surveyed"]) == (4, 3)
    wards = by_key(data["by_area"])
    ward_a, ward_b = dataset["ward_a"], dataset["ward_b"]
    assert set(wards) == {ward_a.code}
    assert wards[ward_a.code]["label"] == ward_a.name
    assert (wards[ward_a.code]["registered"], wards[ward_a.code]["surveyed"]) == (4, 3)
    assert wards[ward_a.code]["levels"] == {"san_sang": 2, "tang_truong": 1, "dot_pha": 0}
    smedx = province_dashboard(province_id=1, use_cache=False)  # SMEdx unless asked
    assert smedx["programme"] == "SMEDX"
    assert (by_key(smedx["by_area"])[ward_b.code]["registered"], smedx["total"]["surveyed"]) == (2, 1)
    sectors = {row["label"]: (row["registered"], row["surveyed"]) for row in data["by_sector"]}
    assert sectors == {"Tạp hóa": (4, 3)}
    pillars = {row["code"]: row["average"] for row in data["pillars"]}
    assert pillars["rdx-operations"] == Decimal("53.33")
    assert pillars["rdx-customers-sales"] == Decimal("56.67")
    assert sum(data["trend"]["total"]) == 3
    assert sum(smedx["trend"]["total"]) == 1
    hcm = province_dashboard(province_id=79, programme="RDX", use_cache=False)
    assert (hcm["total"]["registered"], hcm["total"]["surveyed"]) == (3, 1)


def test_dashboards_are_cached_per_scope(dataset, django_assert_num_queries):
    national_dashboard()
    with django_assert_num_queries(0):
        national_dashboard()
    province_dashboard(province_id=1)
    with django_assert_num_queries(0):
        province_dashboard(province_id=1)
    assert province_dashboard(province_id=79, programme="RDX")["total"]["registered"] == 3


def test_national_page_for_ministry_staff(client, staff, dataset, django_assert_max_num_queries):
    client.force_login(staff)
    # the first view also recounts people reached and the trial results (reports.reach, reports.trial_counts:
    # a task does it every REPORTS_RECOUNT_SECONDS), later ones read them back
    with django_assert_max_num_queries(17 + session_queries()):
        response = client.get(reverse("reports:national"), {"programme": "RDX"})
    cache.clear()  # the cached session too: read from the database either way
    with django_assert_max_num_queries(11):
        assert client.get(reverse("reports:national"), {"programme": "RDX"}).status_code == 200
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-programme="RDX"' in body
    assert 'data-figure="registered">7<' in body
    assert 'data-figure="surveyed">4<' in body
    assert "Hà Nội" in body and "<svg" in body
    assert reverse("reports:province", args=[79]) in body
    # a second view within the cache's lifetime reads no summary table
    with django_assert_max_num_queries(6):
        assert client.get(reverse("reports:national"), {"programme": "RDX"}).status_code == 200


def test_province_page_for_its_officer(client, officer, dataset, django_assert_max_num_queries):
    client.force_login(officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reports:province", args=[1]), {"programme": "RDX"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-figure="registered">4<' in body
    assert dataset["ward_a"].name in body
    assert client.get(reverse("reports:index")).url == reverse("reports:province", args=[1])


def test_officer_sees_only_own_province(client, officer, dataset):
    client.force_login(officer)
    assert client.get(reverse("reports:province", args=[79])).status_code == 404
    assert client.get(reverse("reports:national")).status_code == 403


def test_staff_may_open_any_province(client, staff, dataset):
    client.force_login(staff)
    assert client.get(reverse("reports:province", args=[79])).status_code == 200
    assert client.get(reverse("reports:province", args=[99])).status_code == 404
    assert client.get(reverse("reports:index")).url == reverse("reports:national")


@pytest.mark.parametrize(
    "name,args", [("reports:national", []), ("reports:province", [1]), ("reports:index", [])]
)
def test_dashboards_refuse_anonymous_and_business_users(client, business_user, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    client.force_login(business_user)
    assert client.get(url).status_code == 403


def test_filters_in_the_query_string(client, staff, dataset):
    client.force_login(staff)
    response = client.get(reverse("reports:national"), {"programme": "SMEDX", "year": dataset["year"]})
    assert 'data-figure="registered">2<' in response.content.decode()
    response = client.get(reverse("reports:national"), {"programme": "nonsense"})
    assert response.status_code == 200  # an invalid filter falls back to SMEdx, and says so
    assert 'data-figure="registered">2<' in response.content.decode()
    assert 'data-programme="SMEDX"' in response.content.decode()
