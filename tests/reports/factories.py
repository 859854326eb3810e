"""Helpers that build businesses counted in the dashboard summary tables, as the real services do."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from businesses.models import Business
from businesses.stats import BusinessFacts, business_record_assessment, stats_apply
from smedx_portal.programmes import Programme
from tests.factories import BusinessFactory


def when(year: int, month: int = 6, day: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def counted_business(*, created: datetime.datetime | None = None, **kwargs) -> Business:
    business = BusinessFactory(**kwargs)
    if created is not None:
        Business.objects.filter(pk=business.pk).update(created_at=created)
        business.refresh_from_db()
    stats_apply(before=None, after=BusinessFacts.of(business))
    return business


def surveyed(
    business: Business,
    level: str,
    score: str | int = "50",
    *,
    pillars: dict | None = None,
    at: datetime.datetime | None = None,
    programme: str | None = None,
) -> Business:
    """Record a result in `programme` (by default the business's programme, RDX first)."""
    business_record_assessment(
        business=business,
        programme=programme or (Programme.RDX if business.in_rdx else Programme.SMEDX),
        level=level,
        score=Decimal(str(score)),
        pillar_scores={code: Decimal(str(value)) for code, value in (pillars or {}).items()},
        submitted_at=at or timezone.now(),
    )
    return Business.objects.get(pk=business.pk)
