"""The business gets one SMS when the provider answers its usage registration (a lead): activated or declined,
exactly once (a double click, a repeated task), and only under its `participation` consent."""

import pytest

from accounts.models import ConsentPurpose
from platforms import services
from platforms.models import UsageRegistration, UsageStatus
from smedx_portal.text import strip_diacritics
from tests.factories import consenting

pytestmark = pytest.mark.django_db


def _sent_to(outbox, person):
    return [message for message in outbox if message.phone == person.phone]


def test_activation_is_texted_once_even_on_a_double_click(
    client, public_platform, store_owner, store, sms_outbox, django_capture_on_commit_callbacks
):
    consenting(store_owner, ConsentPurpose.PARTICIPATION)
    registration = services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    client.force_login(public_platform.provider.owner)
    url = f"/nha-cung-cap/dang-ky-su-dung/{registration.pk}/xac-nhan/"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url)  # the double click: "already handled", nothing sent
    assert first.status_code == second.status_code == 302
    [sms] = _sent_to(sms_outbox, store_owner)
    assert (
        strip_diacritics(public_platform.name) in sms.text
        and "kich hoat" in sms.text
        and "Tap hoa Minh An" in sms.text
    )
    assert f"/nen-tang/{public_platform.pk}/" in sms.text
    registration.refresh_from_db()
    assert registration.status == UsageStatus.ACTIVE and registration.owner_notified_at is not None
    # the task run again (a retry, a redelivery) sends nothing more
    assert services.usage_notify_owner(registration.pk) is False
    assert len(_sent_to(sms_outbox, store_owner)) == 1


def test_a_declined_lead_is_texted_with_where_to_read_the_reason(
    public_platform, store_owner, store, sms_outbox, django_capture_on_commit_callbacks
):
    consenting(store_owner, ConsentPurpose.PARTICIPATION)
    registration = services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.usage_decline(
            registration=registration, actor=public_platform.provider.owner, reason="Chưa hỗ trợ ngành này"
        )
    [sms] = _sent_to(sms_outbox, store_owner)
    assert "tu choi" in sms.text and strip_diacritics(public_platform.name) in sms.text


def test_no_sms_without_the_participation_consent(
    public_platform, store_owner, store, sms_outbox, django_capture_on_commit_callbacks
):
    registration = services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.usage_confirm(registration=registration, actor=public_platform.provider.owner)
    assert _sent_to(sms_outbox, store_owner) == []
    assert UsageRegistration.objects.get(pk=registration.pk).owner_notified_at is None


def test_nothing_is_sent_while_the_lead_waits(public_platform, store_owner, store, sms_outbox):
    consenting(store_owner, ConsentPurpose.PARTICIPATION)
    registration = services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    assert services.usage_notify_owner(registration.pk) is False
    assert _sent_to(sms_outbox, store_owner) == []
