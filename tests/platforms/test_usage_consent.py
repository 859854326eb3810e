"""Registering to use a platform asks for the provider-sharing consent where it is needed (never pre-ticked):
without it nothing is registered and the reason is shown; with it the consent is recorded and the provider told."""

import pytest

from accounts.consents import has_consent
from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms.models import UsageRegistration
from tests.factories import BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_without_consent():
    membership = MembershipFactory(
        business=BusinessFactory(name="Tạp hóa Chưa Đồng Ý", verification_status=VerificationStatus.VERIFIED)
    )
    return membership.user


def test_the_form_asks_the_consent_unticked(client, public_platform, owner_without_consent):
    client.force_login(owner_without_consent)
    page = client.get(f"/nen-tang/{public_platform.pk}/").content.decode()
    assert 'name="share_contact"' in page
    assert 'name="share_contact" checked' not in page


def test_without_the_consent_nothing_is_registered(
    client, public_platform, owner_without_consent, sms_outbox
):
    client.force_login(owner_without_consent)
    business = owner_without_consent.businesses.get()
    response = client.post(
        f"/nen-tang/{public_platform.pk}/dang-ky-su-dung/", {"business": business.pk}, follow=True
    )
    assert "Cần đồng ý chia sẻ thông tin" in response.content.decode()
    assert not UsageRegistration.objects.exists()
    assert sms_outbox == []


def test_with_the_consent_it_is_recorded_and_the_provider_told(
    client, public_platform, owner_without_consent, sms_outbox, django_capture_on_commit_callbacks
):
    client.force_login(owner_without_consent)
    business = owner_without_consent.businesses.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/nen-tang/{public_platform.pk}/dang-ky-su-dung/",
            {"business": business.pk, "share_contact": "on"},
        )
    assert has_consent(owner_without_consent.pk, ConsentPurpose.PROVIDER_SHARING)
    assert UsageRegistration.objects.get().business == business
    assert [sms.phone for sms in sms_outbox] == [public_platform.provider.contact_phone]
    # once given, it is not asked again
    assert 'name="share_contact"' not in client.get(f"/nen-tang/{public_platform.pk}/").content.decode()
