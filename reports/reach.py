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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import BooleanField, ExpressionWrapper, Q
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


def _per_programme(rows: Iterable[tuple], programmes: Sequence[str]) -> dict[str, set[str]]:
    """Rows of (phone, account, programme flag…) into each programme's people (one flag per programme)."""
    keys: dict[str, set[str]] = {programme: set() for programme in programmes}
    for phone, account, *flags in rows:
        key = person_key(phone, account)
        if key:
            for programme, flag in zip(programmes, flags, strict=True):
                if flag:
                    keys[programme].add(key)
    return keys


def _sms_condition(programme: str) -> Q:
    """A campaign reaching `programme`'s people: one to that programme, or to both (no programme in its
    criteria)."""
    return (
        Q(campaign__criteria__programme=programme)
        | Q(campaign__criteria__programme="")
        | ~Q(campaign__criteria__has_key="programme")
    )


def _sms(programmes: Sequence[str], year: int) -> dict[str, set[str]]:
    message = apps.get_model("campaigns", "SmsMessage")
    flags = {
        f"for_{index}": ExpressionWrapper(_sms_condition(programme), output_field=BooleanField())
        for index, programme in enumerate(programmes)
    }
    rows = (
        message.objects.filter(status="delivered")
        .filter(Q(delivered_at__year=year) | Q(delivered_at__isnull=True, sent_at__year=year))
        .annotate(**flags)
        .values_list("phone", *flags)
        .order_by()
        .distinct()
    )
    return _per_programme(((phone, None, *for_each) for phone, *for_each in rows), programmes)


def _events(programmes: Sequence[str], year: int) -> dict[str, set[str]]:
    registration = apps.get_model("campaigns", "EventRegistration")
    rows = (
        registration.objects.filter(status="attended", event__starts_at__year=year)
        .filter(event__programme__in=[*programmes, ""])  # an event of the programme, or of both
        .values_list("attendee_phone", "user_id", "event__programme")
        .order_by()
        .distinct()
    )
    return _per_programme(
        (
            (phone, user, *(event in (programme, "") for programme in programmes))
            for phone, user, event in rows
        ),
        programmes,
    )


MEMBERSHIP_FLAGS = {"SMEDX": "in_smedx", "RDX": "in_rdx"}


def _erased(programmes: Sequence[str], year: int) -> dict[tuple[str, str], set[str]]:
    """(channel, programme) → the people a deletion remembered as reached that way."""
    trace = apps.get_model("core", "ErasedReach")
    people: dict[tuple[str, str], set[str]] = {}
    rows = trace.objects.filter(year=year, programme__in=programmes, channel__in=["registered", "survey"])
    for channel, programme, person in rows.values_list("channel", "programme", "person"):
        people.setdefault((channel, programme), set()).add(person)
    return people


def _registered(programmes: Sequence[str], year: int) -> dict[str, set[str]]:
    user = apps.get_model("accounts", "User")
    flags = [f"memberships__business__{MEMBERSHIP_FLAGS[programme]}" for programme in programmes]
    member = Q()
    for flag in flags:
        member |= Q(**{flag: True})
    rows = (
        user.objects.filter(member, date_joined__year=year, is_active=True)
        .values_list("phone", "pk", *flags)
        .order_by()
        .distinct()
    )
    return _per_programme(rows, programmes)


def _survey(programmes: Sequence[str], year: int) -> dict[str, set[str]]:
    assessment = apps.get_model("assessment", "Assessment")
    rows = (
        assessment.objects.filter(
            status="submitted", programme__in=programmes, submitted_at__year=year, started_by__isnull=False
        )
        .values_list("started_by__phone", "started_by_id", "programme")
        .order_by()
        .distinct()
    )
    return _per_programme(
        ((phone, user, *(code == programme for programme in programmes)) for phone, user, code in rows),
        programmes,
    )


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
ERASED_CHANNELS = ("registered", "survey")  # the channels whose rows a deletion empties


def people_reached_by_programme(*, year: int, programmes: Sequence[str] | None = None) -> dict[str, Reach]:
    """Each programme's people reached in the year, the total and the split by channel: five queries for
    all the programmes together (one per channel and one for the deletions' traces)."""
    programmes = list(programmes or MEMBERSHIP_FLAGS)
    erased = _erased(programmes, year)
    found = {channel: source(programmes, year) for channel, source in SOURCES.items()}
    result = {}
    for programme in programmes:
        reach = Reach(programme=programme, year=year)
        seen: set[str] = set()
        for channel in SOURCES:
            keys = found[channel][programme]
            if channel in ERASED_CHANNELS:
                keys |= erased.get((channel, programme), set())
            reach.by_channel[channel] = len(keys)
            reach.first_channel[channel] = len(keys - seen)
            seen |= keys
        reach.total = len(seen)
        result[programme] = reach
    return result


def people_reached(*, programme: str, year: int) -> Reach:
    """The programme's people reached in the year: the total, and the split by channel."""
    return people_reached_by_programme(year=year, programmes=[programme])[programme]
