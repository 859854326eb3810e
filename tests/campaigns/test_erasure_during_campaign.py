"""A person who deletes their data while a campaign is sending gets no message from it, whether their row was
already claimed by the running batch, queued, or not reached yet; a promotional campaign reaches only people
whose consent to promotional SMS is in force."""

import pytest
import time_machine

from accounts.consents import consent_withdraw
from accounts.models import ConsentPurpose
from campaigns.models import CampaignKind, MessageStatus, SmsMessage
from campaigns.services.campaigns import campaign_send_now
from privacy.services import person_erase
from smedx_portal.personal import phone_pseudonym
from tests.campaigns.conftest import MORNING
from tests.campaigns.factories import make_campaign, representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return sorted((representative() for _ in range(8)), key=lambda user: user.phone)


def start(campaign, staff):
    campaign_send_now(campaign=campaign, actor=staff)
    campaign.refresh_from_db()
    return campaign


@time_machine.travel(MORNING, tick=False)
def test_a_deletion_while_the_batch_is_sending_leaves_no_message_to_that_phone(
    people, staff, gateway, run_batches, sms_outbox, settings
):
    settings.CAMPAIGN_SEND_CHUNK = (
        2  # the deleted person's row is claimed, in a later chunk of the same batch
    )
    leaving = people[5]
    phone = leaving.phone

    def erase_on_first_call(message):
        if gateway.calls == 1:
            person_erase(user_id=leaving.pk)

    gateway.on_send = erase_on_first_call
    campaign = start(make_campaign(created_by=staff), staff)
    run_batches(campaign)
    assert phone not in [message.phone for message in sms_outbox]
    assert len(sms_outbox) == len(people) - 1
    row = SmsMessage.objects.get(campaign=campaign, phone=phone_pseudonym(phone))
    assert row.status == MessageStatus.SKIPPED
    assert not SmsMessage.objects.filter(phone=phone).exists()


@time_machine.travel(MORNING, tick=False)
def test_a_deletion_between_batches_cancels_the_queued_and_future_messages(
    people, staff, run_batches, sms_outbox, settings
):
    settings.CAMPAIGN_BATCH_SIZE = 3
    campaign = start(make_campaign(created_by=staff), staff)
    from campaigns.services.sending import campaign_send_batch

    result = campaign_send_batch(campaign_id=campaign.pk, seq=campaign.batch_seq)
    assert len(sms_outbox) == 3
    later = people[6]
    phone = later.phone
    person_erase(user_id=later.pk)
    seq = result.next_seq
    while seq is not None:
        result = campaign_send_batch(campaign_id=campaign.pk, seq=seq)
        seq = result.next_seq
    assert phone not in [message.phone for message in sms_outbox]
    assert len(sms_outbox) == len(people) - 1


@time_machine.travel(MORNING, tick=False)
def test_a_promotional_campaign_skips_who_withdrew_their_consent(people, staff, run_batches, sms_outbox):
    consent_withdraw(user_id=people[0].pk, purpose=ConsentPurpose.PROMOTIONAL_SMS)
    campaign = start(make_campaign(created_by=staff, kind=CampaignKind.PROMO), staff)
    assert campaign.recipient_count == len(people) - 1
    run_batches(campaign)
    assert people[0].phone not in [message.phone for message in sms_outbox]
    assert len(sms_outbox) == len(people) - 1

    info = start(make_campaign(created_by=staff, title="Thông tin"), staff)  # not promotional: everyone
    run_batches(info)
    assert people[0].phone in [message.phone for message in sms_outbox]
