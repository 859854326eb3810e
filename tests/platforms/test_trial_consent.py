"""A trial request is a lead too: without the business's consent to sharing with providers, the provider is not
told and does not see it."""

import pytest
from django.core import mail

from accounts.consents import consent_withdraw
from accounts.models import ConsentPurpose
from platforms import selectors, services

pytestmark = pytest.mark.django_db


def test_a_withdrawn_consent_stops_the_next_trial_lead(
    public_platform, store_owner, store, django_capture_on_commit_callbacks
):
    provider = public_platform.provider
    provider.contact_email = "kinhdoanh@ketoanviet.vn"
    provider.save()
    consent_withdraw(user_id=store_owner.pk, purpose=ConsentPurpose.PROVIDER_SHARING)
    with django_capture_on_commit_callbacks(execute=True):
        services.trial_request(business=store, platform=public_platform, requested_by=store_owner)
    assert mail.outbox == []
    assert not selectors.provider_trials(provider).exists()
