"""People reached by a programme in a year, each counted once (QĐ 377 I.2b: 50,000 a year for SMEdx).

A person reached is a distinct phone (or, without a phone, an account) who in the year received a delivered SMS
of a campaign of the programme, attended an event of the programme (or of both), registered an account
representing a business of the programme, or took the programme's survey. Phones are compared through their
keyed pseudonym (`smedx_portal.personal.phone_pseudonym`), the same value that replaces a deleted person's phone
in the campaign and event rows that are kept: a person who deleted their data still counts once, and the number
itself is never needed. Registering and taking the survey leave no such row once the account is emptied, so the
deletion writes them down first (`reach_traces`, kept as `core.ErasedReach` under the same pseudonym). Each person is also attributed to one channel — the first in CHANNELS order they were
reached through — so the split adds up to the total without double counting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smedx_portal.personal import phone_pseudonym

CHANNELS = {
    "sms": _("Nhận tin nhắn của Chương trình"),
    "event": _("Tham dự sự kiện, tập huấn"),
    "registered": _("Đăng ký tài khoản"),
    "survey": _("Làm khảo sát"),
}


@dataclass
class Reach:
    programme: str
    year: int
    total: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)  # people reached through each channel
    first_channel: dict[str, int] = field(default_factory=dict)  # each person once: sums to `total`

    def rows(self) -> list[dict]:
        return [
            {
                "channel": key,
                "label": label,
                "people": self.by_channel.get(key, 0),
                "counted": self.first_channel.get(key, 0),
            }
            for key, label in CHANNELS.items()
        ]


def person_key(phone: str | None, account_id: int | None = None) -> str | None:
    """A phone's pseudonym (already one for a deleted person's kept rows), else the account."""
    if phone:
        return phone if phone.startswith("#") else phone_pseudonym(phone)
    return f"account:{account_id}" if account_id else None


def _keys(rows: Iterable[tuple[str | None, int | None]]) -> set[str]:
    return {key for phone, account in rows if (key := person_key(phone, account))}


def _sms(programme: str, year: int) -> set[str]:
    message = apps.get_model("campaigns", "SmsMessage")
    rows = (
        message.objects.filter(status="delivered")
        .filter(  # a campaign to both programmes' businesses reaches people of each
            Q(campaign__criteria__programme=programme)
            | Q(campaign__criteria__programme="")
            | ~Q(campaign__criteria__has_key="programme")
        )
        .filter(Q(delivered_at__year=year) | Q(delivered_at__isnull=True, sent_at__year=year))
        .values_list("phone")
        .distinct()
    )
    return _keys((phone, None) for (phone,) in rows)


def _events(programme: str, year: int) -> set[str]:
    registration = apps.get_model("campaigns", "EventRegistration")
    rows = (
        registration.objects.filter(status="attended", event__starts_at__year=year)
        .filter(Q(event__programme=programme) | Q(event__programme=""))
        .values_list("attendee_phone", "user_id")
        .distinct()
    )
    return _keys(rows)


MEMBERSHIP_FLAGS = {"SMEDX": "in_smedx", "RDX": "in_rdx"}


def _erased(channel: str, programme: str, year: int) -> set[str]:
    trace = apps.get_model("core", "ErasedReach")
    return set(
        trace.objects.filter(channel=channel, programme=programme, year=year).values_list("person", flat=True)
    )


def _registered(programme: str, year: int) -> set[str]:
    user = apps.get_model("accounts", "User")
    rows = (
        user.objects.filter(
            date_joined__year=year,
            is_active=True,
            **{f"memberships__business__{MEMBERSHIP_FLAGS[programme]}": True},
        )
        .values_list("phone", "pk")
        .distinct()
    )
    return _keys(rows) | _erased("registered", programme, year)


def _survey(programme: str, year: int) -> set[str]:
    assessment = apps.get_model("assessment", "Assessment")
    rows = (
        assessment.objects.filter(
            status="submitted", programme=programme, submitted_at__year=year, started_by__isnull=False
        )
        .values_list("started_by__phone", "started_by_id")
        .distinct()
    )
    return _keys(rows) | _erased("survey", programme, year)


def reach_traces(user) -> list[tuple[str, str, int, str]]:
    """(person, programme, year, channel) for each way the account counts as reached through registering or
    taking the survey: what a deletion keeps (under the phone's pseudonym) before it empties the account."""
    person = person_key(user.phone, user.pk)
    if person is None:
        return []
    traces = set()
    if user.is_active:
        business = apps.get_model("businesses", "Business")
        for programme, flag in MEMBERSHIP_FLAGS.items():
            if business.objects.filter(memberships__user_id=user.pk, **{flag: True}).exists():
                traces.add((person, programme, timezone.localtime(user.date_joined).year, "registered"))
    assessment = apps.get_model("assessment", "Assessment")
    surveys = assessment.objects.filter(status="submitted", started_by_id=user.pk, submitted_at__isnull=False)
    years = surveys.annotate(year=ExtractYear("submitted_at")).values_list("programme", "year").distinct()
    traces.update((person, programme, year, "survey") for programme, year in years)
    return sorted(traces)


SOURCES = {"sms": _sms, "event": _events, "registered": _registered, "survey": _survey}


def people_reached(*, programme: str, year: int) -> Reach:
    """The programme's people reached in the year: the total, and the split by channel."""
    reach = Reach(programme=programme, year=year)
    seen: set[str] = set()
    for channel, source in SOURCES.items():
        keys = source(programme, year)
        reach.by_channel[channel] = len(keys)
        reach.first_channel[channel] = len(keys - seen)
        seen |= keys
    reach.total = len(seen)
    return reach
