"""catalogue:read: the active groups with their selected (at most three) and complementary platforms."""

from __future__ import annotations

import pytest

from platforms.models import CategoryGroup, ListingStatus
from tests.platforms.factories import ListingFactory, PlatformFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/catalogue/groups/"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue():
    accounting = CategoryGroup.objects.get(code="smedx-accounting-finance")
    ListingFactory(
        platform=PlatformFactory(name="Kế toán Mây"), group=accounting, status=ListingStatus.SELECTED, slot=1
    )
    ListingFactory(
        platform=PlatformFactory(name="Sổ Bổ Sung"), group=accounting, status=ListingStatus.COMPLEMENTARY
    )
    ListingFactory(
        platform=PlatformFactory(name="Đang Chấm"), group=accounting, status=ListingStatus.UNDER_EVALUATION
    )
    ListingFactory(platform=PlatformFactory(name="Bị Loại"), group=accounting, status=ListingStatus.DELISTED)
    return accounting


def test_groups_list_only_selected_and_complementary_platforms(
    catalogue, call, issue_key, django_assert_max_num_queries
):
    _key, raw = issue_key(["catalogue:read"])
    with django_assert_max_num_queries(8):
        response = call("get", URL + "?programme=SMEDX&page_size=200", key=raw)
    assert response.status_code == 200
    groups = {group["code"]: group for group in response.json()["results"]}
    assert set(groups) == set(
        CategoryGroup.objects.active().filter(programme="SMEDX").values_list("code", flat=True)
    )
    platforms = groups[catalogue.code]["platforms"]
    assert [(p["name"], p["status"], p["slot"]) for p in platforms] == [
        ("Kế toán Mây", "selected", 1),
        ("Sổ Bổ Sung", "complementary", None),
    ]
    assert platforms[0]["url"].endswith(f"/nen-tang/{platforms[0]['platform_id']}/")
    assert platforms[0]["certified"] is False


def test_the_programme_filter_and_pagination(catalogue, call, issue_key):
    _key, raw = issue_key(["catalogue:read"])
    rdx = call("get", URL + "?programme=RDX&page_size=200", key=raw).json()["results"]
    assert rdx and all(group["programme"] == "RDX" for group in rdx)
    first = call("get", URL + "?page_size=3", key=raw).json()
    assert len(first["results"]) == 3 and first["next"]
    assert call("get", URL + "?programme=ABC", key=raw).status_code == 400


def test_the_catalogue_needs_its_scope(call, issue_key):
    _key, raw = issue_key(["stats:read"])
    response = call("get", URL, key=raw)
    assert response.status_code == 403 and response.json()["error"]["details"]["required_scopes"] == [
        "catalogue:read"
    ]
