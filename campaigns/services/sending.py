"""Sending a campaign: batches at a bounded rate, each recipient claimed before the gateway is called.

One batch (`campaign_send_batch`) runs at a time per campaign:
1. it takes the campaign's lease (a row lock, then `lease_until`), and only if it carries the campaign's
   current `batch_seq` — a duplicate or stale task (a redelivery, an old ETA) returns without doing anything;
   rows a dead batch left `claimed` become `unknown` and are never sent again;
2. it claims up to CAMPAIGN_BATCH_SIZE rows: first the queued ones that are due (deferred to the morning or
   retried after a transient failure), then the next phones of the segment after the cursor, inserted with
   ON CONFLICT DO NOTHING (UniqueConstraint campaign+phone), in the same transaction as the cursor moves;
3. it calls the gateway for its rows in chunks of CAMPAIGN_SEND_CHUNK: before a chunk, in one transaction,
   it records the previous chunk's outcomes and declares this one "in flight" on the campaign (only if it
   still holds the lease) — one commit per chunk instead of one per message;
4. it releases the lease and tells the task when the next batch runs (and with which `batch_seq`).

So a recipient gets at most one message per campaign whatever happens to the worker: a killed batch leaves
its unfinished rows claimed; the batch that runs next marks the rows of the chunk that was in flight
`unknown` (never sent again: the gateway may have taken them — at most CAMPAIGN_SEND_CHUNK recipients per
crash) and queues the others, which were never tried.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from campaigns.models import CampaignStatus, MessageStatus, SmsCampaign, SmsMessage
from campaigns.rules import in_send_window, lock_promotional_claims, next_window_opening, phones_at_promo_cap
from campaigns.segments import Segment, recipient_phones, recipient_users
from campaigns.sending_sql import write_outcomes
from campaigns.sms_text import MessageTemplate
from smedx_portal.services import audit_log
from smedx_portal.sms import SmsMessage as OutgoingSms
from smedx_portal.sms import TransportError, get_backend

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 30 * 60
GATEWAY_DOWN_AFTER = 3  # consecutive transient failures in a batch: stop and back off
OPTED_OUT = "opted out"
NO_LONGER_RECIPIENT = "no longer a recipient"
CAP_REACHED = "promotional cap reached"


@dataclass
class BatchResult:
    reason: str  # pace | window | retry | backoff | busy | done | stopped
    next_seq: int | None = None
    next_at: datetime.datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def continues(self) -> bool:
        return self.next_seq is not None


def backoff_seconds(attempt: int) -> int:
    return min(RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0), RETRY_MAX_SECONDS)


def segment_of(campaign: SmsCampaign) -> Segment:
    segment = Segment.from_criteria(campaign.criteria, province_id=campaign.province_id)
    return dataclasses.replace(segment, promotional=campaign.is_promotional)


def _take_lease(campaign_id: int, seq: int, token: str, now: datetime.datetime) -> SmsCampaign | BatchResult:
    with transaction.atomic():
        try:
            campaign = SmsCampaign.objects.select_for_update().get(pk=campaign_id)
        except SmsCampaign.DoesNotExist:
            return BatchResult("stopped")
        if campaign.status != CampaignStatus.SENDING or campaign.batch_seq != seq:
            return BatchResult("stopped")
        if campaign.lease_until and campaign.lease_until > now:
            # Another copy of this batch is running: look again when its lease ends (it moves the seq on).
            return BatchResult("busy", next_seq=seq, next_at=campaign.lease_until)
        if not in_send_window(now):
            opening = next_window_opening(now)
            SmsCampaign.objects.filter(pk=campaign.pk).update(batch_seq=seq + 1, next_batch_at=opening)
            return BatchResult("window", next_seq=seq + 1, next_at=opening)
        lease_until = now + datetime.timedelta(seconds=settings.CAMPAIGN_LEASE_SECONDS)
        _recover_dead_claims(campaign, now)
        SmsCampaign.objects.filter(pk=campaign.pk).update(
            lease_token=token, lease_until=lease_until, inflight_token="", inflight_from="", inflight_to=""
        )
    campaign.lease_token, campaign.lease_until = token, lease_until
    return campaign


def _recover_dead_claims(campaign: SmsCampaign, now: datetime.datetime) -> None:
    """Rows still claimed belong to a batch that died or lost its lease (we hold the lease now). Before each
    chunk of gateway calls a batch records the chunk on the campaign (token and phone range), and it records
    the chunk's outcomes right after its calls: so only the claimed rows of the chunk in flight may have
    reached the gateway. They become `unknown` and are never sent again; the other claimed rows were never
    tried and go back to the queue."""
    stale = SmsMessage.objects.filter(campaign=campaign, status=MessageStatus.CLAIMED)
    if campaign.inflight_token:
        stale.filter(
            claim_token=campaign.inflight_token,
            phone__gte=campaign.inflight_from,
            phone__lte=campaign.inflight_to,
        ).update(status=MessageStatus.UNKNOWN, error="the worker stopped during the gateway call")
    stale.update(status=MessageStatus.QUEUED, claim_token="", next_attempt_at=now)


def _claim(campaign: SmsCampaign, token: str, now: datetime.datetime) -> tuple[list[SmsMessage], bool]:
    """Claim this batch's rows. Returns them and whether the segment has no more phones after the cursor."""
    size = max(settings.CAMPAIGN_BATCH_SIZE, 1)
    due = list(
        SmsMessage.objects.filter(campaign=campaign, status=MessageStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:size]
    )
    if due:
        SmsMessage.objects.filter(id__in=due, status=MessageStatus.QUEUED).update(
            status=MessageStatus.CLAIMED, claim_token=token, claimed_at=now
        )
    room = size - len(due)
    exhausted = False
    if room > 0:
        phones = list(recipient_phones(segment_of(campaign), after=campaign.cursor, now=now)[:room])
        exhausted = len(phones) < room
        cursor = phones[-1] if phones else campaign.cursor
        if phones:
            with transaction.atomic():
                capped: set[str] = set()
                if campaign.is_promotional:
                    lock_promotional_claims()
                    capped = phones_at_promo_cap(phones, now)
                SmsMessage.objects.bulk_create(
                    [
                        SmsMessage(
                            campaign=campaign,
                            phone=phone,
                            status=MessageStatus.SKIPPED if phone in capped else MessageStatus.CLAIMED,
                            error=CAP_REACHED if phone in capped else "",
                            promotional=campaign.is_promotional,
                            claim_token=token,
                            claimed_at=now,
                        )
                        for phone in phones
                    ],
                    ignore_conflicts=True,  # ON CONFLICT DO NOTHING: a phone claimed before stays with its row
                )
                SmsCampaign.objects.filter(pk=campaign.pk).update(cursor=cursor)
                campaign.cursor = cursor
    rows = list(
        SmsMessage.objects.filter(
            campaign=campaign, claim_token=token, status=MessageStatus.CLAIMED
        ).order_by("phone")
    )
    return rows, exhausted


def _requeue(rows: list[SmsMessage], *, at: datetime.datetime) -> None:
    if rows:
        SmsMessage.objects.filter(id__in=[row.id for row in rows], status=MessageStatus.CLAIMED).update(
            status=MessageStatus.QUEUED, next_attempt_at=at, claim_token=""
        )


def _skip_opted_out(campaign: SmsCampaign, rows: list[SmsMessage]) -> list[SmsMessage]:
    """Checked again right before each chunk's gateway calls: numbers that opted out, and numbers that are no
    longer a recipient since they were claimed (the person deleted their data, changed phone or withdrew their
    consent to promotional SMS)."""
    from campaigns.models import OptOut

    phones = [row.phone for row in rows]
    opted = set(OptOut.objects.filter(phone__in=phones).values_list("phone", flat=True))
    gone = set(phones) - set(
        recipient_users(segment_of(campaign)).filter(phone__in=phones).values_list("phone", flat=True)
    )
    for stopped, error in ((opted, OPTED_OUT), (gone - opted, NO_LONGER_RECIPIENT)):
        if stopped:
            SmsMessage.objects.filter(id__in=[row.id for row in rows if row.phone in stopped]).update(
                status=MessageStatus.SKIPPED, error=error
            )
    return [row for row in rows if row.phone not in opted and row.phone not in gone]


@dataclass
class _Chunk:
    """Outcomes of a chunk of gateway calls, written together (one pipelined UPDATE per chunk)."""

    rows: list[SmsMessage] = field(default_factory=list)

    def record(self, row: SmsMessage, **fields) -> None:
        for name, value in fields.items():
            setattr(row, name, value)
        self.rows.append(row)

    def write(
        self,
        *,
        requeue: list[SmsMessage] = (),
        at: datetime.datetime | None = None,
        declare: tuple[SmsCampaign, str, list[SmsMessage]] | None = None,
    ) -> bool:
        """Write the outcomes recorded so far, requeue rows not tried, and declare the next chunk in flight —
        in one transaction, so one commit per chunk. False if the batch no longer holds the lease."""
        held = True
        with transaction.atomic():
            if self.rows:
                write_outcomes(self.rows)
            _requeue(list(requeue), at=at)
            if declare:
                campaign, token, part = declare
                held = bool(
                    SmsCampaign.objects.filter(pk=campaign.pk, lease_token=token).update(
                        inflight_token=token, inflight_from=part[0].phone, inflight_to=part[-1].phone
                    )
                )
        self.rows = []
        return held


def _send_rows(
    campaign: SmsCampaign, rows: list[SmsMessage], token: str, started: float
) -> tuple[str, datetime.datetime | None]:
    """Call the gateway for the claimed rows, chunk by chunk. Returns why sending stopped early (or "") and
    when to go on."""
    backend = get_backend()
    template = MessageTemplate(campaign)
    size = max(settings.CAMPAIGN_SEND_CHUNK, 1)
    transient_in_a_row = 0
    sent_any = False
    chunk = _Chunk()
    for offset in range(0, len(rows), size):
        part = _skip_opted_out(campaign, rows[offset : offset + size])
        if not part:
            continue
        # The previous chunk's outcomes and this chunk declared in flight, before its first call, and only
        # while this batch holds the lease: a batch that lost it (it ran past its lease and another took
        # over) stops here, before sending.
        if not chunk.write(declare=(campaign, token, part)):
            return "lost", None
        for index, row in enumerate(part):
            now = timezone.now()
            rest = part[index:] + rows[offset + size :]
            if not in_send_window(now):  # the batch reached 22:00: the rest waits for the morning
                opening = next_window_opening(now)
                chunk.write(requeue=rest, at=opening)
                return "window", opening
            if (
                time.monotonic() - started > settings.CAMPAIGN_LEASE_SECONDS / 2
            ):  # slow gateway: keep the lease
                chunk.write(requeue=rest, at=now)
                return "pace", now
            try:
                gateway_id = backend.send(
                    OutgoingSms(
                        phone=row.phone, text=template.for_phone(row.phone), reference=f"sms-{row.id}"
                    )
                )
            except TransportError as exc:
                attempts = row.attempts + 1
                if exc.permanent or attempts >= settings.CAMPAIGN_MAX_ATTEMPTS:
                    chunk.record(row, status=MessageStatus.FAILED, attempts=attempts, error=str(exc)[:255])
                else:
                    retry_at = now + datetime.timedelta(seconds=backoff_seconds(attempts))
                    chunk.record(
                        row,
                        status=MessageStatus.QUEUED,
                        attempts=attempts,
                        error=str(exc)[:255],
                        claim_token="",
                        next_attempt_at=retry_at,
                    )
                if exc.permanent:
                    continue
                transient_in_a_row += 1
                if transient_in_a_row >= GATEWAY_DOWN_AFTER:  # the gateway is down: stop and back off
                    failures = campaign.consecutive_failures + 1
                    SmsCampaign.objects.filter(pk=campaign.pk).update(consecutive_failures=failures)
                    resume = now + datetime.timedelta(seconds=backoff_seconds(failures))
                    chunk.write(requeue=rest[1:], at=resume)
                    return "backoff", resume
                continue
            transient_in_a_row = 0
            sent_any = True
            chunk.record(row, status=MessageStatus.SENT, sent_at=now, gateway_id=gateway_id[:64], error="")
    chunk.write()
    if sent_any and campaign.consecutive_failures:
        SmsCampaign.objects.filter(pk=campaign.pk).update(consecutive_failures=0)
    return "", None


def message_counts(campaign: SmsCampaign) -> dict[str, int]:
    counts = dict.fromkeys(MessageStatus.values, 0)
    for row in (
        SmsMessage.objects.filter(campaign=campaign).values("status").annotate(n=Count("id")).order_by()
    ):
        counts[row["status"]] = row["n"]
    return counts


def campaign_send_batch(*, campaign_id: int, seq: int) -> BatchResult:
    """Run one batch of a sending campaign. Idempotent: safe to run twice, or after a worker died."""
    started = time.monotonic()
    started_at = now = timezone.now()
    token = uuid.uuid4().hex
    leased = _take_lease(campaign_id, seq, token, now)
    if isinstance(leased, BatchResult):
        return leased
    campaign = leased

    rows, exhausted = _claim(campaign, token, now)
    early, early_at = _send_rows(campaign, rows, token, started) if rows else ("", None)
    if early == "lost":
        return BatchResult("stopped")

    now = timezone.now()
    if early:
        reason, next_at = early, early_at
    elif not exhausted:
        # CAMPAIGN_RATE_PER_SECOND on average: this batch's gateway calls take their share of time.
        pace = datetime.timedelta(seconds=len(rows) / max(settings.CAMPAIGN_RATE_PER_SECOND, 1))
        reason, next_at = "pace", max(now, started_at + pace)
    else:
        waiting = SmsMessage.objects.filter(campaign=campaign, status=MessageStatus.QUEUED).aggregate(
            first=Min("next_attempt_at")
        )["first"]
        reason, next_at = ("retry", max(waiting, now)) if waiting else ("done", None)
    return _finish(campaign, token, reason, next_at)


def _finish(campaign: SmsCampaign, token: str, reason: str, next_at: datetime.datetime | None) -> BatchResult:
    with transaction.atomic():
        current = SmsCampaign.objects.select_for_update().get(pk=campaign.pk)
        if current.lease_token != token:  # our lease ran out and another batch took over
            return BatchResult("stopped")
        updates: dict = {
            "lease_token": "",
            "lease_until": None,
            "inflight_token": "",
            "inflight_from": "",
            "inflight_to": "",
        }
        result = BatchResult(reason)
        if reason == "done" and current.status == CampaignStatus.SENDING:
            now = timezone.now()
            updates.update(status=CampaignStatus.COMPLETED, finished_at=now, next_batch_at=None)
            counts = message_counts(current)
            audit_log(actor=None, obj=current, action="campaign.complete", data={"messages": counts})
            result.counts = counts
        elif current.status != CampaignStatus.SENDING:  # paused or cancelled during the batch
            updates["next_batch_at"] = None
            result = BatchResult("stopped")
        else:
            updates.update(batch_seq=current.batch_seq + 1, next_batch_at=next_at)
            result.next_seq, result.next_at = current.batch_seq + 1, next_at
        SmsCampaign.objects.filter(pk=current.pk).update(**updates)
    return result


def kick(campaign: SmsCampaign, *, at: datetime.datetime | None = None) -> int:
    """Start a new batch chain (inside the caller's transaction; the task is queued on commit).

    The seq moves on, so any older task still queued for this campaign finds it is stale and stops.
    """
    seq = campaign.batch_seq + 1
    SmsCampaign.objects.filter(pk=campaign.pk).update(batch_seq=seq, next_batch_at=at or timezone.now())
    campaign.batch_seq = seq
    from campaigns.tasks import send_campaign_batch

    campaign_id = campaign.pk
    if at is None:
        transaction.on_commit(lambda: send_campaign_batch.delay(campaign_id, seq))
    else:
        transaction.on_commit(lambda: send_campaign_batch.apply_async((campaign_id, seq), eta=at))
    return seq
