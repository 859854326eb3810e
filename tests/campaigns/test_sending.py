"""Sending: batches at the configured rate, each recipient at most once (retried or killed tasks), transient
failures retried with backoff, permanent ones recorded, pause and resume, the dispatcher."""

import datetime
from collections import Counter

import pytest
import time_machine

from campaigns.models import CampaignStatus, MessageStatus, OptOut, OptOutSource, SmsCampaign, SmsMessage
from campaigns.services.campaigns import (
    campaign_pause,
    campaign_resume,
    campaign_send_now,
    campaigns_dispatch,
)
from campaigns.services.sending import campaign_send_batch
from campaigns.tasks import send_campaign_batch
from tests.campaigns.backends import WorkerKilled
from tests.campaigns.conftest import MORNING
from tests.campaigns.factories import make_campaign, representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipients(db):
    return [representative() for _ in range(10)]


@pytest.fixture
def small_batches(settings):
    settings.CAMPAIGN_BATCH_SIZE = 4
    settings.CAMPAIGN_RATE_PER_SECOND = 2


def start(campaign, staff):
    campaign_send_now(campaign=campaign, actor=staff)  # queued on commit: the tests drive the batches
    campaign.refresh_from_db()
    return campaign


def statuses(campaign) -> Counter:
    return Counter(SmsMessage.objects.filter(campaign=campaign).values_list("status", flat=True))


@time_machine.travel(MORNING, tick=False)
def test_batches_have_the_configured_size_and_pace(recipients, small_batches, staff, sms_outbox):
    campaign = start(make_campaign(), staff)
    seq = campaign.batch_seq
    sizes, gaps = [], []
    while True:
        before = len(sms_outbox)
        result = campaign_send_batch(campaign_id=campaign.pk, seq=seq)
        sizes.append(len(sms_outbox) - before)
        if not result.continues:
            break
        gaps.append((result.next_at - datetime.datetime.fromisoformat(MORNING)).total_seconds())
        seq = result.next_seq
    assert sizes == [4, 4, 2]
    assert gaps == [2.0, 2.0]  # 4 messages at 2 per second: the next batch 2 s after this one started
    assert result.reason == "done"
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COMPLETED
    assert statuses(campaign) == {MessageStatus.SENT: 10}
    assert sorted(m.phone for m in sms_outbox) == sorted(r.phone for r in recipients)


@time_machine.travel(MORNING, tick=False)
def test_the_worker_loop_runs_every_batch_inline(
    recipients, small_batches, staff, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_now(campaign=make_campaign(), actor=staff)
    assert len(sms_outbox) == 10
    assert SmsMessage.objects.filter(status=MessageStatus.SENT).count() == 10


@time_machine.travel(MORNING, tick=False)
def test_a_task_delivered_twice_sends_nothing_twice(recipients, small_batches, staff, sms_outbox):
    campaign = start(make_campaign(), staff)
    seq = campaign.batch_seq
    first = campaign_send_batch(campaign_id=campaign.pk, seq=seq)
    again = campaign_send_batch(campaign_id=campaign.pk, seq=seq)  # the broker redelivers the same task
    assert first.reason == "pace" and again.reason == "stopped"
    assert len(sms_outbox) == 4
    send_campaign_batch.delay(campaign.pk, seq)  # and once more through Celery (inline here)
    send_campaign_batch.delay(campaign.pk, first.next_seq)
    send_campaign_batch.delay(campaign.pk, first.next_seq)
    phones = [m.phone for m in sms_outbox]
    assert len(phones) == len(set(phones)) == 10


@time_machine.travel(MORNING, tick=False)
def test_a_phone_already_claimed_is_not_sent_again(recipients, small_batches, staff, sms_outbox, run_batches):
    campaign = start(make_campaign(), staff)
    SmsMessage.objects.create(
        campaign=campaign,
        phone=recipients[0].phone,
        status=MessageStatus.SENT,
        claimed_at=campaign.started_at,
    )
    run_batches(campaign)
    assert recipients[0].phone not in [m.phone for m in sms_outbox]
    assert len(sms_outbox) == 9


@pytest.mark.parametrize(("chunk", "gateway_took_it"), [(1, True), (1, False), (2, True), (2, False)])
def test_a_killed_batch_never_sends_twice(
    recipients, small_batches, staff, sms_outbox, gateway, run_batches, settings, chunk, gateway_took_it
):
    settings.CAMPAIGN_SEND_CHUNK = chunk
    gateway.kill_on_call, gateway.kill_after_accepting = 3, gateway_took_it
    with time_machine.travel(MORNING, tick=False) as clock:
        campaign = start(make_campaign(), staff)
        with pytest.raises(WorkerKilled):
            campaign_send_batch(campaign_id=campaign.pk, seq=campaign.batch_seq)
        assert len(sms_outbox) == (3 if gateway_took_it else 2)
        # the task runs again at once (acks_late): the dead batch still holds the lease
        busy = campaign_send_batch(campaign_id=campaign.pk, seq=campaign.batch_seq)
        assert busy.reason == "busy" and busy.next_seq == campaign.batch_seq
        clock.move_to(busy.next_at)
        run_batches(campaign)
    phones = [m.phone for m in sms_outbox]
    assert len(phones) == len(set(phones))
    # the chunk in flight may have reached the gateway: never sent again; the rest of the dead batch was sent
    in_flight = (
        sorted(r.phone for r in recipients)[2:3] if chunk == 1 else sorted(r.phone for r in recipients)[2:4]
    )
    unknown = set(
        SmsMessage.objects.filter(campaign=campaign, status=MessageStatus.UNKNOWN).values_list(
            "phone", flat=True
        )
    )
    assert unknown == set(in_flight)
    assert statuses(campaign) == {
        MessageStatus.SENT: 10 - len(in_flight),
        MessageStatus.UNKNOWN: len(in_flight),
    }
    assert len(phones) == 10 - len(in_flight) + (1 if gateway_took_it else 0)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COMPLETED


@time_machine.travel(MORNING, tick=False)
def test_a_batch_that_lost_its_lease_stops_before_its_next_chunk(
    recipients, small_batches, staff, sms_outbox, gateway, settings
):
    settings.CAMPAIGN_SEND_CHUNK = 2
    campaign = start(make_campaign(), staff)

    def taken_over(message):
        if gateway.calls == 2:  # meanwhile another batch took the campaign's lease
            SmsCampaign.objects.filter(pk=campaign.pk).update(lease_token="another-batch")

    gateway.on_send = taken_over
    result = campaign_send_batch(campaign_id=campaign.pk, seq=campaign.batch_seq)
    assert result.reason == "stopped"
    assert len(sms_outbox) == 2  # its first chunk; the rest is left to the batch that holds the lease
    assert statuses(campaign) == {MessageStatus.SENT: 2, MessageStatus.CLAIMED: 2}


def test_transient_failures_are_retried_with_backoff_and_permanent_ones_recorded(
    recipients, small_batches, staff, sms_outbox, gateway, run_batches, settings
):
    phones = sorted(r.phone for r in recipients)
    gateway.transient = {phones[1]: 2}
    gateway.permanent = {phones[2]}
    with time_machine.travel(MORNING, tick=False) as clock:
        campaign = start(make_campaign(), staff)
        results = run_batches(campaign)
        assert results[-1].reason == "retry"
        row = SmsMessage.objects.get(campaign=campaign, phone=phones[1])
        assert (row.status, row.attempts) == (MessageStatus.QUEUED, 1)
        assert row.next_attempt_at == datetime.datetime.fromisoformat(MORNING) + datetime.timedelta(
            seconds=30
        )
        clock.move_to(row.next_attempt_at)
        results = run_batches(campaign)
        row.refresh_from_db()
        assert (row.status, row.attempts) == (MessageStatus.QUEUED, 2)
        assert row.next_attempt_at - datetime.datetime.fromisoformat(MORNING) == datetime.timedelta(
            seconds=90
        )
        clock.move_to(row.next_attempt_at)
        results = run_batches(campaign)
    assert results[-1].reason == "done"
    failed = SmsMessage.objects.get(campaign=campaign, phone=phones[2])
    assert failed.status == MessageStatus.FAILED and "400" in failed.error
    assert statuses(campaign) == {MessageStatus.SENT: 9, MessageStatus.FAILED: 1}
    sent = [m.phone for m in sms_outbox]
    assert len(sent) == len(set(sent)) == 9


def test_a_number_that_keeps_failing_is_given_up_after_the_last_attempt(
    recipients, staff, gateway, run_batches, settings
):
    settings.CAMPAIGN_MAX_ATTEMPTS = 3
    phone = sorted(r.phone for r in recipients)[0]
    gateway.transient = {phone: 99}
    with time_machine.travel(MORNING, tick=False) as clock:
        campaign = start(make_campaign(), staff)
        for _ in range(5):
            result = run_batches(campaign)[-1]
            if result.reason == "done":
                break
            clock.move_to(result.next_at)
    row = SmsMessage.objects.get(campaign=campaign, phone=phone)
    assert (row.status, row.attempts) == (MessageStatus.FAILED, 3)


def test_when_the_gateway_is_down_the_batch_stops_and_backs_off(
    recipients, small_batches, staff, gateway, run_batches, sms_outbox
):
    gateway.gateway_down = True
    with time_machine.travel(MORNING, tick=False) as clock:
        campaign = start(make_campaign(), staff)
        result = run_batches(campaign)[-1]
        assert result.reason == "backoff"
        assert gateway.calls == 3  # three failures in a row, then no more calls this batch
        assert statuses(campaign) == {MessageStatus.QUEUED: 4}
        gateway.gateway_down = False
        clock.move_to(result.next_at)
        run_batches(campaign)
        clock.shift(datetime.timedelta(minutes=5))
        run_batches(campaign)
    assert len(sms_outbox) == 10
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COMPLETED


@time_machine.travel(MORNING, tick=False)
def test_pause_stops_after_the_batch_and_resume_goes_on(
    recipients, small_batches, staff, sms_outbox, run_batches
):
    campaign = start(make_campaign(), staff)
    first = campaign_send_batch(campaign_id=campaign.pk, seq=campaign.batch_seq)
    campaign_pause(campaign=campaign, actor=staff)
    assert campaign_send_batch(campaign_id=campaign.pk, seq=first.next_seq).reason == "stopped"
    assert len(sms_outbox) == 4
    campaign_resume(campaign=campaign, actor=staff)  # a new chain, with a new seq
    assert campaign_send_batch(campaign_id=campaign.pk, seq=first.next_seq).reason == "stopped"
    run_batches(campaign)
    assert len(sms_outbox) == 10
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COMPLETED


@time_machine.travel(MORNING, tick=False)
def test_a_number_that_opts_out_while_queued_is_skipped(
    recipients, small_batches, staff, gateway, sms_outbox, run_batches
):
    phone = sorted(r.phone for r in recipients)[0]
    gateway.transient = {phone: 1}
    campaign = start(make_campaign(), staff)
    run_batches(campaign)
    OptOut.objects.create(phone=phone, source=OptOutSource.KEYWORD)
    with time_machine.travel(
        datetime.datetime.fromisoformat(MORNING) + datetime.timedelta(minutes=1), tick=False
    ):
        run_batches(campaign)
    row = SmsMessage.objects.get(campaign=campaign, phone=phone)
    assert (row.status, row.error) == (MessageStatus.SKIPPED, "opted out")
    assert phone not in [m.phone for m in sms_outbox]


def test_the_dispatcher_starts_due_campaigns_and_restarts_stalled_ones(
    recipients, staff, django_capture_on_commit_callbacks, sms_outbox
):
    start_at = datetime.datetime.fromisoformat(MORNING)
    with time_machine.travel(start_at, tick=False) as clock:
        scheduled = make_campaign(
            status=CampaignStatus.SCHEDULED, scheduled_at=start_at + datetime.timedelta(minutes=5)
        )
        stalled = start(make_campaign(title="Bị kẹt"), staff)  # its first task was lost
        assert campaigns_dispatch()["started"] == 0
        clock.shift(datetime.timedelta(minutes=10))
        with django_capture_on_commit_callbacks(execute=True):
            outcome = campaigns_dispatch()
    assert outcome == {"started": 1, "restarted": 1}
    scheduled.refresh_from_db()
    stalled.refresh_from_db()
    assert scheduled.status == stalled.status == CampaignStatus.COMPLETED
    assert len(sms_outbox) == 20
