"""Each scope opens its endpoints and no other: a key holding only that scope is allowed there (not 403) and
refused (403 missing_scope) everywhere else."""

from __future__ import annotations

import pytest

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms.models import ListingStatus, UsageRegistration
from tests.factories import BusinessFactory, MembershipFactory, consenting
from tests.platforms.factories import ListingFactory, PlatformFactory, ProviderFactory

pytestmark = pytest.mark.django_db

SCOPES = ["catalogue:read", "leads:read", "leads:write", "stats:read", "province:01:read", "identity:read"]
# endpoint name -> (method, url, body, the scopes that open it)
ENDPOINTS = {
    "catalogue": ("get", "/api/v1/catalogue/groups/", None, {"catalogue:read"}),
    "leads-list": ("get", "/api/v1/provider/usage-registrations/", None, {"leads:read", "leads:write"}),
    "leads-reject": (
        "post",
        "/api/v1/provider/usage-registrations/{pk}/reject/",
        {"reason": "Không phù hợp"},
        {"leads:write"},
    ),
    "figures-report": (
        "post",
        "/api/v1/provider/usage-figures/",
        {
            "platform": "{platform}",
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "active_businesses": 1,
        },
        {"leads:write"},
    ),
    "webhook-set": ("put", "/api/v1/webhook/", {"url": "https://93.184.215.14/hook"}, {"leads:write"}),
    "stats-national": ("get", "/api/v1/stats/businesses/", None, {"stats:read", "province:01:read"}),
    "stats-hanoi": ("get", "/api/v1/stats/businesses/?province=01", None, {"stats:read", "province:01:read"}),
    "stats-hue": ("get", "/api/v1/stats/businesses/?province=46", None, {"stats:read"}),
    "identity": (
        "post",
        "/api/v1/identity/lookup/",
        {"tax_codes": ["0100109106"], "purpose": "Đối chiếu hồ sơ"},
        {"identity:read"},
    ),
}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def provider_data():
    provider = ProviderFactory()
    platform = PlatformFactory(provider=provider)
    ListingFactory(platform=platform, status=ListingStatus.SELECTED, slot=1)
    membership = MembershipFactory(business=BusinessFactory(verification_status=VerificationStatus.VERIFIED))
    consenting(
        membership.user, ConsentPurpose.PROVIDER_SHARING
    )  # a lead reaches only a consenting business's provider
    registration = UsageRegistration.objects.create(
        business=membership.business, platform=platform, requested_by=membership.user
    )
    return provider, platform, registration


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_each_scope_is_allowed_where_it_belongs_and_refused_elsewhere(
    scope, endpoint, provider_data, call, issue_key
):
    provider, platform, registration = provider_data
    method, url, body, opened_by = ENDPOINTS[endpoint]
    url = url.format(pk=registration.pk)
    if body and body.get("platform") == "{platform}":
        body = {**body, "platform": platform.pk}
    owner = (
        provider
        if scope.startswith("leads:") or endpoint.startswith(("leads", "figures", "webhook"))
        else None
    )
    _key, raw = issue_key([scope], owner=owner)
    response = call(method, url, key=raw, **({"data": body} if body is not None else {}))
    if scope in opened_by:
        assert response.status_code in (200, 201), response.content
    else:
        assert response.status_code == 403, response.content
        assert response.json()["error"]["code"] == "missing_scope"


def test_a_key_with_every_scope_opens_everything(provider_data, call, issue_key):
    provider, platform, registration = provider_data
    _key, raw = issue_key(SCOPES, owner=provider)
    for method, url, body, _scopes in ENDPOINTS.values():
        url = url.format(pk=registration.pk)
        if body and body.get("platform") == "{platform}":
            body = {**body, "platform": platform.pk}
        response = call(method, url, key=raw, **({"data": body} if body is not None else {}))
        assert response.status_code in (200, 201, 409), (url, response.content)
