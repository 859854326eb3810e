"""Segmentation: groups of surveyed businesses with similar needs, by a rule anyone can check.

A business's group is (its sector, the pillar where its latest survey scored lowest). Businesses in one
group work in the same trade and most need help in the same area, so a campaign or a platform provider
can approach them together (e.g. "grocery stores weakest in customers and sales channels" → POS and
e-commerce platforms). Ties between pillars go to the pillar code first in alphabetical order.

`segments_refresh()` recomputes the counts for the whole country in one INSERT … SELECT (the weakest pillar
is computed in SQL from `Business.latest_pillar_scores`); pages read the small `SegmentCount` table.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from businesses.models import Business
from reports.models import SegmentCount
from reports.selectors import LEVELS, sector_labels
from smedx_portal.taxonomy import PILLARS


def _weakest_pillar_sql(alias: str = "b") -> str:
    """A SQL expression: the key of the lowest value in the business's pillar scores (NULL if none)."""
    if connection.vendor == "postgresql":
        return (
            f"(SELECT e.key FROM jsonb_each_text({alias}.latest_pillar_scores) e "  # noqa: S608 - alias is ours
            f"ORDER BY (e.value)::numeric, e.key LIMIT 1)"
        )
    return (
        f"(SELECT e.key FROM json_each({alias}.latest_pillar_scores) e "  # noqa: S608 - alias is ours
        f"ORDER BY CAST(e.value AS REAL), e.key LIMIT 1)"
    )


@transaction.atomic
def segments_refresh() -> int:
    """Recount every segment from the business rows; returns the number of segment cells."""
    business = Business._meta.db_table
    table = SegmentCount._meta.db_table
    weakest = _weakest_pillar_sql()
    SegmentCount.objects.all().delete()
    sql = (
        f"INSERT INTO {table} (province_id, sector_id, pillar, level, businesses, computed_at) "  # noqa: S608
        f"SELECT province_id, sector_id, pillar, level, COUNT(*), %s FROM ("
        f"  SELECT b.province_id, COALESCE(b.sector_id, 0) AS sector_id, {weakest} AS pillar,"
        f"  b.latest_level AS level FROM {business} b WHERE b.latest_level <> ''"
        f") s WHERE pillar IS NOT NULL GROUP BY province_id, sector_id, pillar, level"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now()])
        return cursor.rowcount


def segments_computed_at():
    return SegmentCount.objects.aggregate(at=Max("computed_at"))["at"]


def segment_groups(*, province_id: int | None = None, programme: str = "") -> list[dict]:
    """The groups (sector × weakest pillar) with their sizes and level split, largest first."""
    queryset = SegmentCount.objects.all()
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    if programme == "RDX":
        queryset = queryset.filter(pillar__startswith="rdx-")
    elif programme == "SMEDX":
        queryset = queryset.exclude(pillar__startswith="rdx-")
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


def segment_businesses(*, sector_id: int, pillar: str, province_id: int | None = None) -> QuerySet:
    """The surveyed businesses of one group, now (for a campaign's or a provider's outreach list)."""
    weakest = _weakest_pillar_sql(Business._meta.db_table)
    queryset = Business.objects.exclude(latest_level="")
    queryset = queryset.filter(sector_id=sector_id) if sector_id else queryset.filter(sector__isnull=True)
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    return queryset.extra(where=[f"{weakest} = %s"], params=[pillar])  # noqa: S610 - the SQL is ours
