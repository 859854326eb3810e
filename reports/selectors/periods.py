"""Report figures for a period: they read the business rows (reports run in the background)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from businesses.models import Business, BusinessResult
from reports.selectors.rows import (
    NONE_KEY,
    blank_row,
    finish_row,
    programme_filter,
    programme_or_default,
    sort_rows,
    submission_trend,
    with_programme_result,
)
from smedx_portal.trial_sets import trial_set_ids


def period_bounds(
    period_from: datetime.date, period_to: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(period_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def report_businesses(*, province_id: int | None, programme: str, period_to: datetime.date) -> QuerySet:
    """Businesses in a report's scope: in the programme and registered before the end of the period, each
    with its result in that programme as `programme_result`."""
    _start, end = period_bounds(period_to, period_to)
    programme = programme_or_default(programme)
    queryset = with_programme_result(Business.objects.all(), programme).filter(
        programme_filter(programme), created_at__lt=end
    )
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    return queryset


def report_cuts(
    *,
    province_id: int | None,
    programme: str,
    period_from: datetime.date,
    period_to: datetime.date,
    cuts: dict[str, tuple[str, dict, str]],
) -> dict[str, list[dict]]:
    """Counts per field × level in the programme as they stood at the end of the period, from the business and
    result rows, for each cut (name → (field, labels, missing label)): one GROUP BY over every cut's field
    together (one pass over the business rows, 0.5 s at a million, instead of one per cut), summed here.

    A business counts as surveyed if its latest survey in the programme was submitted before the end of the
    period; the `surveyed_in_period` column counts those submitted within it.
    """
    start, end = period_bounds(period_from, period_to)
    queryset = report_businesses(province_id=province_id, programme=programme, period_to=period_to)
    known = Q(programme_result__assessed_at__lt=end)
    fields = list(dict.fromkeys(field for field, _labels, _missing in cuts.values()))
    annotated = (
        queryset.values(*fields, "programme_result__level")
        .annotate(
            n=Count("id"),
            surveyed=Count("id", filter=known),
            in_period=Count("id", filter=known & Q(programme_result__assessed_at__gte=start)),
            s=Sum("programme_result__score", filter=known),
        )
        .order_by()
    )
    found: dict[str, dict] = {name: {} for name in cuts}
    for item in annotated:
        for name, (field, labels, missing) in cuts.items():
            rows = found[name]
            key = item[field] if item[field] is not None else NONE_KEY
            row = rows.get(key) or rows.setdefault(
                key, {**blank_row(key, labels.get(key, missing)), "in_period": 0}
            )
            row["registered"] += item["n"]
            row["in_period"] += item["in_period"]
            if item["surveyed"]:
                row["levels"][item["programme_result__level"]] += item["surveyed"]
                row["surveyed"] += item["surveyed"]
                row["score_sum"] += item["s"] or 0
    return {name: sort_rows([finish_row(row) for row in rows.values()]) for name, rows in found.items()}


def report_cut(
    *,
    province_id: int | None,
    programme: str,
    period_from: datetime.date,
    period_to: datetime.date,
    field: str,
    labels: dict,
    missing: str,
) -> list[dict]:
    """`report_cuts` for one field."""
    return report_cuts(
        province_id=province_id,
        programme=programme,
        period_from=period_from,
        period_to=period_to,
        cuts={"cut": (field, labels, missing)},
    )["cut"]


def report_submissions(
    *, province_id: int | None, programme: str, period_from: datetime.date, period_to: datetime.date
) -> dict:
    months = []
    month = period_from.replace(day=1)
    while month <= period_to:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return submission_trend(
        province_id=province_id, programme=programme_or_default(programme), months=len(months), end=period_to
    )


def trial_result_count(*, programme: str, province_id: int | None = None) -> int:
    """How many of the programme's results counted in the figures were scored under the portal's own (retired)
    trial criteria sets: the pages and reports say so beside the figures ("bộ tiêu chí thử nghiệm của cổng")."""
    trial_ids = trial_set_ids()
    if not trial_ids:
        return 0
    results = BusinessResult.objects.filter(
        programme=programme_or_default(programme), criteria_set_id__in=trial_ids
    )
    if province_id is not None:
        results = results.filter(business__province_id=province_id)
    return results.count()
