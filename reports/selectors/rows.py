"""The building blocks of every figure: per-programme filters, rows by level, totals, averages, trends, labels."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import FilteredRelation, Q, QuerySet, Sum
from django.utils import timezone

from businesses.models import BusinessKind, PillarStat, Sector, SubmissionStat
from smedx_portal.levels import LEVEL_RANK, Level
from smedx_portal.programmes import Programme
from smedx_portal.taxonomy import PILLARS
from smedx_portal.text import vietnamese_sort_key

LEVELS = [code for code, _label in Level.choices]
NONE_KEY = 0  # the summary tables' "no ward" / "no sector"
CENT = Decimal("0.01")


def cache_seconds() -> int:
    return getattr(settings, "REPORTS_DASHBOARD_CACHE_SECONDS", 60)


def recount_minutes() -> int:
    """How often, in whole minutes (at least one), a task recounts the figures the dashboards store."""
    return max(1, round(settings.REPORTS_RECOUNT_SECONDS / 60))


def blank_row(key, label: str) -> dict:
    return {
        "key": key,
        "label": label,
        "registered": 0,
        "surveyed": 0,
        "levels": dict.fromkeys(LEVELS, 0),
        "score_sum": Decimal("0"),
    }


def finish_row(row: dict) -> dict:
    """Add the derived figures (shares, averages) to a row of counts."""
    surveyed = row["surveyed"]
    row["not_surveyed"] = row["registered"] - surveyed
    row["share"] = round(surveyed * 100 / row["registered"], 1) if row["registered"] else 0.0
    row["average_score"] = (row["score_sum"] / surveyed).quantize(CENT) if surveyed else None
    ranked = sum(LEVEL_RANK[Level(code)] * count for code, count in row["levels"].items())
    row["average_level"] = (Decimal(ranked) / surveyed).quantize(CENT) if surveyed else None
    row["level_list"] = [row["levels"][code] for code in LEVELS]
    return row


def programme_or_default(programme: str) -> str:
    """The programme a page shows: the one asked for, SMEdx otherwise (levels never mix programmes)."""
    return programme if programme in Programme.values else Programme.SMEDX


def programme_filter(programme: str) -> Q:
    """Businesses taking part in `programme` (its flag) or holding a result in it."""
    flag = "in_rdx" if programme == Programme.RDX else "in_smedx"
    return Q(**{flag: True}) | Q(programme_result__isnull=False)


def with_programme_result(queryset: QuerySet, programme: str) -> QuerySet:
    """Businesses annotated with `programme_result`, their result in `programme` (a join, no subquery)."""
    return queryset.annotate(
        programme_result=FilteredRelation("results", condition=Q(results__programme=programme))
    )


def rows_by_level(items: Iterable[tuple], labels: dict, *, missing: str) -> list[dict]:
    """(key, level, count, score sum) cells into one dict per key, labelled, with its derived figures."""
    rows: dict = {}
    for key, level, count, score in items:
        row = rows.get(key) or rows.setdefault(key, blank_row(key, labels.get(key, missing)))
        count = count or 0
        row["registered"] += count
        if level:
            row["levels"][level] = row["levels"].get(level, 0) + count
            row["surveyed"] += count
            row["score_sum"] += score or 0
    return [finish_row(row) for row in rows.values() if row["registered"]]


def cut_cells(queryset: QuerySet, field: str) -> list[tuple]:
    """(value of `field`, level, businesses, score sum) from a summary table."""
    items = queryset.values(field, "level").annotate(n=Sum("businesses"), s=Sum("score_sum")).order_by()
    return [(item[field], item["level"], item["n"], item["s"]) for item in items]


def cut(queryset: QuerySet, field: str, labels: dict, *, missing: str) -> list[dict]:
    """Counts per value of `field` × level from a summary table, one dict per value, labelled."""
    return rows_by_level(cut_cells(queryset, field), labels, missing=missing)


def total_of(rows: list[dict], label: str) -> dict:
    total = blank_row("total", label)
    for row in rows:
        total["registered"] += row["registered"]
        total["surveyed"] += row["surveyed"]
        total["score_sum"] += row["score_sum"]
        for code in LEVELS:
            total["levels"][code] += row["levels"][code]
    return finish_row(total)


def programme_totals(queryset: QuerySet) -> dict:
    """Registered and surveyed per programme (a business may be in both)."""
    items = queryset.values("programme", "level").annotate(n=Sum("businesses")).order_by()
    return programme_totals_of((item["programme"], item["level"], item["n"]) for item in items)


def programme_totals_of(items: Iterable[tuple]) -> dict:
    """(programme, level, businesses) cells into registered, surveyed and share per programme."""
    figures = {code: {"registered": 0, "surveyed": 0} for code in (Programme.SMEDX, Programme.RDX)}
    for programme, level, count in items:
        if programme in figures:
            figures[programme]["registered"] += count or 0
            if level:
                figures[programme]["surveyed"] += count or 0
    for values in figures.values():
        values["share"] = (
            round(values["surveyed"] * 100 / values["registered"], 1) if values["registered"] else 0.0
        )
    return figures


def pillar_averages(*, province_id: int | None, programme: str) -> list[dict]:
    queryset = PillarStat.objects.filter(programme=programme)
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    items = queryset.values("pillar").annotate(n=Sum("businesses"), s=Sum("score_sum")).order_by("pillar")
    return pillars_of((item["pillar"], item["n"], item["s"]) for item in items)


def pillars_of(items: Iterable[tuple]) -> list[dict]:
    """(pillar code, businesses, score sum) in the order given into each pillar's average."""
    rows = []
    for pillar, count, score in items:
        if count:
            rows.append(
                {
                    "code": pillar,
                    "label": str(PILLARS.get(pillar, pillar)),
                    "businesses": count,
                    "average": (score / count).quantize(Decimal("0.01")),
                }
            )
    return rows


def month_range(end: datetime.date, months: int) -> list[datetime.date]:
    first = end.replace(day=1)
    out = []
    year, month = first.year, first.month
    for _month in range(months):
        out.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def submission_trend(
    *, province_id: int | None, programme: str, months: int = 24, end: datetime.date | None = None
) -> dict:
    """Survey submissions in `programme` per month and level over the last `months` months (SubmissionStat)."""
    axis = month_range(end or timezone.localdate(), months)
    queryset = SubmissionStat.objects.filter(programme=programme, month__gte=axis[0], month__lte=axis[-1])
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    items = queryset.values("month", "level").annotate(n=Sum("submissions")).order_by()
    return trend_of(((item["month"], item["level"], item["n"]) for item in items), axis)


def trend_of(items: Iterable[tuple], axis: list[datetime.date]) -> dict:
    """(month, level, submissions) cells over the months of `axis` into a series per level and the totals."""
    counts: dict = {}
    for month, level, count in items:
        counts[(month, level)] = count or 0
    series = {code: [counts.get((month, code), 0) for month in axis] for code in LEVELS}
    totals = [sum(series[code][index] for code in LEVELS) for index in range(len(axis))]
    return {"months": axis, "labels": [f"{m:%m/%Y}" for m in axis], "levels": series, "total": totals}


def sector_labels() -> dict:
    return {sector.pk: sector.display_name for sector in Sector.objects.all()}


def kind_labels() -> dict:
    return {code: str(label) for code, label in BusinessKind.choices}


def sort_rows(rows: list[dict], order: str = "registered") -> list[dict]:
    return sorted(rows, key=lambda row: (-row[order], vietnamese_sort_key(row["label"])))
