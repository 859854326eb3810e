"""People reached: the hand-written count over the ORM's subqueries (`reports.reach_sql.reach_counts`) and its ORM
twin count the same phones, a phone reached both ways once, nationally and in one province."""

from __future__ import annotations

import pytest
from django.utils import timezone

from campaigns.models import EventRegistration, SmsMessage
from reports.reach_sql import reach_counts, reach_counts_orm
from tests.campaigns.factories import EventFactory, make_campaign
from tests.factories import BusinessFactory, UserFactory
from tests.twins import TWIN, assert_same_rows

pytestmark = TWIN


@pytest.fixture
def reached(dataset):
    now = timezone.now()
    national, hanoi = make_campaign(), make_campaign(title="Hà Nội")
    hanoi.province_id = 1
    hanoi.save(update_fields=["province"])
    for campaign, phone, status in (
        (national, "+84911000001", "sent"),
        (national, "+84911000003", "failed"),
        (hanoi, "+84911000004", "delivered"),
        (national, "+84911000004", "sent"),  # the same phone by two campaigns
    ):
        SmsMessage.objects.create(campaign=campaign, phone=phone, status=status, claimed_at=now, sent_at=now)
    event = EventFactory(province=dataset["hanoi"], starts_at=now, ends_at=now)
    for phone, status in (("+84911000001", "attended"), ("+84911000005", "registered")):
        EventRegistration.objects.create(
            event=event,
            user=UserFactory(),
            business=BusinessFactory(),
            attendee_name="Người tham dự",
            attendee_phone=phone,
            status=status,
        )


@pytest.mark.parametrize("province_id", [None, 1, 79])
def test_the_hand_written_reach_count_is_the_orms(reached, province_id):
    messages = SmsMessage.objects.filter(status__in=["sent", "delivered"])
    registrations = EventRegistration.objects.filter(status__in=["registered", "attended"])
    if province_id is not None:
        messages = messages.filter(campaign__province_id=province_id)
        registrations = registrations.filter(event__province_id=province_id)
    (row,) = assert_same_rows(
        lambda: [reach_counts(messages, registrations)], lambda: [reach_counts_orm(messages, registrations)]
    )
    assert (
        row == {None: (2, 2, 3), 1: (1, 2, 3), 79: (0, 0, 0)}[province_id]
    )  # 01 and 04 by SMS, 01 and 05 at the event
