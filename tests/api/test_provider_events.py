"""Webhook events of usage registrations: created (from the portal) and status changes (from the API, the
provider dashboard or the business), delivered signed to the provider's endpoint."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms import services
from platforms.models import ListingStatus, UsageStatus
from smedx_portal.api.webhooks import webhook_endpoint_set
from smedx_portal.models import WebhookDelivery
from tests.factories import BusinessFactory, MembershipFactory, consenting
from tests.platforms.factories import ListingFactory, PlatformFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def setup(webhook_receiver, issue_key):
    provider = ProviderFactory(name="Kế Toán Việt")
    platform = PlatformFactory(provider=provider, name="Kế toán Mây")
    ListingFactory(platform=platform, status=ListingStatus.SELECTED, slot=1)
    membership = MembershipFactory(
        business=BusinessFactory(name="Tạp hóa Minh An", verification_status=VerificationStatus.VERIFIED)
    )
    consenting(membership.user, ConsentPurpose.PROVIDER_SHARING)
    secret = webhook_endpoint_set(owner=provider, url=webhook_receiver.url).secret
    _key, raw = issue_key(["leads:read", "leads:write"], owner=provider)
    return {
        "provider": provider,
        "platform": platform,
        "membership": membership,
        "secret": secret,
        "key": raw,
    }


def events(receiver, secret):
    out = []
    for received in receiver.received:
        expected = hmac.new(
            secret.encode(),
            received.headers["x-smedx-timestamp"].encode() + b"." + received.body,
            hashlib.sha256,
        ).hexdigest()
        assert received.headers["x-smedx-signature"] == "v1=" + expected
        out.append(json.loads(received.body))
    return out


def register(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.usage_register(
            business=setup["membership"].business,
            platform=setup["platform"],
            requested_by=setup["membership"].user,
            message="Gọi sau 17h",
        )


def test_a_new_registration_and_its_confirmation_reach_the_provider(
    setup, webhook_receiver, call, django_capture_on_commit_callbacks
):
    registration = register(setup, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            "post", f"/api/v1/provider/usage-registrations/{registration.pk}/confirm/", key=setup["key"]
        )
    assert response.status_code == 200
    created, changed = events(webhook_receiver, setup["secret"])
    assert created["event"] == "usage_registration.created"
    assert created["data"]["id"] == registration.pk and created["data"]["status"] == "requested"
    assert (
        created["data"]["business"]["name"] == "Tạp hóa Minh An"
        and created["data"]["message"] == "Gọi sau 17h"
    )
    assert changed["event"] == "usage_registration.status_changed"
    assert (changed["data"]["previous_status"], changed["data"]["status"]) == ("requested", "active")
    assert changed["data"] == {**response.json(), "previous_status": "requested"}
    assert list(WebhookDelivery.objects.values_list("status", flat=True)) == ["succeeded", "succeeded"]


def test_a_rejection_from_the_dashboard_and_a_cancellation_are_delivered(
    setup, webhook_receiver, django_capture_on_commit_callbacks
):
    registration = register(setup, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.usage_decline(registration=registration, actor=setup["provider"].owner, reason="Chưa hỗ trợ")
    second = register(setup, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.usage_confirm(registration=second, actor=setup["provider"].owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.usage_cancel(registration=second, actor=setup["membership"].user)
    kinds = [
        (event["event"], event["data"].get("previous_status"), event["data"]["status"])
        for event in events(webhook_receiver, setup["secret"])
    ]
    assert kinds == [
        ("usage_registration.created", None, "requested"),
        ("usage_registration.status_changed", "requested", "declined"),
        ("usage_registration.created", None, "requested"),
        ("usage_registration.status_changed", "requested", "active"),
        ("usage_registration.status_changed", "active", "cancelled"),
    ]


def test_another_providers_endpoint_hears_nothing(
    setup, webhook_receiver, django_capture_on_commit_callbacks
):
    other = ProviderFactory()
    webhook_endpoint_set(owner=other, url=webhook_receiver.url + "/other")
    register(setup, django_capture_on_commit_callbacks)
    assert [received.body for received in webhook_receiver.received if b"" in received.body]
    assert WebhookDelivery.objects.get().endpoint.owner == setup["provider"]


def test_no_endpoint_no_delivery(setup, webhook_receiver, django_capture_on_commit_callbacks):
    from smedx_portal.models import WebhookEndpoint

    WebhookEndpoint.objects.all().delete()
    registration = register(setup, django_capture_on_commit_callbacks)
    assert registration.status == UsageStatus.REQUESTED
    assert not WebhookDelivery.objects.exists() and webhook_receiver.received == []
