"""The anti-spam rules of Nghị định 91/2020/NĐ-CP that campaign messages obey.

- sent only between 07:00 and 22:00 Vietnam time;
- at most 3 promotional messages to one number in 24 hours;
- nothing to numbers that opted out (see `campaigns.segments` and `services.sending`).
OTP messages (accounts) never pass through here.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PROMO_LOCK_KEY = 910_2020  # PostgreSQL advisory lock taken while promotional messages are claimed


def send_hours() -> tuple[int, int]:
    start, end = settings.CAMPAIGN_SEND_HOURS
    return int(start), int(end)


def in_send_window(moment: datetime.datetime) -> bool:
    start, end = send_hours()
    return start <= moment.astimezone(VIETNAM).hour < end


def next_window_opening(moment: datetime.datetime) -> datetime.datetime:
    """The next 07:00 in Vietnam (today's if it is still before 07:00)."""
    start, _end = send_hours()
    local = moment.astimezone(VIETNAM)
    opening = local.replace(hour=start, minute=0, second=0, microsecond=0)
    if local >= opening:
        opening += datetime.timedelta(days=1)
    return opening


def lock_promotional_claims() -> None:
    """Serialise the cap check and the claim of promotional messages across campaigns and workers, so two
    campaigns sending at once cannot both give a number its third message. Call inside a transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROMO_LOCK_KEY])


def phones_at_promo_cap(phones: list[str], now: datetime.datetime) -> set[str]:
    """Phones that already have the cap of promotional messages sent in the last 24 hours, or on their way.

    Messages in flight (claimed, or queued for a retry or the morning) count too: a message is checked when
    it is claimed, and every later claim sees it, so no 24-hour window can ever hold more than the cap.
    """
    from campaigns.models import MessageStatus, SmsMessage

    if not phones:
        return set()
    since = now - datetime.timedelta(hours=24)
    counted = (
        Q(sent_at__gte=since)
        | Q(status__in=[MessageStatus.CLAIMED, MessageStatus.QUEUED])
        | Q(status=MessageStatus.UNKNOWN, claimed_at__gte=since)
    )
    rows = (
        SmsMessage.objects.filter(promotional=True, phone__in=phones)
        .filter(counted)
        .values("phone")
        .annotate(n=Count("id"))
        .filter(n__gte=settings.CAMPAIGN_PROMO_DAILY_CAP)
        .values_list("phone", flat=True)
    )
    return set(rows)
