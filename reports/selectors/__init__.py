"""Read-side figures for the dashboards, targets and reports.

Every figure is per programme: a business's level in SMEdx comes from its SMEdx result only, in RDX from its
RDX result (`businesses.BusinessResult`); a page always names the programme it shows (SMEdx when none is asked).
Dashboards read the summary tables kept by `businesses.stats` (never the business rows): `ProvinceStat` for
the national page, `WardStat` for a province's page, `PillarStat` for pillar averages, `SubmissionStat` for the
trend. Each dashboard is a bounded number of small GROUP BYs, cached for `REPORTS_DASHBOARD_CACHE_SECONDS`.

Figures owned by other apps sit behind one function each (`platform_adoption`, `campaign_reach`,
`certified_experts`), which import those apps' models and selectors directly (every app is installed; reports
depend on campaigns, assessment, platforms and experts, never the other way).
"""

from reports.selectors.dashboards import national_dashboard, province_dashboard
from reports.selectors.other_apps import campaign_reach, certified_experts, platform_adoption, target_progress
from reports.selectors.periods import (
    period_bounds,
    report_businesses,
    report_cut,
    report_cuts,
    report_submissions,
    trial_result_count,
)
from reports.selectors.rows import (
    CENT,
    LEVELS,
    NONE_KEY,
    blank_row,
    cache_seconds,
    cut,
    finish_row,
    kind_labels,
    month_range,
    pillar_averages,
    programme_filter,
    programme_or_default,
    programme_totals,
    sector_labels,
    sort_rows,
    submission_trend,
    total_of,
    with_programme_result,
)

__all__ = [
    "CENT",
    "LEVELS",
    "NONE_KEY",
    "blank_row",
    "cache_seconds",
    "campaign_reach",
    "certified_experts",
    "cut",
    "finish_row",
    "kind_labels",
    "month_range",
    "national_dashboard",
    "period_bounds",
    "pillar_averages",
    "platform_adoption",
    "programme_filter",
    "programme_or_default",
    "programme_totals",
    "province_dashboard",
    "report_businesses",
    "report_cut",
    "report_cuts",
    "report_submissions",
    "sector_labels",
    "sort_rows",
    "submission_trend",
    "target_progress",
    "total_of",
    "trial_result_count",
    "with_programme_result",
]
