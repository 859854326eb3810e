"""The national and province dashboards: bounded GROUP BYs over the summary tables, cached per scope."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from businesses.models import Province, ProvinceStat, Ward, WardStat
from reports.reach import people_reached_by_programme
from reports.selectors.other_apps import campaign_reach, platform_adoption, target_progress
from reports.selectors.periods import trial_result_count
from reports.selectors.rows import (
    cache_seconds,
    cut,
    kind_labels,
    pillar_averages,
    programme_or_default,
    programme_totals,
    sector_labels,
    sort_rows,
    submission_trend,
    total_of,
)
from smedx_portal.programmes import Programme


def national_dashboard(*, programme: str = "", year: int | None = None, use_cache: bool = True) -> dict:
    programme = programme_or_default(programme)
    year = year or timezone.localdate().year
    key = f"reports:dashboard:national:{programme}:{year}:{get_language()}"
    if use_cache and (cached := cache.get(key)) is not None:
        return cached
    stats = ProvinceStat.objects.filter(programme=programme)
    provinces = dict(Province.objects.values_list("code", "name"))
    sectors = sector_labels()
    by_province = cut(stats, "province_id", provinces, missing="?")
    data = {
        "scope": "national",
        "programme": programme,
        "year": year,
        "computed_at": timezone.now(),
        "total": total_of(by_province, _("Toàn quốc")),
        "by_area": sort_rows(by_province),
        "by_kind": sort_rows(cut(stats, "kind", kind_labels(), missing="?")),
        "by_sector": sort_rows(cut(stats, "sector_id", sectors, missing=_("Chưa phân ngành"))),
        "programmes": programme_totals(ProvinceStat.objects.all()),
        "pillars": pillar_averages(province_id=None, programme=programme),
        "trend": submission_trend(province_id=None, programme=programme),
        "platforms": platform_adoption(year=year, programme=programme),
        "campaigns": campaign_reach(year=year),
        "trial_results": trial_result_count(programme=programme),
    }
    reach = people_reached_by_programme(year=year, programmes=Programme.values)
    data["targets"] = target_progress(year=year, programme_figures=data["programmes"], reach=reach)
    data["reach"] = list(reach.values())
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
    stats = WardStat.objects.filter(province_id=province_id, programme=programme)
    wards = dict(Ward.objects.filter(province_id=province_id).values_list("code", "name"))
    by_ward = cut(stats, "ward_code", wards, missing=_("Chưa rõ xã/phường"))
    data = {
        "scope": "province",
        "province_id": province_id,
        "programme": programme,
        "year": year,
        "computed_at": timezone.now(),
        "total": total_of(by_ward, ""),
        "by_area": sort_rows(by_ward),
        "by_kind": sort_rows(cut(stats, "kind", kind_labels(), missing="?")),
        "by_sector": sort_rows(cut(stats, "sector_id", sector_labels(), missing=_("Chưa phân ngành"))),
        "programmes": programme_totals(WardStat.objects.filter(province_id=province_id)),
        "pillars": pillar_averages(province_id=province_id, programme=programme),
        "trend": submission_trend(province_id=province_id, programme=programme),
        "platforms": platform_adoption(year=year, province_id=province_id, programme=programme),
        "campaigns": campaign_reach(year=year, province_id=province_id),
        "trial_results": trial_result_count(programme=programme, province_id=province_id),
    }
    cache.set(key, data, cache_seconds())
    return data
