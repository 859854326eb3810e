"""People reached by a programme in a year, each counted once (QĐ 377 I.2b: 50,000 a year for SMEdx).

A person reached is a distinct phone (or, without a phone, an account) who in the year received a delivered SMS
of a campaign of the programme, attended an event of the programme (or of both), registered an account
representing a business of the programme, or took the programme's survey. A deleted person's kept rows (campaign
and event rows) hold their phone's keyed pseudonym (`smedx_portal.personal.phone_pseudonym`) instead of the
number, so they still count once. Registering and taking the survey leave no such row once the account is
emptied, so the deletion writes them down first (`reach_traces`, kept as `core.ErasedReach` under the same
pseudonym). Each person is also attributed to one channel — the first in CHANNELS order they were reached
through — so the split adds up to the total without double counting.

The count is one statement in the database (`reports.reach_people_sql`). It reads every person of the year (a
second at a million surveys), so the dashboards read `reports.ReachCount`, which a task recounts every
REPORTS_RECOUNT_SECONDS (`reach_refresh`); a page recounts itself only when they are missing or twice as old.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.reach_people_sql import CHANNEL_ORDER, MEMBERSHIP_FLAGS, Pattern, person_key, reach_patterns

__all__ = [
    "CHANNELS",
    "Reach",
    "people_reached",
    "people_reached_by_programme",
    "people_reached_stored",
    "person_key",
    "reach_refresh",
    "reach_traces",
]

CHANNELS = dict(  # in CHANNEL_ORDER, the statement's column order
    zip(
        CHANNEL_ORDER,
        (
            _("Nhận tin nhắn của Chương trình"),
            _("Tham dự sự kiện, tập huấn"),
            _("Đăng ký tài khoản"),
            _("Làm khảo sát"),
        ),
        strict=True,
    )
)


@dataclass
class Reach:
    programme: str
    year: int
    total: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)  # people reached through each channel
    first_channel: dict[str, int] = field(default_factory=dict)  # each person once: sums to `total`
    computed_at: datetime.datetime | None = field(
        default=None, compare=False
    )  # when stored counts were counted

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


def reach_of_patterns(patterns: Sequence[Pattern], programmes: Sequence[str], year: int) -> dict[str, Reach]:
    """Each programme's Reach from the people grouped by the channels × programmes they were reached through."""
    result = {}
    for number, programme in enumerate(programmes):
        reach = Reach(
            programme=programme,
            year=year,
            by_channel=dict.fromkeys(CHANNELS, 0),
            first_channel=dict.fromkeys(CHANNELS, 0),
        )
        for flags, people in patterns:
            channels = [
                key for position, key in enumerate(CHANNELS) if flags[position * len(programmes) + number]
            ]
            for key in channels:
                reach.by_channel[key] += people
            if channels:
                reach.first_channel[channels[0]] += people
                reach.total += people
        result[programme] = reach
    return result


def people_reached_by_programme(*, year: int, programmes: Sequence[str] | None = None) -> dict[str, Reach]:
    """Each programme's people reached in the year, the total and the split by channel, counted now: one query
    for all the programmes together."""
    programmes = list(programmes or MEMBERSHIP_FLAGS)
    return reach_of_patterns(reach_patterns(programmes, year), programmes, year)


def people_reached(*, programme: str, year: int) -> Reach:
    """The programme's people reached in the year: the total, and the split by channel."""
    return people_reached_by_programme(year=year, programmes=[programme])[programme]


# --- the counts the dashboards read ---------------------------------------------------------------------------
def reach_refresh(*, year: int, programmes: Sequence[str] | None = None) -> dict[str, Reach]:
    """Recount the year's people reached and store them (`reports.ReachCount`, one upsert); returns them."""
    count = apps.get_model("reports", "ReachCount")
    now = timezone.now()
    reached = people_reached_by_programme(year=year, programmes=programmes)
    for reach in reached.values():
        reach.computed_at = now
    rows = [
        count(
            programme=programme,
            year=year,
            channel=channel,
            people=reach.by_channel[channel],
            counted=reach.first_channel[channel],
            computed_at=now,
        )
        for programme, reach in reached.items()
        for channel in CHANNELS
    ]
    count.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["programme", "year", "channel"],
        update_fields=["people", "counted", "computed_at"],
    )
    return reached


def people_reached_stored(*, year: int, programmes: Sequence[str]) -> dict[str, Reach]:
    """The programmes' people reached as last counted (one query), each with the time of its oldest row;
    recounted first if missing or older than twice REPORTS_RECOUNT_SECONDS (the task that recounts them is
    not running)."""
    count = apps.get_model("reports", "ReachCount")
    oldest = timezone.now() - datetime.timedelta(seconds=2 * settings.REPORTS_RECOUNT_SECONDS)
    rows = list(
        count.objects.filter(year=year, programme__in=programmes, computed_at__gte=oldest).values_list(
            "programme", "channel", "people", "counted", "computed_at"
        )
    )
    if len(rows) < len(programmes) * len(CHANNELS):
        return reach_refresh(year=year, programmes=programmes)
    result = {
        programme: Reach(
            programme=programme,
            year=year,
            by_channel=dict.fromkeys(CHANNELS, 0),
            first_channel=dict.fromkeys(CHANNELS, 0),
        )
        for programme in programmes
    }
    for programme, channel, people, counted, computed_at in rows:
        if channel in CHANNELS:
            reach = result[programme]
            reach.by_channel[channel] = people
            reach.first_channel[channel] = counted
            reach.total += counted
            reach.computed_at = min(computed_at, reach.computed_at or computed_at)
    return result
