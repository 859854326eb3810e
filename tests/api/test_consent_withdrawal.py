"""Withdrawing the consent to sharing with providers stops the next lead and the next webhook at once."""

import pytest

from accounts.consents import consent_withdraw
from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms import services
from platforms.models import ListingStatus
from smedx_portal.api.webhooks import webhook_endpoint_set
from smedx_portal.models import WebhookDelivery
from tests.factories import BusinessFactory, MembershipFactory, consenting
from tests.platforms.factories import ListingFactory, PlatformFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(webhook_receiver):
    provider = ProviderFactory(name="Kế Toán Việt")
    first = PlatformFactory(provider=provider, name="Kế toán Mây")
    second = PlatformFactory(provider=provider, name="Sổ Sách Số")
    for slot, platform in enumerate((first, second), start=1):
        ListingFactory(platform=platform, status=ListingStatus.SELECTED, slot=slot)
    membership = MembershipFactory(
        business=BusinessFactory(name="Tạp hóa Minh An", verification_status=VerificationStatus.VERIFIED)
    )
    consenting(membership.user, ConsentPurpose.PROVIDER_SHARING)
    webhook_endpoint_set(owner=provider, url=webhook_receiver.url)
    return {
        "provider": provider,
        "platforms": (first, second),
        "owner": membership.user,
        "business": membership.business,
    }


def register(market, platform, capture):
    with capture(execute=True):
        return services.usage_register(
            business=market["business"],
            platform=platform,
            requested_by=market["owner"],
            message="Gọi sau 17h",
        )


def test_the_next_lead_and_webhook_stop_once_the_consent_is_withdrawn(
    market, webhook_receiver, sms_outbox, django_capture_on_commit_callbacks
):
    first, second = market["platforms"]
    register(market, first, django_capture_on_commit_callbacks)
    assert len(webhook_receiver.received) == 1
    assert len(sms_outbox) == 1 and "Tạp hóa Minh An" in sms_outbox[0].text

    consent_withdraw(user_id=market["owner"].pk, purpose=ConsentPurpose.PROVIDER_SHARING)
    registration = register(market, second, django_capture_on_commit_callbacks)
    assert len(webhook_receiver.received) == 1  # no new webhook
    assert len(sms_outbox) == 1  # no new lead by SMS
    assert WebhookDelivery.objects.count() == 1
    registration.refresh_from_db()
    assert registration.notified_at is None

    # the provider's lead list (dashboard and API) no longer shows the business either
    from platforms.api import registrations_of
    from platforms.selectors import provider_leads

    assert not registrations_of(market["provider"]).exists()
    assert not provider_leads(market["provider"]).exists()


def test_a_status_change_after_the_withdrawal_sends_no_webhook(
    market, webhook_receiver, django_capture_on_commit_callbacks
):
    registration = register(market, market["platforms"][0], django_capture_on_commit_callbacks)
    consent_withdraw(user_id=market["owner"].pk, purpose=ConsentPurpose.PROVIDER_SHARING)
    with django_capture_on_commit_callbacks(execute=True):
        services.usage_cancel(registration=registration, actor=market["owner"])
    assert len(webhook_receiver.received) == 1  # only the creation, before the withdrawal
