"""The national and province dashboards: the summary tables' GROUP BYs in one statement (`reports.summary_sql`),
the other apps' figures beside them, people reached and the trial-set results as a task last recounted them
(`reports.reach`, `reports.trial_counts`: each a few rows; counting them reads every person or trial result of
the year), cached per scope."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from businesses.models import Province, Ward
from reports.reach import people_reached_stored
from reports.selectors.other_apps import campaign_reach, platform_adoption, target_progress
from reports.selectors.rows import (
    cache_seconds,
    kind_labels,
    month_range,
    pillars_of,
    programme_or_default,
    programme_totals_of,
    recount_minutes,
    rows_by_level,
    sector_labels,
    sort_rows,
    total_of,
    trend_of,
)
from reports.summary_sql import Cell, by_part, summary_cells
from reports.trial_counts import trial_result_count_stored
from smedx_portal.programmes import Programme

TREND_MONTHS = 24


def _pairs(cells: list[Cell]) -> list[tuple]:
    """A cut's cells as (key, level, businesses, score sum)."""
    return [
        (text if number is None else number, level, n, score)
        for _p, number, text, _m, level, n, score in cells
    ]


def _figures(
    cells: dict[str, list[Cell]], by_area: list[dict], axis: list[datetime.date], *, total_label: str
) -> dict:
    """What both dashboards show from the summary cells: the total, the rows by area, kind and sector, the
    programmes' totals, the pillar averages and the trend over `axis`."""
    return {
        "computed_at": timezone.now(),
        "recount_minutes": recount_minutes(),
        "total": total_of(by_area, total_label),
        "by_area": sort_rows(by_area),
        "by_kind": sort_rows(rows_by_level(_pairs(cells["kind"]), kind_labels(), missing="?")),
        "by_sector": sort_rows(
            rows_by_level(_pairs(cells["sector"]), sector_labels(), missing=_("Chưa phân ngành"))
        ),
        "programmes": programme_totals_of(
            (text, level, n) for _p, _k, text, _m, level, n, _s in cells["programme"]
        ),
        "pillars": pillars_of((text, n, score) for _p, _k, text, _m, _l, n, score in cells["pillar"]),
        "trend": trend_of(((month, level, n) for _p, _k, _t, month, level, n, _s in cells["month"]), axis),
    }


def national_dashboard(*, programme: str = "", year: int | None = None, use_cache: bool = True) -> dict:
    programme = programme_or_default(programme)
    year = year or timezone.localdate().year
    key = f"reports:dashboard:national:{programme}:{year}:{get_language()}"
    if use_cache and (cached := cache.get(key)) is not None:
        return cached
    axis = month_range(timezone.localdate(), TREND_MONTHS)
    cells = by_part(summary_cells(province_id=None, programme=programme, first=axis[0], last=axis[-1]))
    provinces = dict(Province.objects.values_list("code", "name"))
    by_province = rows_by_level(_pairs(cells["area"]), provinces, missing="?")
    data = {
        "scope": "national",
        "programme": programme,
        "year": year,
        **_figures(cells, by_province, axis, total_label=_("Toàn quốc")),
        "platforms": platform_adoption(year=year, programme=programme),
        "campaigns": campaign_reach(year=year),
    }
    data["trial_results"], data["trial_counted_at"] = trial_result_count_stored(programme=programme)
    reach = people_reached_stored(year=year, programmes=Programme.values)
    data["targets"] = target_progress(year=year, programme_figures=data["programmes"], reach=reach)
    data["reach"] = list(reach.values())
    data["reach_counted_at"] = min(row.computed_at for row in data["reach"])
    cache.set(key, data, cache_seconds())
    return data


def province_dashboard(
    *, province_id: int, programme: str = "", year: int | None = None, use_cache: bool = True
) -> dict:
    programme = programme_or_default(programme)
    year = year or timezone.localdate().year
    key = f"reports:dashboard:province:{province_id}:{programme}:{year}:{get_language()}"
    if use_cache and (cached := cache.get(key)) is not None:
        return cached
    axis = month_range(timezone.localdate(), TREND_MONTHS)
    cells = by_part(summary_cells(province_id=province_id, programme=programme, first=axis[0], last=axis[-1]))
    wards = dict(Ward.objects.filter(province_id=province_id).values_list("code", "name"))
    by_ward = rows_by_level(_pairs(cells["area"]), wards, missing=_("Chưa rõ xã/phường"))
    data = {
        "scope": "province",
        "province_id": province_id,
        "programme": programme,
        "year": year,
        **_figures(cells, by_ward, axis, total_label=""),
        "platforms": platform_adoption(year=year, province_id=province_id, programme=programme),
        "campaigns": campaign_reach(year=year, province_id=province_id),
    }
    data["trial_results"], data["trial_counted_at"] = trial_result_count_stored(
        programme=programme, province_id=province_id
    )
    cache.set(key, data, cache_seconds())
    return data
