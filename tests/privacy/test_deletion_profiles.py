"""Deletion reaches what was sent about the person and their other profiles: webhook deliveries of their leads
waiting in the queue are cancelled and every stored body scrubbed (not left for the 30-day purge); an expert's
profile and application are anonymised (documents deleted, certificate revoked, specialties and ratings kept); a
provider organisation keeps its own data, its contact person is erased."""

from __future__ import annotations

import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from experts.models import ApplicationDocument, Expert, ExpertApplication, ExpertStatus
from platforms import services
from platforms.models import ListingStatus, Provider
from privacy.services import person_erase
from smedx_portal.models import WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from tests.experts.factories import ExpertFactory
from tests.factories import BusinessFactory, MembershipFactory, consenting
from tests.platforms.factories import ListingFactory, PlatformFactory, ProviderFactory

pytestmark = pytest.mark.django_db
NAME = "Nguyễn Thị Lan"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_queued_and_stored_webhooks_about_the_person_are_scrubbed(django_capture_on_commit_callbacks):
    provider = ProviderFactory()
    platform = PlatformFactory(provider=provider)
    ListingFactory(platform=platform, status=ListingStatus.SELECTED, slot=1)
    WebhookEndpoint.objects.create(
        owner_content_type=ContentType.objects.get_for_model(Provider),
        owner_object_id=str(provider.pk),
        url="https://hooks.example.vn/smedx",
        secret="whsec_test",
    )
    membership = MembershipFactory(
        business=BusinessFactory(name="Tạp hóa Cô Lan", verification_status=VerificationStatus.VERIFIED)
    )
    person = consenting(membership.user, ConsentPurpose.PROVIDER_SHARING)
    person.full_name = NAME
    person.save()
    other = MembershipFactory(
        business=BusinessFactory(name="Tạp hóa Người Khác", verification_status=VerificationStatus.VERIFIED)
    )
    consenting(other.user, ConsentPurpose.PROVIDER_SHARING)
    with django_capture_on_commit_callbacks(execute=False):  # no worker: the deliveries wait in the queue
        services.usage_register(business=membership.business, platform=platform, requested_by=person)
        services.usage_register(business=other.business, platform=platform, requested_by=other.user)
    mine, theirs = WebhookDelivery.objects.order_by("pk")
    assert NAME in mine.body and mine.status == WebhookDeliveryStatus.PENDING
    assert mine.subject_key.startswith("platforms.usageregistration:")
    # an older delivery of the same lead that was delivered, with the provider's answer echoing it
    delivered = WebhookDelivery.objects.create(
        endpoint=mine.endpoint,
        event_id="00000000-0000-0000-0000-000000000001",
        event=mine.event,
        body=mine.body,
        subject_key=mine.subject_key,
        status=WebhookDeliveryStatus.SUCCEEDED,
    )
    WebhookAttempt.objects.create(
        delivery=delivered,
        number=1,
        attempted_at=delivered.created_at,
        url="https://hooks.example.vn/smedx",
        status_code=200,
        response_excerpt=f"ok {NAME}",
    )

    person_erase(user_id=person.pk)

    mine.refresh_from_db()
    delivered.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == WebhookDeliveryStatus.FAILED and mine.next_attempt_at is None
    assert NAME not in mine.body and "Cô Lan" not in mine.body and person.phone not in mine.body
    assert delivered.status == WebhookDeliveryStatus.SUCCEEDED and NAME not in delivered.body
    assert not WebhookAttempt.objects.filter(response_excerpt__contains=NAME).exists()
    assert theirs.status == WebhookDeliveryStatus.PENDING and "Người Khác" in theirs.body  # someone else's


def test_an_experts_profile_and_application_are_anonymised(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    expert = ExpertFactory(name=NAME, bio="Tôi là Lan, 0912345678", rating_count=4)
    application = ExpertApplication.objects.create(
        user=expert.user,
        name=NAME,
        headline="Tư vấn",
        bio="Tiểu sử của Lan",
        specialties=["retail"],
        years_experience=5,
        references="Ông B, 0987654321",
    )
    document = ApplicationDocument(
        application=application, name="bang.pdf", content_type="application/pdf", size=3
    )
    document.file.save("bang.pdf", ContentFile(b"%PDF"), save=True)
    path = document.file.path

    person_erase(user_id=expert.user_id)

    expert.refresh_from_db()
    application.refresh_from_db()
    assert NAME not in expert.name and "0912345678" not in expert.bio and expert.search_key == ""
    assert expert.status == ExpertStatus.REMOVED
    assert (expert.rating_count, expert.specialty_codes()) == (4, ["rdx-customers-sales"])  # the aggregates
    assert not Expert.history.filter(id=expert.pk, name=NAME).exists()
    assert (application.name, application.references) == ("—", "—") and "Lan" not in application.bio
    assert not ExpertApplication.history.filter(user_id=expert.user_id, name=NAME).exists()
    assert not ApplicationDocument.objects.exists()
    assert not os.path.exists(path)


def test_a_provider_keeps_its_organisation_but_not_its_contact_person():
    provider = ProviderFactory(
        name="Công ty TNHH Kế Toán Việt",
        contact_name=NAME,
        contact_phone="+84912345678",
        contact_email="lan@kt.vn",
    )

    person_erase(user_id=provider.owner_id)

    provider.refresh_from_db()
    assert provider.name == "Công ty TNHH Kế Toán Việt"
    assert (provider.contact_name, provider.contact_phone, provider.contact_email) == ("—", "", "")
