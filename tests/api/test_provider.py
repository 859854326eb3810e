"""Provider endpoints: my usage registrations (filters, cursor pagination), confirm, reject with a reason, usage
figures for a period; another provider's registration is a 404; scopes leads:read / leads:write."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms.models import ListingStatus, Platform, UsageRegistration, UsageStatus
from smedx_portal.models import ApiCall, UsageFigures
from tests.factories import BusinessFactory, MembershipFactory, consenting
from tests.platforms.factories import ListingFactory, PlatformFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def listed_platform(provider, name, slot):
    platform = PlatformFactory(provider=provider, name=name)
    ListingFactory(platform=platform, status=ListingStatus.SELECTED, slot=slot)
    return platform


@pytest.fixture
def market():
    """Two providers, each with a listed platform, and registrations from verified stores."""
    mine, theirs = ProviderFactory(name="Kế Toán Việt"), ProviderFactory(name="Đối Thủ")
    cloud = listed_platform(mine, "Kế toán Mây", 1)
    books = listed_platform(mine, "Sổ Sách Số", 2)
    rival = listed_platform(theirs, "Phần mềm Khác", 3)
    registrations = {}
    for index, (platform, label) in enumerate([(cloud, "a"), (cloud, "b"), (books, "c"), (rival, "x")]):
        membership = MembershipFactory(
            business=BusinessFactory(
                name=f"Tạp hóa {label}",
                verification_status=VerificationStatus.VERIFIED,
                tax_code=None,
                phone="0241234567",
            )
        )
        consenting(membership.user, ConsentPurpose.PROVIDER_SHARING)
        registration = UsageRegistration.objects.create(
            business=membership.business,
            platform=platform,
            listing=platform.listings.get(),
            requested_by=membership.user,
            message=f"Lời nhắn {label}",
        )
        UsageRegistration.objects.filter(pk=registration.pk).update(
            created_at=timezone.make_aware(datetime.datetime(2026, 3, 1 + index, 9, 0))
        )
        registrations[label] = registration
    return {"mine": mine, "theirs": theirs, "cloud": cloud, "books": books, "rival": rival, **registrations}


@pytest.fixture
def reader(market, issue_key):
    return issue_key(["leads:read"], owner=market["mine"])[1]


@pytest.fixture
def writer(market, issue_key):
    return issue_key(["leads:read", "leads:write"], owner=market["mine"])[1]


URL = "/api/v1/provider/usage-registrations/"


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_a_provider_lists_only_its_own_registrations_newest_first(
    market, reader, call, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = call("get", URL, key=reader)
    assert response.status_code == 200
    assert ids(response) == [market["c"].pk, market["b"].pk, market["a"].pk]
    first = response.json()["results"][-1]
    assert first["platform"] == {"id": market["cloud"].pk, "name": "Kế toán Mây"}
    assert first["group"]["code"] == "smedx-accounting-finance" and first["group"]["programme"] == "SMEDX"
    assert first["business"]["name"] == "Tạp hóa a" and first["business"]["province_code"] == "01"
    assert first["contact"]["phone"] == market["a"].requested_by.phone
    assert first["message"] == "Lời nhắn a" and first["status"] == "requested"
    assert "Tạp hóa x" not in response.content.decode()


def test_query_count_does_not_grow_with_the_page(market, reader, call, django_assert_max_num_queries):
    for n in range(20):
        membership = MembershipFactory(
            business=BusinessFactory(verification_status=VerificationStatus.VERIFIED)
        )
        consenting(membership.user, ConsentPurpose.PROVIDER_SHARING)
        UsageRegistration.objects.create(
            business=membership.business, platform=market["cloud"], requested_by=membership.user
        )
    with django_assert_max_num_queries(8):
        response = call("get", URL + "?page_size=50", key=reader)
    assert len(response.json()["results"]) == 23


def test_filters_by_status_date_and_platform(market, reader, call):
    UsageRegistration.objects.filter(pk=market["b"].pk).update(status=UsageStatus.ACTIVE)
    assert ids(call("get", URL + "?status=active", key=reader)) == [market["b"].pk]
    assert ids(call("get", URL + "?created_after=2026-03-02&created_before=2026-03-02", key=reader)) == [
        market["b"].pk
    ]
    assert ids(call("get", URL + "?created_after=2026-03-02", key=reader)) == [market["c"].pk, market["b"].pk]
    assert ids(call("get", URL + f"?platform={market['books'].pk}", key=reader)) == [market["c"].pk]
    assert ids(call("get", URL + f"?platform={market['rival'].pk}", key=reader)) == []


@pytest.mark.parametrize(
    "query",
    [
        "status=done",
        "created_after=03/02/2026",
        "created_before=2026-13-01",
        "platform=abc",
        "page_size=0",
        "cursor=xyz",
    ],
)
def test_bad_filters_are_400_not_500(market, reader, call, query):
    response = call("get", f"{URL}?{query}", key=reader)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_cursor_pagination_walks_every_registration_once(market, reader, call):
    page = call("get", URL + "?page_size=2", key=reader).json()
    assert len(page["results"]) == 2 and page["previous"] is None
    following = call("get", page["next"], key=reader).json()
    assert [*ids_of(page), *ids_of(following)] == [market["c"].pk, market["b"].pk, market["a"].pk]
    assert following["next"] is None


def ids_of(page):
    return [row["id"] for row in page["results"]]


def test_another_providers_registration_is_a_404_everywhere(market, writer, call):
    theirs = market["x"]
    for method, url, data in [
        ("get", f"{URL}{theirs.pk}/", None),
        ("post", f"{URL}{theirs.pk}/confirm/", {}),
        ("post", f"{URL}{theirs.pk}/reject/", {"reason": "Không phù hợp"}),
        ("get", f"{URL}999999/", None),
    ]:
        response = call(method, url, key=writer, **({"data": data} if data is not None else {}))
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.status == UsageStatus.REQUESTED


def test_confirm_activation_then_a_second_confirm_is_a_conflict(market, writer, call):
    response = call("post", f"{URL}{market['a'].pk}/confirm/", key=writer)
    assert response.status_code == 200
    assert response.json()["status"] == "active" and response.json()["confirmed_at"]
    assert Platform.objects.get(pk=market["cloud"].pk).usage_count == 1
    again = call("post", f"{URL}{market['a'].pk}/confirm/", key=writer)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert "đã được xử lý" in again.json()["error"]["message"]


def test_reject_needs_a_reason_the_business_will_see(market, writer, call):
    url = f"{URL}{market['b'].pk}/reject/"
    missing = call("post", url, key=writer, data={})
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["details"]["fields"]
    blank = call("post", url, key=writer, data={"reason": "   "})
    assert blank.status_code == 400
    response = call("post", url, key=writer, data={"reason": "Chưa hỗ trợ ngành dược."})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason"]) == ("declined", "Chưa hỗ trợ ngành dược.")
    assert call("post", f"{URL}{market['b'].pk}/confirm/", key=writer).status_code == 409


def test_leads_read_cannot_write_and_other_scopes_cannot_read(market, reader, call, issue_key):
    response = call("post", f"{URL}{market['a'].pk}/confirm/", key=reader)
    assert response.status_code == 403
    assert response.json()["error"]["details"] == {"required_scopes": ["leads:write"]}
    _key, catalogue_only = issue_key(["catalogue:read"], owner=market["mine"])
    assert call("get", URL, key=catalogue_only).status_code == 403
    market["a"].refresh_from_db()
    assert market["a"].status == UsageStatus.REQUESTED


def test_a_key_owned_by_something_else_is_not_a_provider(call, issue_key):
    _key, raw = issue_key(["leads:read"], owner=BusinessFactory())
    response = call("get", URL, key=raw)
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_a_provider"


def test_calls_are_logged_under_the_route(market, reader, call):
    call("get", f"{URL}{market['a'].pk}/", key=reader)
    assert ApiCall.objects.get().endpoint == "/api/v1/provider/usage-registrations/<int:pk>/"


# --- usage figures ---------------------------------------------------------------------------------------------
FIGURES = "/api/v1/provider/usage-figures/"


def test_report_usage_figures_for_a_period_and_replace_them(market, writer, call):
    data = {
        "platform": market["cloud"].pk,
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "active_businesses": 842,
        "new_businesses": 120,
        "smedx_businesses": 610,
        "rdx_businesses": 232,
    }
    created = call("post", FIGURES, key=writer, data=data)
    assert created.status_code == 201
    assert created.json()["platform"] == market["cloud"].pk and created.json()["active_businesses"] == 842
    replaced = call(
        "post", FIGURES, key=writer, data={**data, "active_businesses": 850, "smedx_businesses": 615}
    )
    assert replaced.status_code == 200
    figures = UsageFigures.objects.get()
    assert (figures.subject, figures.active_businesses, figures.smedx_businesses) == (
        market["cloud"],
        850,
        615,
    )
    listed = call("get", FIGURES, key=writer).json()["results"]
    assert [(row["platform"], row["active_businesses"]) for row in listed] == [(market["cloud"].pk, 850)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": "2025-12-31"}, "period_end"),
        ({"period_start": "2024-01-01"}, "period_end"),
        ({"period_end": "2999-01-31"}, "period_end"),
        ({"smedx_businesses": 900}, "smedx_businesses"),
        ({"active_businesses": -1}, "active_businesses"),
        ({"period_start": "hôm qua"}, "period_start"),
    ],
)
def test_bad_figures_are_refused(market, writer, call, change, field):
    data = {
        "platform": market["cloud"].pk,
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        "active_businesses": 10,
    }
    response = call("post", FIGURES, key=writer, data={**data, **change})
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]["fields"]
    assert not UsageFigures.objects.exists()


def test_figures_for_another_providers_platform_are_refused(market, writer, call):
    data = {
        "platform": market["rival"].pk,
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        "active_businesses": 3,
    }
    response = call("post", FIGURES, key=writer, data=data)
    assert response.status_code == 400 and "platform" in response.json()["error"]["details"]["fields"]
    assert not UsageFigures.objects.exists()


def test_figures_need_leads_write_to_report(market, reader, call):
    data = {
        "platform": market["cloud"].pk,
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        "active_businesses": 3,
    }
    assert call("post", FIGURES, key=reader, data=data).status_code == 403
    assert call("get", FIGURES, key=reader).status_code == 200
