"""Segmentation: groups of surveyed businesses with similar needs, by a rule anyone can check, per programme.

A business's group in a programme is (its sector, the pillar where its latest survey in that programme scored
lowest). Businesses in one
group work in the same trade and most need help in the same area, so a campaign or a platform provider
can approach them together (e.g. "grocery stores weakest in customers and sales channels" → POS and
e-commerce platforms). Ties between pillars go to the pillar code first in alphabetical order.

`segments_refresh()` recomputes the counts for the whole country in one INSERT … SELECT (`reports.segments_sql`:
the weakest pillar is computed in SQL from `BusinessResult.pillar_scores`); pages read the small `SegmentCount`
table.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from businesses.models import BusinessResult
from reports.models import SegmentCount
from reports.segments_sql import segments_insert, with_weakest_pillar
from reports.selectors import LEVELS, sector_labels
from smedx_portal.taxonomy import PILLARS


@transaction.atomic
def segments_refresh() -> int:
    """Recount every segment from the result rows; returns the number of segment cells."""
    SegmentCount.objects.all().delete()
    return segments_insert(timezone.now())


def segments_computed_at():
    return SegmentCount.objects.aggregate(at=Max("computed_at"))["at"]


def segment_groups(*, programme: str, province_id: int | None = None) -> list[dict]:
    """The groups (sector × weakest pillar) of `programme` with their sizes and level split, largest first."""
    queryset = SegmentCount.objects.filter(programme=programme)
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    sectors = sector_labels()
    groups: dict = {}
    for row in queryset.values("sector_id", "pillar", "level").annotate(n=Sum("businesses")).order_by():
        key = (row["sector_id"], row["pillar"])
        group = groups.setdefault(
            key,
            {
                "sector_id": row["sector_id"],
                "pillar": row["pillar"],
                "sector": sectors.get(row["sector_id"], "—"),
                "pillar_label": str(PILLARS.get(row["pillar"], row["pillar"])),
                "size": 0,
                "levels": dict.fromkeys(LEVELS, 0),
            },
        )
        group["size"] += row["n"] or 0
        if row["level"] in group["levels"]:
            group["levels"][row["level"]] += row["n"] or 0
    total = sum(group["size"] for group in groups.values()) or 1
    for group in groups.values():
        group["share"] = round(group["size"] * 100 / total, 1)
        group["level_list"] = [group["levels"][code] for code in LEVELS]
    return sorted(groups.values(), key=lambda group: (-group["size"], group["sector"], group["pillar"]))


def weakest_pillar_totals(groups: list[dict]) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for group in groups:
        totals[group["pillar_label"]] = totals.get(group["pillar_label"], 0) + group["size"]
    return sorted(totals.items(), key=lambda item: -item[1])


def segment_businesses(
    *, programme: str, sector_id: int, pillar: str, province_id: int | None = None
) -> QuerySet:
    """The results in `programme` of the surveyed businesses of one group, now (for a campaign's or a
    provider's outreach list; `business` is the business)."""
    queryset = BusinessResult.objects.filter(programme=programme)
    if sector_id:
        queryset = queryset.filter(business__sector_id=sector_id)
    else:
        queryset = queryset.filter(business__sector__isnull=True)
    if province_id is not None:
        queryset = queryset.filter(business__province_id=province_id)
    return with_weakest_pillar(queryset, pillar)
