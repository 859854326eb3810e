"""Figures owned by other apps (platforms, campaigns, experts), one function each, and the programmes' targets."""

from __future__ import annotations

from django.db.models import Count, Q

from campaigns.models import EventRegistration, SmsMessage
from experts.selectors import certified_expert_count
from platforms.models import UsageRegistration
from reports.reach import people_reached as reach_people
from reports.reach_sql import reach_counts
from smedx_portal.programmes import Programme


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
    platforms are the target's own programme's (`reports.reach`, `platforms.selectors.count_businesses_that_tried`);
    `reach` (programme → Reach) when the caller has it already. The other apps' figures are read in one query
    (`reports.targets_sql`)."""
    from experts.selectors import certification_day
    from reports.models import Indicator, ProgrammeTarget
    from reports.targets_sql import target_figures

    targets = list(ProgrammeTarget.objects.filter(year=year).order_by("programme", "indicator"))
    needed = {target.indicator for target in targets}
    figures = target_figures(
        year=year,
        tried=sorted(
            {
                target.programme
                for target in targets
                if target.indicator == Indicator.BUSINESSES_TRYING_PLATFORMS
            }
        ),
        experts_on=certification_day(year) if Indicator.EXPERTS_NETWORK in needed else None,
        surveyed=Programme.RDX if Indicator.SURVEYED_TRYING_PLATFORMS_SHARE in needed else "",
    )
    per_programme = {
        Indicator.PEOPLE_REACHED: lambda programme: (
            ((reach or {}).get(programme) or reach_people(programme=programme, year=year)).total
        ),
        Indicator.BUSINESSES_TRYING_PLATFORMS: lambda programme: figures[f"tried:{programme}"],
    }
    actuals: dict = {}
    if Indicator.EXPERTS_NETWORK in needed:
        actuals[Indicator.EXPERTS_NETWORK] = figures["experts"]
    if Indicator.SURVEYED_SHARE in needed:
        actuals[Indicator.SURVEYED_SHARE] = programme_figures[Programme.RDX]["share"]
    if Indicator.SURVEYED_TRYING_PLATFORMS_SHARE in needed:
        surveyed = programme_figures[Programme.RDX]["surveyed"]
        actuals[Indicator.SURVEYED_TRYING_PLATFORMS_SHARE] = (
            round(figures["surveyed"] * 100 / surveyed, 1) if surveyed else None
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
