"""Segments: who a campaign reaches, as criteria stored in JSON, turned into one SQL query.

    segment = Segment.from_criteria(campaign.criteria, province_id=campaign.province_id)
    recipient_phones(segment).count()          # the recipient count, counted in SQL
    recipient_phones(segment, after="+8491…")  # the next phones to send to, in phone order

Recipients are the distinct phones of the active representatives of the matching businesses (verified
phones of active users), minus the numbers that opted out; a promotional campaign reaches only the people whose
consent to promotional SMS is in force (Law 91/2025/QH15).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.consents import consenting_user_ids
from accounts.models import ConsentPurpose
from businesses.models import Business, BusinessResult, MembershipStatus
from campaigns.models import OptOut


@dataclass(frozen=True)
class Segment:
    programme: str = ""
    province_id: int | None = None
    ward_id: int | None = None
    kinds: tuple[str, ...] = field(default_factory=tuple)
    sector_id: int | None = None
    levels: tuple[str, ...] = field(default_factory=tuple)
    never_surveyed: bool = False
    surveyed_months_ago: int | None = None  # last surveyed more than N months ago
    platform_group_id: int | None = None  # registered to use a platform of this category group
    promotional: bool = False  # a promotional campaign reaches only people who consented to promotional SMS

    @classmethod
    def from_criteria(cls, criteria: dict[str, Any] | None, *, province_id: int | None = None) -> Segment:
        criteria = criteria or {}

        def _int(name: str) -> int | None:
            value = criteria.get(name)
            return int(value) if value not in (None, "") else None

        return cls(
            programme=criteria.get("programme") or "",
            province_id=province_id,
            ward_id=_int("ward"),
            kinds=tuple(criteria.get("kinds") or ()),
            sector_id=_int("sector"),
            levels=tuple(criteria.get("levels") or ()),
            never_surveyed=bool(criteria.get("never_surveyed")),
            surveyed_months_ago=_int("surveyed_months_ago"),
            platform_group_id=_int("platform_group"),
        )

    def to_criteria(self) -> dict[str, Any]:
        """The JSON stored on the campaign (the province lives in its own column)."""
        data = asdict(self)
        data.pop("province_id")
        data.pop("promotional")
        criteria = {
            "programme": data["programme"],
            "ward": data["ward_id"],
            "kinds": list(data["kinds"]),
            "sector": data["sector_id"],
            "levels": list(data["levels"]),
            "never_surveyed": data["never_surveyed"],
            "surveyed_months_ago": data["surveyed_months_ago"],
            "platform_group": data["platform_group_id"],
        }
        return {key: value for key, value in criteria.items() if value not in (None, "", [], False)}


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter month)."""
    import calendar

    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def business_filter(segment: Segment, *, prefix: str = "", now: datetime.datetime | None = None) -> Q:
    """The segment's conditions on Business, as a Q (prefix "business__" to use it from a Membership)."""
    p = prefix
    q = Q()
    if segment.programme == "RDX":
        q &= Q(**{f"{p}in_rdx": True})
    elif segment.programme == "SMEDX":
        q &= Q(**{f"{p}in_smedx": True})
    if segment.province_id is not None:
        q &= Q(**{f"{p}province_id": segment.province_id})
    if segment.ward_id is not None:
        q &= Q(**{f"{p}ward_id": segment.ward_id})
    if segment.kinds:
        q &= Q(**{f"{p}kind__in": list(segment.kinds)})
    if segment.sector_id is not None:
        q &= Q(**{f"{p}sector_id": segment.sector_id})
    if segment.levels or segment.never_surveyed or segment.surveyed_months_ago:
        q &= _result_filter(segment, outer=f"{p}pk", now=now)
    if segment.platform_group_id is not None:
        q &= Q(Exists(platform_users(segment.platform_group_id).filter(business_id=OuterRef(f"{p}pk"))))
    return q


def _result_filter(segment: Segment, *, outer: str, now: datetime.datetime | None) -> Q:
    """The conditions on the business's survey result in the segment's programme (in either programme when
    the segment names none): its level, never surveyed, or surveyed long ago."""
    results = BusinessResult.objects.filter(business_id=OuterRef(outer))
    if segment.programme:
        results = results.filter(programme=segment.programme)
    q = Q()
    if segment.levels:
        q &= Q(Exists(results.filter(level__in=list(segment.levels))))
    if segment.never_surveyed:
        q &= ~Q(Exists(results))
    if segment.surveyed_months_ago:
        since = months_before(now or timezone.now(), segment.surveyed_months_ago)
        # surveyed, and not since: every result (in the programme) is older than `since`
        q &= Q(Exists(results)) & ~Q(Exists(results.filter(assessed_at__gte=since)))
    return q


def platform_users(group_id: int) -> QuerySet:
    """Usage registrations (not declined or cancelled) of a platform listed in the category group."""
    usage = apps.get_model("platforms", "UsageRegistration")
    live = ~Q(status__in=["declined", "cancelled"])
    return usage.objects.filter(live).filter(
        Q(listing__group_id=group_id) | Q(listing__isnull=True, platform__listings__group_id=group_id)
    )


def segment_businesses(segment: Segment) -> QuerySet:
    return Business.objects.filter(business_filter(segment))


def recipient_users(segment: Segment, *, now: datetime.datetime | None = None) -> QuerySet:
    """Users who receive the campaign: one row per phone (the phone is unique on User)."""
    from businesses.models import Membership

    memberships = Membership.objects.filter(user_id=OuterRef("pk"), status=MembershipStatus.ACTIVE).filter(
        business_filter(segment, prefix="business__", now=now)
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True, phone__isnull=False, phone_verified_at__isnull=False)
        .exclude(phone="")
        .filter(Exists(memberships))
        .exclude(Exists(OptOut.objects.filter(phone=OuterRef("phone"))))
    )
    if segment.promotional:
        users = users.filter(pk__in=consenting_user_ids(ConsentPurpose.PROMOTIONAL_SMS))
    return users


def recipient_phones(segment: Segment, *, after: str = "", now: datetime.datetime | None = None) -> QuerySet:
    users = recipient_users(segment, now=now)
    if after:
        users = users.filter(phone__gt=after)
    return users.order_by("phone").values_list("phone", flat=True)


def recipient_count(segment: Segment) -> int:
    return recipient_users(segment).count()
