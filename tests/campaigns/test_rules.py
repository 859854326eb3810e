"""Nghị định 91/2020/NĐ-CP with a frozen clock: sending only 07:00–22:00 Vietnam time (a batch that reaches
22:00 waits for the morning), at most 3 promotional messages to a number in 24 hours."""

import datetime

import pytest
import time_machine

from campaigns.models import CampaignKind, CampaignStatus, MessageStatus, SmsMessage
from campaigns.rules import in_send_window, next_window_opening
from campaigns.services.campaigns import campaign_send_now
from campaigns.services.sending import campaign_send_batch
from campaigns.tasks import send_campaign_batch
from tests.campaigns.factories import make_campaign, representative

pytestmark = pytest.mark.django_db

VN = datetime.timezone(datetime.timedelta(hours=7))


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, second, tzinfo=VN)


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (at(23, 6, 59, 59), False),
        (at(23, 7), True),
        (at(23, 12), True),
        (at(23, 21, 59, 59), True),
        (at(23, 22), False),
        (at(23, 23, 30), False),
        # 14:30 UTC is 21:30 in Vietnam; 15:00 UTC is 22:00
        (datetime.datetime(2026, 11, 23, 14, 30, tzinfo=datetime.UTC), True),
        (datetime.datetime(2026, 11, 23, 15, 0, tzinfo=datetime.UTC), False),
    ],
)
def test_the_sending_window_is_in_vietnam_time(moment, inside):
    assert in_send_window(moment) is inside


def test_the_next_opening_is_the_next_seven_oclock():
    assert next_window_opening(at(23, 22, 30)) == at(24, 7)
    assert next_window_opening(at(24, 3, 0)) == at(24, 7)
    assert next_window_opening(at(24, 7, 0)) == at(25, 7)


@pytest.fixture
def people(db):
    return sorted((representative() for _ in range(6)), key=lambda user: user.phone)


def sending(staff, **fields):
    campaign = make_campaign(created_by=staff, **fields)
    campaign_send_now(campaign=campaign, actor=staff)
    campaign.refresh_from_db()
    return campaign


def test_nothing_is_sent_at_night_and_the_batch_waits_for_seven(people, staff, sms_outbox):
    with time_machine.travel(at(23, 22, 30), tick=False):
        campaign = sending(staff)
        result = campaign_send_batch(campaign_id=campaign.pk, seq=campaign.batch_seq)
    assert (result.reason, result.next_at) == ("window", at(24, 7))
    assert sms_outbox == []
    assert not SmsMessage.objects.exists()
    campaign.refresh_from_db()
    assert campaign.next_batch_at == at(24, 7)
    with time_machine.travel(at(24, 7), tick=False):
        result = campaign_send_batch(campaign_id=campaign.pk, seq=result.next_seq)
    assert len(sms_outbox) == 6


def test_a_batch_that_reaches_ten_pm_stops_and_the_rest_waits_for_the_morning(
    people, staff, sms_outbox, gateway, run_batches
):
    with time_machine.travel(at(23, 21, 58), tick=False) as clock:
        gateway.on_send = lambda message: clock.shift(
            datetime.timedelta(minutes=1)
        )  # each call takes a minute
        campaign = sending(staff)
        result = campaign_send_batch(campaign_id=campaign.pk, seq=campaign.batch_seq)
        assert (result.reason, result.next_at) == ("window", at(24, 7))
        assert len(sms_outbox) == 2  # sent at 21:58 and 21:59; at 22:00 the batch stopped
        waiting = SmsMessage.objects.filter(campaign=campaign, status=MessageStatus.QUEUED)
        assert waiting.count() == 4
        assert {row.next_attempt_at for row in waiting} == {at(24, 7)}
        # a copy of the task that fires during the night does nothing
        clock.move_to(at(24, 1))
        assert campaign_send_batch(campaign_id=campaign.pk, seq=result.next_seq).reason == "window"
        assert len(sms_outbox) == 2
        clock.move_to(at(24, 7))
        gateway.on_send = None
        campaign.refresh_from_db()
        run_batches(campaign)
    assert len({m.phone for m in sms_outbox}) == len(sms_outbox) == 6
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COMPLETED


def test_inline_mode_does_not_spin_while_waiting_for_the_morning(
    people, staff, sms_outbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(23, 23), tick=False), django_capture_on_commit_callbacks(execute=True):
        campaign = sending(staff)
    send_campaign_batch.delay(campaign.pk, campaign.batch_seq)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING and sms_outbox == []


def promo_sent_to(phone: str) -> int:
    return SmsMessage.objects.filter(phone=phone, promotional=True, status=MessageStatus.SENT).count()


def test_at_most_three_promotional_messages_to_a_number_in_24_hours(people, staff, sms_outbox, run_batches):
    target = people[0].phone
    with time_machine.travel(at(23, 9), tick=False) as clock:
        for hour in (9, 10, 11):
            clock.move_to(at(23, hour))
            run_batches(sending(staff, kind=CampaignKind.PROMO, title=f"Ưu đãi {hour}h"))
        assert promo_sent_to(target) == 3

        clock.move_to(at(23, 15))
        fourth = sending(staff, kind=CampaignKind.PROMO, title="Ưu đãi thứ tư")
        run_batches(fourth)
        row = SmsMessage.objects.get(campaign=fourth, phone=target)
        assert (row.status, row.error) == (MessageStatus.SKIPPED, "promotional cap reached")
        assert promo_sent_to(target) == 3

        # informational messages are not promotions: the cap does not apply
        info = sending(staff, kind=CampaignKind.INFO, title="Thông tin Chương trình")
        run_batches(info)
        assert SmsMessage.objects.get(campaign=info, phone=target).status == MessageStatus.SENT

        # 24 hours after the first one, a slot is free again — exactly one
        clock.move_to(at(24, 9, 0, 1))
        fifth = sending(staff, kind=CampaignKind.PROMO, title="Ưu đãi ngày sau")
        run_batches(fifth)
        assert SmsMessage.objects.get(campaign=fifth, phone=target).status == MessageStatus.SENT
        sixth = sending(staff, kind=CampaignKind.PROMO, title="Ưu đãi ngày sau nữa")
        run_batches(sixth)
        assert SmsMessage.objects.get(campaign=sixth, phone=target).status == MessageStatus.SKIPPED

    texts = [m.text for m in sms_outbox if m.phone == target]
    assert sum(text.startswith("[QC] ") for text in texts) == 4


def test_messages_waiting_to_be_sent_count_towards_the_cap(people, staff, run_batches, gateway):
    target = people[0].phone
    gateway.transient = {target: 1}  # the first promotion to it fails once and waits for a retry
    with time_machine.travel(at(23, 9), tick=False):
        for title in ("A", "B", "C", "D"):
            run_batches(sending(staff, kind=CampaignKind.PROMO, title=title))
    rows = SmsMessage.objects.filter(phone=target).order_by("campaign_id")
    assert [row.status for row in rows] == [
        MessageStatus.QUEUED,
        MessageStatus.SENT,
        MessageStatus.SENT,
        MessageStatus.SKIPPED,
    ]
