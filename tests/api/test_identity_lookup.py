"""The identity API: a purpose is required, only businesses whose representative consented to partner sharing
are answered (others look unregistered), a CCCD comes back masked, every lookup is logged and keys are
throttled; names, phones and addresses never leave."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import Consent, ConsentPurpose
from businesses.models import BusinessKind, IdentityLookup, MembershipStatus, VerificationStatus
from smedx_portal.levels import Level
from tests.factories import BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db
IDENTITY = "/api/v1/identity/lookup/"
PURPOSE = "Đối chiếu hồ sơ hỗ trợ bán lẻ RDX"
CCCD = "079190004321"


def _consent(business, purpose=ConsentPurpose.PARTNER_SHARING):
    membership = MembershipFactory(business=business, status=MembershipStatus.ACTIVE)
    Consent.objects.create(user=membership.user, purpose=purpose, notice_version="1")
    return membership


@pytest.fixture
def enterprise():
    business = BusinessFactory(
        name="Công ty TNHH Bí Mật",
        tax_code="0100109106",
        kind=BusinessKind.ENTERPRISE,
        in_smedx=True,
        in_rdx=True,
        verification_status=VerificationStatus.VERIFIED,
        result={"programme": "SMEDX", "level": Level.GROWTH},
        address="12 Phố Huế",
        phone="0241234567",
    )
    _consent(business)
    return business


def test_a_consenting_business_is_answered_with_what_partners_may_know(
    enterprise, call, issue_key, django_assert_max_num_queries
):
    key, raw = issue_key(["identity:read"])
    codes = ["0100109106", "0100 109 106", "0312345602"]
    with django_assert_max_num_queries(8):
        response = call("post", IDENTITY, key=raw, data={"purpose": PURPOSE, "tax_codes": codes})
    assert response.status_code == 200
    found, same, missing = response.json()["results"]
    assert found == {
        "tax_code": "0100109106",
        "registered": True,
        "programmes": ["SMEDX", "RDX"],
        "verified": True,
        "verification_status": "verified",
        "levels": [
            {
                "programme": "SMEDX",
                "level": "tang_truong",
                "assessed_at": found["levels"][0]["assessed_at"],
                "trial_criteria": False,
                "criteria_note": "",
            }
        ],
    }
    assessed_at = enterprise.result_for("SMEDX").assessed_at
    assert datetime.datetime.fromisoformat(found["levels"][0]["assessed_at"]) == assessed_at
    assert same == found
    assert missing["registered"] is False and missing["programmes"] == [] and missing["levels"] == []
    text = response.content.decode()
    assert all(secret not in text for secret in ("Bí Mật", "Phố Huế", "0241234567"))
    log = IdentityLookup.objects.get()
    assert (log.api_key, log.purpose, log.count, log.answered) == (key, PURPOSE, 3, 2)


def test_a_business_without_consent_looks_unregistered(call, issue_key):
    business = BusinessFactory(kind=BusinessKind.HOUSEHOLD, tax_code=CCCD, result={"level": Level.GROWTH})
    _consent(business, purpose=ConsentPurpose.PROVIDER_SHARING)  # another purpose is not enough
    withdrawn = _consent(BusinessFactory(kind=BusinessKind.ENTERPRISE, tax_code="0100109106"))
    Consent.objects.filter(user=withdrawn.user).update(withdrawn_at=timezone.now())
    _key, raw = issue_key(["identity:read"])
    response = call("post", IDENTITY, key=raw, data={"purpose": PURPOSE, "tax_codes": [CCCD, "0100109106"]})
    assert response.status_code == 200
    assert [row["registered"] for row in response.json()["results"]] == [False, False]
    assert IdentityLookup.objects.get().answered == 0


def test_a_cccd_is_answered_masked(call, issue_key):
    _consent(BusinessFactory(kind=BusinessKind.HOUSEHOLD, tax_code=CCCD))
    _key, raw = issue_key(["identity:read"])
    response = call("post", IDENTITY, key=raw, data={"purpose": PURPOSE, "tax_codes": [CCCD]})
    (row,) = response.json()["results"]
    assert row["registered"] is True and row["tax_code"] == "0791******21"
    assert CCCD not in response.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        {"tax_codes": ["0100109106"]},
        {"purpose": "", "tax_codes": ["0100109106"]},
        {"purpose": "vì", "tax_codes": ["0100109106"]},
        {"purpose": "x" * 501, "tax_codes": ["0100109106"]},
        {"purpose": PURPOSE},
        {"purpose": PURPOSE, "tax_codes": []},
        {"purpose": PURPOSE, "tax_codes": ["0100109106"] * 101},
        {"purpose": PURPOSE, "tax_codes": "0100109106"},
        [1, 2],
    ],
)
def test_a_lookup_without_a_purpose_or_with_bad_codes_is_400_and_not_logged(call, issue_key, body):
    _key, raw = issue_key(["identity:read"])
    response = call("post", IDENTITY, key=raw, data=body)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_parameter"
    assert not IdentityLookup.objects.exists()


def test_invalid_tax_codes_are_400_with_their_position(call, issue_key):
    _key, raw = issue_key(["identity:read"])
    response = call(
        "post", IDENTITY, key=raw, data={"purpose": PURPOSE, "tax_codes": ["0100109106", "0100109107", "abc"]}
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["details"]["fields"]) == {"tax_codes.1", "tax_codes.2"}


def test_identity_needs_the_identity_scope(call, issue_key):
    _key, raw = issue_key(["stats:read"])
    response = call("post", IDENTITY, key=raw, data={"purpose": PURPOSE, "tax_codes": ["0100109106"]})
    assert response.status_code == 403
    assert response.json()["error"]["details"]["required_scopes"] == ["identity:read"]


def test_lookups_are_throttled_per_key(call, issue_key, settings):
    settings.API_IDENTITY_THROTTLE_RATE = "2/min"
    _key, first = issue_key(["identity:read"])
    _key, second = issue_key(["identity:read"])
    body = {"purpose": PURPOSE, "tax_codes": ["0100109106"]}
    assert [call("post", IDENTITY, key=first, data=body).status_code for _ in range(3)] == [200, 200, 429]
    refused = call("post", IDENTITY, key=first, data=body)
    assert refused.json()["error"]["code"] == "throttled" and "Retry-After" in refused.headers
    assert call("post", IDENTITY, key=second, data=body).status_code == 200
    assert IdentityLookup.objects.count() == 3


def test_staff_review_the_log_in_the_admin_and_officers_cannot(client, enterprise, call, issue_key):
    from tests.factories import ProvinceOfficerFactory, StaffFactory

    _key, raw = issue_key(["identity:read"], name="Cổng Bộ Công Thương")
    call("post", IDENTITY, key=raw, data={"purpose": PURPOSE, "tax_codes": ["0100109106"]})
    url = "/admin/businesses/identitylookup/"
    client.force_login(StaffFactory(is_staff=True))
    page = client.get(url)
    assert page.status_code == 200 and PURPOSE in page.content.decode()
    client.force_login(ProvinceOfficerFactory(is_staff=True))
    assert client.get(url).status_code == 403
