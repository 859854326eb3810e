"""Outreach: a province assigns a segment of surveyed businesses to selected providers (only businesses that
consented to `assigned_contact`), providers see theirs and record follow-ups, the report counts them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.consents import consent_give, consent_withdraw
from accounts.models import ConsentPurpose
from platforms.models import ListingStatus
from programmes.models import FollowUpStep, OutreachAssignment
from programmes.services.outreach import OutreachSegment, follow_up_record, outreach_assign
from programmes.services.reports import report_create
from smedx_portal.programmes import Programme
from tests.factories import MembershipFactory
from tests.platforms.factories import ListingFactory, group
from tests.programmes.conftest import stores

pytestmark = pytest.mark.django_db
SEGMENT = OutreachSegment(programme=Programme.RDX)


def selected_provider(slot: int):
    listing = ListingFactory(group=group("rdx-pos"), status=ListingStatus.SELECTED, slot=slot)
    return listing.platform.provider


@pytest.fixture
def providers(db):
    return selected_provider(1), selected_provider(2)


@pytest.fixture
def surveyed(hcmc):
    """Four surveyed stores: three whose owner consented to be contacted, one who did not."""
    businesses = stores(hcmc, 4, surveyed=4)
    for index, business in enumerate(businesses):
        owner = MembershipFactory(business=business).user
        if index < 3:
            consent_give(user_id=owner.pk, purposes=[ConsentPurpose.ASSIGNED_CONTACT])
    return businesses


def test_assigns_only_consenting_businesses_evenly(surveyed, providers, hcmc_officer):
    made = outreach_assign(
        actor=hcmc_officer, segment=SEGMENT, provider_ids=[p.pk for p in providers], limit=100
    )
    assert sorted(a.business_id for a in made) == sorted(b.pk for b in surveyed[:3])
    counts = sorted(OutreachAssignment.objects.filter(provider=p).count() for p in providers)
    assert counts == [1, 2]
    with pytest.raises(ValidationError):  # all consenting ones are taken now
        outreach_assign(actor=hcmc_officer, segment=SEGMENT, provider_ids=[providers[0].pk], limit=100)


def test_provider_not_selected_refused(surveyed, hcmc_officer):
    listing = ListingFactory(group=group("rdx-pos"), status=ListingStatus.APPLIED)
    with pytest.raises(ValidationError):
        outreach_assign(
            actor=hcmc_officer, segment=SEGMENT, provider_ids=[listing.platform.provider.pk], limit=10
        )


def test_outside_pilot_refused(rdx_pilot, other_officer, providers):
    with pytest.raises(ValidationError, match="Chưa triển khai"):
        outreach_assign(actor=other_officer, segment=SEGMENT, provider_ids=[providers[0].pk], limit=10)


def test_provider_sees_own_consenting_and_records(surveyed, providers, hcmc_officer, client, hcmc):
    outreach_assign(actor=hcmc_officer, segment=SEGMENT, provider_ids=[providers[0].pk], limit=100)
    owner = providers[0].owner
    client.force_login(owner)
    body = client.get(reverse("programmes:provider_outreach")).content.decode()
    assert all(b.name in body for b in surveyed[:3]) and surveyed[3].name not in body
    assignment = OutreachAssignment.objects.filter(provider=providers[0]).first()
    response = client.post(
        reverse("programmes:follow_up", args=[assignment.pk]), {"step": "contacted", "note": "Đã gọi"}
    )
    assert response.status_code == 302 and assignment.follow_ups.get().step == FollowUpStep.CONTACTED
    client.force_login(providers[1].owner)
    assert (
        client.post(reverse("programmes:follow_up", args=[assignment.pk]), {"step": "trained"}).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        follow_up_record(actor=providers[1].owner, assignment=assignment, step="trained")
    report = report_create(
        actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.RDX, year=2026, period="Q4"
    )
    assert report.figures["assigned"] == 3 and report.figures["follow_ups"] == {"contacted": 1}


def test_withdrawn_consent_hides_the_business(surveyed, providers, hcmc_officer, client):
    outreach_assign(actor=hcmc_officer, segment=SEGMENT, provider_ids=[providers[0].pk], limit=100)
    owner = surveyed[0].memberships.get().user
    consent_withdraw(user_id=owner.pk, purpose=ConsentPurpose.ASSIGNED_CONTACT)
    client.force_login(providers[0].owner)
    assert surveyed[0].name not in client.get(reverse("programmes:provider_outreach")).content.decode()


def test_province_page_assigns(surveyed, providers, hcmc_officer, client):
    client.force_login(hcmc_officer)
    response = client.post(
        reverse("programmes:province_outreach"),
        {"programme": "RDX", "providers": [providers[0].pk, providers[1].pk], "limit": "10"},
    )
    assert response.status_code == 302
    assert OutreachAssignment.objects.count() == 3
