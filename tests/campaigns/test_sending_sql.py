"""The sender's hand-written outcome UPDATE (`campaigns.sending_sql.write_outcomes`) and its ORM twin
(`bulk_update`) leave the same message rows: sent, failed and requeued outcomes, other rows untouched."""

from __future__ import annotations

import datetime

from django.utils import timezone

from campaigns.models import MessageStatus, SmsMessage
from campaigns.sending_sql import write_outcomes, write_outcomes_orm
from tests.campaigns.factories import make_campaign
from tests.twins import TWIN, assert_same_effect

pytestmark = TWIN


def test_the_hand_written_outcomes_are_the_orms():
    now = timezone.now()
    campaign = make_campaign()
    rows = [
        SmsMessage.objects.create(
            campaign=campaign,
            phone=f"09120000{n:02d}",
            status=MessageStatus.CLAIMED,
            claim_token="t",
            claimed_at=now,
        )
        for n in range(4)
    ]
    untouched = rows.pop()

    def outcomes() -> list[SmsMessage]:
        sent, failed, again = (SmsMessage.objects.get(pk=row.pk) for row in rows)
        sent.status, sent.attempts, sent.sent_at, sent.gateway_id, sent.claim_token = (
            MessageStatus.SENT,
            1,
            now,
            "gw-1",
            "",
        )
        failed.status, failed.attempts, failed.error, failed.claim_token = (
            MessageStatus.FAILED,
            3,
            "Số không tồn tại",
            "",
        )
        again.status, again.attempts, again.next_attempt_at = (
            MessageStatus.QUEUED,
            1,
            now + datetime.timedelta(minutes=5),
        )
        return [sent, failed, again]

    found = assert_same_effect(
        lambda: write_outcomes(outcomes()),
        lambda: write_outcomes_orm(outcomes()),
        lambda: SmsMessage.objects.all(),
    )
    assert len(found) == 4 and "'gw-1'" in repr(found) and "Số không tồn tại" in repr(found)
    assert SmsMessage.objects.get(pk=untouched.pk).status == MessageStatus.CLAIMED
    write_outcomes([])
