"""The provider's notification runs on a real Celery worker (Redis), queued when the registration commits."""

import os
import time

import pytest

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms import services
from platforms.models import ListingStatus, UsageRegistration
from tests.factories import BusinessFactory, MembershipFactory, consenting
from tests.platforms.factories import ListingFactory, ensure_reference_data, group


# Skip before the database setup when there is no broker; under CI the `celery_worker` fixture fails instead.
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") and not os.environ.get("CI"), reason="REDIS_URL is not set"
)
@pytest.mark.celery_worker
def test_a_real_worker_sends_the_provider_sms(celery_worker, transactional_db, sms_outbox):
    ensure_reference_data()
    listing = ListingFactory(group=group("rdx-pos"), status=ListingStatus.SELECTED, slot=1)
    owner = MembershipFactory(business=BusinessFactory(verification_status=VerificationStatus.VERIFIED)).user
    consenting(owner, ConsentPurpose.PROVIDER_SHARING)
    registration = services.usage_register(
        business=owner.businesses.get(), platform=listing.platform, requested_by=owner
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not UsageRegistration.objects.get(pk=registration.pk).notified_at:
        time.sleep(0.2)
    assert UsageRegistration.objects.get(pk=registration.pk).notified_at is not None
    assert [message.phone for message in sms_outbox] == [listing.platform.provider.contact_phone]
