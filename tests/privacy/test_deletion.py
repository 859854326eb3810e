"""Deleting a person's data: personal fields erased, anonymous statistics kept, pending leads cancelled, only a
keyed hash of the phone kept, recorded once however many times it is asked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Consent, ConsentPurpose, User
from businesses.models import Business, BusinessKind, Membership, ProvinceStat, VerificationStatus
from businesses.stats import BusinessFacts, stats_apply, stats_recount
from platforms.models import ListingStatus, Trial, TrialStatus, UsageRegistration, UsageStatus
from privacy.models import DataRequest, RequestKind, RequestStatus
from privacy.services import person_erase
from smedx_portal import identity
from smedx_portal.models import AuditEntry, ErasedPhone
from smedx_portal.personal import phone_key
from tests.factories import BusinessFactory, MembershipFactory, UserFactory, consenting
from tests.platforms.factories import ListingFactory

pytestmark = pytest.mark.django_db
CCCD = "001085012345"


@pytest.fixture
def owner(db):
    user = consenting(
        UserFactory(full_name="Nguyễn Thị Lan", email="lan@example.vn"), ConsentPurpose.PARTICIPATION
    )
    business = BusinessFactory(
        name="Hộ kinh doanh Nguyễn Thị Lan",
        kind=BusinessKind.HOUSEHOLD,
        tax_code=CCCD,
        address="12 Hàng Bạc",
        phone="0241234567",
        verification_status=VerificationStatus.VERIFIED,
        result={"level": "tang_truong", "score": 55},
    )
    business.save()  # a history row holding the name and identity number
    stats_apply(before=None, after=BusinessFacts.of(business))
    MembershipFactory(user=user, business=business)
    return user


def stats_snapshot():
    return sorted(ProvinceStat.objects.values_list("province_id", "kind", "level", "businesses", "score_sum"))


def test_personal_fields_go_and_anonymous_statistics_stay(owner):
    business = owner.businesses.get()
    listing = ListingFactory(status=ListingStatus.SELECTED, slot=1)
    lead = UsageRegistration.objects.create(
        business=business, platform=listing.platform, requested_by=owner, message="Gọi tôi số 0912345678"
    )
    trial = Trial.objects.create(
        business=business, platform=listing.platform, listing=listing, requested_by=owner, message="Gọi tôi"
    )
    before = stats_snapshot()
    phone = owner.phone

    erasure = person_erase(user_id=owner.pk)

    assert erasure.erased_now and erasure.request.status == RequestStatus.DONE
    owner.refresh_from_db()
    assert (owner.full_name, owner.email, owner.phone, owner.is_active) == ("", "", None, False)
    assert not owner.has_usable_password()
    business.refresh_from_db()
    assert business.tax_code is None and business.address == "" and business.phone == ""
    assert "Lan" not in business.name
    assert (business.kind, business.province_id, business.result_for("RDX").level) == (
        BusinessKind.HOUSEHOLD,
        1,
        "tang_truong",
    )
    assert not Business.history.filter(id=business.pk).exists()
    assert not Membership.objects.filter(user=owner).exists()
    assert stats_snapshot() == before
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}
    lead.refresh_from_db()
    assert (lead.status, lead.message, lead.requested_by) == (UsageStatus.CANCELLED, "", None)
    trial.refresh_from_db()
    assert (trial.status, trial.message, trial.requested_by) == (TrialStatus.CANCELLED, "", None)
    assert ErasedPhone.objects.filter(phone_key=phone_key(phone)).exists()
    assert not Consent.objects.filter(user=owner, withdrawn_at__isnull=True).exists()
    assert not Business.objects.with_tax_code(CCCD).exists()
    assert business.tax_code_encrypted == "" and business.tax_code_hash is None
    assert not User.objects.filter(phone=phone).exists()


def test_a_business_with_another_representative_stays_as_it_is(owner):
    business = owner.businesses.get()
    MembershipFactory(business=business)
    person_erase(user_id=owner.pk)
    business.refresh_from_db()
    assert business.name == "Hộ kinh doanh Nguyễn Thị Lan" and identity.reveal(business) == CCCD
    assert business.memberships.count() == 1


def test_a_deletion_asked_twice_runs_once(owner):
    first = person_erase(user_id=owner.pk)
    second = person_erase(user_id=owner.pk)
    assert not second.erased_now and second.request.pk == first.request.pk
    assert DataRequest.objects.filter(user=owner, kind=RequestKind.DELETION).count() == 1
    assert AuditEntry.objects.filter(action="privacy.erase").count() == 1


def test_the_delete_page_asks_for_confirmation_then_signs_the_person_out(client, owner):
    client.force_login(owner)
    page = client.get(reverse("privacy:delete"))
    assert "Hộ kinh doanh Nguyễn Thị Lan" in page.content.decode()
    refused = client.post(reverse("privacy:delete"), {})
    assert refused.status_code == 200 and "Hãy đánh dấu ô xác nhận" in refused.content.decode()
    assert User.objects.get(pk=owner.pk).is_active

    response = client.post(reverse("privacy:delete"), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("privacy:mine")).status_code == 302  # signed out
    again = client.post(reverse("privacy:delete"), {"confirm": "on"})  # the back button: nothing to delete
    assert again.status_code == 302
    assert DataRequest.objects.filter(kind=RequestKind.DELETION).count() == 1


def test_the_old_sessions_end(client, owner):
    client.force_login(owner)
    person_erase(user_id=owner.pk)
    assert client.get(reverse("privacy:mine")).status_code == 302


def test_the_record_of_the_deletion_keeps_no_personal_field(owner):
    request = person_erase(user_id=owner.pk).request
    assert request.details == "" and request.business is None
    assert request.completed_at <= timezone.now() + datetime.timedelta(seconds=1)
