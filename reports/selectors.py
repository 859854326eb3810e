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

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, FilteredRelation, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from businesses.models import (
    Business,
    BusinessKind,
    BusinessResult,
    PillarStat,
    Province,
    ProvinceStat,
    Sector,
    SubmissionStat,
    Ward,
    WardStat,
)
from campaigns.models import EventRegistration, SmsMessage
from experts.selectors import certified_expert_count
from platforms.models import UsageRegistration
from reports.reach import people_reached as reach_people
from reports.reach_sql import reach_counts
from smedx_portal.levels import LEVEL_RANK, Level
from smedx_portal.programmes import Programme
from smedx_portal.taxonomy import PILLARS
from smedx_portal.text import vietnamese_sort_key
from smedx_portal.trial_sets import trial_set_ids

LEVELS = [code for code, _label in Level.choices]
NONE_KEY = 0  # the summary tables' "no ward" / "no sector"
CENT = Decimal("0.01")


def cache_seconds() -> int:
    return getattr(settings, "REPORTS_DASHBOARD_CACHE_SECONDS", 60)


# --- building blocks --------------------------------------------------------------------------------------
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


def cut(queryset: QuerySet, field: str, labels: dict, *, missing: str) -> list[dict]:
    """Counts per value of `field` × level from a summary table, one dict per value, labelled."""
    rows: dict = {}
    for item in queryset.values(field, "level").annotate(n=Sum("businesses"), s=Sum("score_sum")).order_by():
        key = item[field]
        row = rows.get(key) or rows.setdefault(key, blank_row(key, labels.get(key, missing)))
        count = item["n"] or 0
        row["registered"] += count
        if item["level"]:
            row["levels"][item["level"]] = row["levels"].get(item["level"], 0) + count
            row["surveyed"] += count
            row["score_sum"] += item["s"] or 0
    return [finish_row(row) for row in rows.values() if row["registered"]]


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
    figures = {code: {"registered": 0, "surveyed": 0} for code in (Programme.SMEDX, Programme.RDX)}
    for item in queryset.values("programme", "level").annotate(n=Sum("businesses")).order_by():
        if item["programme"] in figures:
            figures[item["programme"]]["registered"] += item["n"] or 0
            if item["level"]:
                figures[item["programme"]]["surveyed"] += item["n"] or 0
    for values in figures.values():
        values["share"] = (
            round(values["surveyed"] * 100 / values["registered"], 1) if values["registered"] else 0.0
        )
    return figures


def pillar_averages(*, province_id: int | None, programme: str) -> list[dict]:
    queryset = PillarStat.objects.filter(programme=programme)
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    rows = []
    for item in (
        queryset.values("pillar").annotate(n=Sum("businesses"), s=Sum("score_sum")).order_by("pillar")
    ):
        if item["n"]:
            rows.append(
                {
                    "code": item["pillar"],
                    "label": str(PILLARS.get(item["pillar"], item["pillar"])),
                    "businesses": item["n"],
                    "average": (item["s"] / item["n"]).quantize(Decimal("0.01")),
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
    counts: dict = {}
    for item in queryset.values("month", "level").annotate(n=Sum("submissions")).order_by():
        counts[(item["month"], item["level"])] = item["n"] or 0
    series = {code: [counts.get((month, code), 0) for month in axis] for code in LEVELS}
    totals = [sum(series[code][index] for code in LEVELS) for index in range(len(axis))]
    return {"months": axis, "labels": [f"{m:%m/%Y}" for m in axis], "levels": series, "total": totals}


def sector_labels() -> dict:
    return {sector.pk: sector.display_name for sector in Sector.objects.all()}


def kind_labels() -> dict:
    return {code: str(label) for code, label in BusinessKind.choices}


def sort_rows(rows: list[dict], order: str = "registered") -> list[dict]:
    return sorted(rows, key=lambda row: (-row[order], vietnamese_sort_key(row["label"])))


# --- other apps' figures ------------------------------------------------------------------------------------
def platform_adoption(
    *,
    year: int | None = None,
    province_id: int | None = None,
    programme: str = "",
    surveyed_only: bool = False,
) -> dict:
    """Businesses whose use of a catalogue platform was activated (in `year` if given), and the requests.

    One query on `platforms.UsageRegistration` (business, status, created_at, confirmed_at).
    """
    queryset = UsageRegistration.objects.all()
    if province_id is not None:
        queryset = queryset.filter(business__province_id=province_id)
    if programme == Programme.SMEDX:
        queryset = queryset.filter(business__in_smedx=True)
    elif programme == Programme.RDX:
        queryset = queryset.filter(business__in_rdx=True)
    if surveyed_only:
        queryset = queryset.filter(business__results__programme=programme or Programme.SMEDX)
    active = Q(status="active", confirmed_at__isnull=False)
    requested = Q()
    if year is not None:
        active &= Q(confirmed_at__year=year)
        requested = Q(created_at__year=year)
    figures = queryset.aggregate(
        requests=Count("id", filter=requested),
        active=Count("id", filter=active),
        businesses=Count("business_id", filter=active, distinct=True),
    )
    return {"available": True, **figures}


def campaign_reach(*, year: int | None = None, province_id: int | None = None) -> dict:
    """People reached: distinct phones sent a campaign SMS or registered for an event, in one query
    (`reports.reach_sql`).

    Reads `campaigns.SmsMessage` (phone, status sent/delivered, sent_at, campaign.province) and
    `campaigns.EventRegistration` (attendee_phone, status registered/attended, event.starts_at, event.province).
    """
    messages = SmsMessage.objects.filter(status__in=["sent", "delivered"])
    registrations = EventRegistration.objects.filter(status__in=["registered", "attended"])
    if year is not None:
        messages = messages.filter(sent_at__year=year)
        registrations = registrations.filter(event__starts_at__year=year)
    if province_id is not None:
        messages = messages.filter(campaign__province_id=province_id)
        registrations = registrations.filter(event__province_id=province_id)
    sms, participants, people = reach_counts(messages, registrations)
    return {"available": True, "sms": sms, "event_participants": participants, "people": people}


def certified_experts(*, year: int | None = None) -> int:
    """Certified experts in the network (the experts app's selector)."""
    return certified_expert_count(year=year)


# --- targets ---------------------------------------------------------------------------------------------
def target_progress(*, year: int, programme_figures: dict, reach: dict | None = None) -> list[dict]:
    """Each yearly target of the programmes beside its actual figure. People reached and businesses that tried
    platforms are the target's own programme's (`reports.reach`, `platforms.selectors.businesses_that_tried`);
    `reach` (programme → Reach) when the caller has it already."""
    from platforms.selectors import businesses_that_tried
    from reports.models import Indicator, ProgrammeTarget

    targets = list(ProgrammeTarget.objects.filter(year=year).order_by("programme", "indicator"))
    needed = {target.indicator for target in targets}
    per_programme = {
        Indicator.PEOPLE_REACHED: lambda programme: (
            ((reach or {}).get(programme) or reach_people(programme=programme, year=year)).total
        ),
        Indicator.BUSINESSES_TRYING_PLATFORMS: lambda programme: businesses_that_tried(
            programme=programme, year=year
        ).count(),
    }
    actuals: dict = {}
    if Indicator.EXPERTS_NETWORK in needed:
        actuals[Indicator.EXPERTS_NETWORK] = certified_experts(year=year)
    if Indicator.SURVEYED_SHARE in needed:
        actuals[Indicator.SURVEYED_SHARE] = programme_figures[Programme.RDX]["share"]
    if Indicator.SURVEYED_TRYING_PLATFORMS_SHARE in needed:
        surveyed = programme_figures[Programme.RDX]["surveyed"]
        adoption = platform_adoption(programme=Programme.RDX, surveyed_only=True)
        actuals[Indicator.SURVEYED_TRYING_PLATFORMS_SHARE] = (
            round(adoption["businesses"] * 100 / surveyed, 1) if adoption["available"] and surveyed else None
        )
    rows = []
    for target in targets:
        if target.indicator in per_programme:
            actual = per_programme[target.indicator](target.programme)
        else:
            actual = actuals.get(target.indicator)
        percent = None
        if actual is not None and target.value:
            percent = round(float(actual) * 100 / float(target.value), 1)
        rows.append(
            {
                "programme": target.programme,
                "indicator": target.indicator,
                "label": target.get_indicator_display(),
                "target": target.value,
                "actual": actual,
                "percent": percent,
                "is_percent": target.is_percent,
                "source": target.source,
            }
        )
    return rows


# --- dashboards ------------------------------------------------------------------------------------------
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
    }
    reach = {code: reach_people(programme=code, year=year) for code in Programme.values}
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
    }
    cache.set(key, data, cache_seconds())
    return data


# --- report figures for a period (read the business rows: reports run in the background) -----------------
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
    """Counts per `field` × level in the programme as they stood at the end of the period, from the business
    and result rows.

    A business counts as surveyed if its latest survey in the programme was submitted before the end of the
    period; the `surveyed_in_period` column counts those submitted within it.
    """
    start, end = period_bounds(period_from, period_to)
    queryset = report_businesses(province_id=province_id, programme=programme, period_to=period_to)
    known = Q(programme_result__assessed_at__lt=end)
    rows: dict = {}
    annotated = (
        queryset.values(field, "programme_result__level")
        .annotate(
            n=Count("id"),
            surveyed=Count("id", filter=known),
            in_period=Count("id", filter=known & Q(programme_result__assessed_at__gte=start)),
            s=Sum("programme_result__score", filter=known),
        )
        .order_by()
    )
    for item in annotated:
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
    return sort_rows([finish_row(row) for row in rows.values()])


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
