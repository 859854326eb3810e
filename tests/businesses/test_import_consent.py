"""The import channel and consent: an imported business is processed only for taking part. A row whose column
"Chủ cơ sở đồng ý tham gia" is ticked records the owner's consent to take part under the import channel (an
account for their mobile, as owner) and nothing else; no promotional SMS, provider sharing, assigned contact or
partner sharing reaches an imported owner until they consent on the portal. Without the column: no person, no
consent."""

from __future__ import annotations

import pytest
import tablib

from accounts.consents import consenting_user_ids, purposes_in_force
from accounts.models import Consent, ConsentChannel, ConsentPurpose, User
from businesses.models import Business, MembershipRole
from businesses.resources import OWNER_CONSENT_COLUMN, BusinessResource
from businesses.selectors import business_has_consent
from campaigns.segments import Segment, recipient_phones
from programmes.services.outreach import consenting_businesses
from smedx_portal.models import AuditEntry
from tests.businesses.test_import import HEADERS
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def row(name: str, tax_code: str, phone: str, consent: str) -> list[str]:
    return [name, "Hộ kinh doanh", tax_code, "an-uong", "1", "", "", "", "", "", "x", phone, consent]


def run(rows, *, dry_run=False, headers=(*HEADERS, OWNER_CONSENT_COLUMN)):
    return BusinessResource().import_data(
        tablib.Dataset(*rows, headers=list(headers)), dry_run=dry_run, user=StaffFactory()
    )


def test_a_ticked_row_records_the_owners_consent_to_take_part_under_the_import_channel(hanoi):
    result = run(
        [
            row("Quán Cô Ba", "001085012345", "0912 345 678", "x"),
            row("Quán Chú Tư", "001085012346", "0987654321", ""),
        ]
    )
    assert not result.has_errors() and not result.has_validation_errors()
    owner = User.objects.get(phone="+84912345678")
    consent = Consent.objects.get(user=owner)
    assert (consent.purpose, consent.channel, consent.withdrawn_at) == (
        ConsentPurpose.PARTICIPATION,
        ConsentChannel.IMPORT,
        None,
    )
    assert purposes_in_force(owner.pk) == {ConsentPurpose.PARTICIPATION}
    assert not owner.has_usable_password() and owner.phone_verified_at is None
    ba = Business.objects.get(name="Quán Cô Ba")
    assert ba.memberships.get().user == owner and ba.memberships.get().role == MembershipRole.OWNER
    assert AuditEntry.objects.filter(action="privacy.consent.import").count() == 1
    # The unticked row: its phone is the business's contact, no person and no consent.
    assert not User.objects.filter(phone="+84987654321").exists()
    assert not Business.objects.get(name="Quán Chú Tư").memberships.exists()


def test_nothing_beyond_taking_part_reaches_an_imported_owner(hanoi):
    run(
        [
            row("Quán Cô Ba", "001085012345", "0912345678", "x"),
            row("Quán Chú Tư", "001085012346", "0987654321", ""),
        ]
    )
    owner = User.objects.get(phone="+84912345678")
    businesses = Business.objects.filter(name__in=["Quán Cô Ba", "Quán Chú Tư"])
    for business in businesses:
        for purpose in (ConsentPurpose.PROVIDER_SHARING, ConsentPurpose.PARTNER_SHARING):
            assert not business_has_consent(business.pk, purpose)
    assert not consenting_businesses(businesses).exists()  # providers assigned after the survey
    for purpose in (
        ConsentPurpose.PROMOTIONAL_SMS,
        ConsentPurpose.PROVIDER_SHARING,
        ConsentPurpose.PARTNER_SHARING,
    ):
        assert owner.pk not in set(consenting_user_ids(purpose).values_list("user_id", flat=True))
    promotional = Segment(programme="RDX", province_id=1, promotional=True)
    assert list(recipient_phones(promotional)) == []
    # even once the owner verifies their phone on the portal, a promotional campaign needs their own consent
    User.objects.filter(pk=owner.pk).update(phone_verified_at="2026-12-01T09:00:00+07:00")
    assert list(recipient_phones(promotional)) == []
    assert list(recipient_phones(Segment(programme="RDX", province_id=1))) == ["+84912345678"]  # service news


def test_a_ticked_row_needs_the_owners_mobile_and_a_dry_run_records_nothing(hanoi):
    result = run([row("Quán Cô Ba", "001085012345", "0241234567", "x")], dry_run=True)
    assert result.has_validation_errors()
    message = " ".join(
        " ".join(messages) for invalid in result.invalid_rows for messages in invalid.error_dict.values()
    )
    assert OWNER_CONSENT_COLUMN in message
    run([row("Quán Cô Ba", "001085012345", "0912345678", "x")], dry_run=True)
    assert not User.objects.filter(phone="+84912345678").exists() and not Consent.objects.exists()


def test_a_phone_that_already_has_an_account_is_left_to_claim_the_business(hanoi):
    existing = UserFactory(phone="+84912345678")
    run([row("Quán Cô Ba", "001085012345", "0912345678", "x")])
    assert not Consent.objects.filter(user=existing).exists()
    assert not Business.objects.get(name="Quán Cô Ba").memberships.exists()


def test_a_file_without_the_column_records_no_consent(hanoi):
    result = run([row("Quán Cô Ba", "001085012345", "0912345678", "x")[:-1]], headers=HEADERS)
    assert not result.has_errors() and not result.has_validation_errors()
    assert not Consent.objects.exists() and not User.objects.filter(phone="+84912345678").exists()
