"""Honours proposed from the data, adjusted by staff with a reason, published on a page and in the news.

- platforms most adopted: usage registrations confirmed by the provider (status active) in the period;
- platforms best rated: businesses' trial ratings (1–5) approved by staff and given in the period
  (`platforms.selectors.platform_ratings`, at least MIN_RATINGS each), else the programme's evaluators' scores
  (Evaluation.total);
- businesses with the strongest progress: latest submitted assessment in the period against the latest before
  it — first by levels gained, then by points gained.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from businesses.models import Business
from campaigns.models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Honour,
    HonourCategory,
    HonourEntry,
    HonourPeriod,
)
from campaigns.models.honours import PLATFORM_CATEGORIES, HonourStatus
from campaigns.rules import VIETNAM
from campaigns.services.content import article_save
from smedx_portal.levels import LEVEL_RANK
from smedx_portal.programmes import Programme, short_name
from smedx_portal.services import audit_log

TOP = 5
MIN_RATINGS = 3  # a platform needs at least this many ratings in the period to be "best rated"


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period (month, quarter, year) containing `day`: [start, end)."""
    if period == HonourPeriod.MONTH:
        start = day.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1)
    elif period == HonourPeriod.QUARTER:
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        end = (start + datetime.timedelta(days=95)).replace(day=1)
    else:
        start = day.replace(month=1, day=1)
        end = start.replace(year=start.year + 1)
    return start, end


def previous_period(period: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start, _end = period_bounds(period, today)
    return period_bounds(period, start - datetime.timedelta(days=1))


def _moments(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=VIETNAM),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=VIETNAM),
    )


def _in_programme(programme: str, prefix: str = "") -> Q:
    """A usage or listing in the programme: by its listing's group, else any listing of its platform."""
    return Q(**{f"{prefix}listing__group__programme": programme}) | Q(
        **{f"{prefix}listing__isnull": True, f"{prefix}platform__listings__group__programme": programme}
    )


def most_adopted_platforms(
    *, programme: str, start: datetime.datetime, end: datetime.datetime, top: int = TOP
):
    usage = apps.get_model("platforms", "UsageRegistration")
    rows = (
        usage.objects.filter(status="active", confirmed_at__gte=start, confirmed_at__lt=end)
        .filter(_in_programme(programme))
        .values("platform")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "platform")[:top]
    )
    return [(row["platform"], Decimal(row["n"]), {"confirmed_usages": row["n"]}) for row in rows]


def best_rated_platforms(*, programme: str, start: datetime.datetime, end: datetime.datetime, top: int = TOP):
    from platforms.selectors import platform_ratings

    rows = platform_ratings(programme=programme, start=start, end=end).filter(n__gte=MIN_RATINGS)
    source = "users"
    if not rows.exists():  # no platform has enough moderated trial ratings: the evaluators' totals (0–100)
        evaluation = apps.get_model("platforms", "Evaluation")
        rows = (
            evaluation.objects.filter(
                submitted_at__gte=start, submitted_at__lt=end, listing__group__programme=programme
            )
            .values(platform=F("listing__platform"))
            .annotate(score=Avg("total"), n=Count("id", distinct=True))
        )
        source = "evaluators"
    rows = rows.filter(n__gte=1).order_by("-score", "-n", "platform")[:top]
    return [
        (
            row["platform"],
            Decimal(row["score"]).quantize(Decimal("0.01")),
            {
                "ratings": row["n"],
                "average": str(Decimal(row["score"]).quantize(Decimal("0.01"))),
                "source": source,
            },
        )
        for row in rows
    ]


def strongest_progress(*, programme: str, start: datetime.datetime, end: datetime.datetime, top: int = TOP):
    assessment = apps.get_model("assessment", "Assessment")
    # The programme's own results only, and not the legacy versions taken to compare (DBI 2021): progress is
    # measured on the results that count in the programme's figures.
    submitted = assessment.objects.filter(
        status="submitted", programme=programme, criteria_set__is_legacy=False, business=OuterRef("pk")
    )
    latest = submitted.filter(submitted_at__gte=start, submitted_at__lt=end).order_by("-submitted_at")
    before = submitted.filter(submitted_at__lt=start).order_by("-submitted_at")
    candidates = (
        Business.objects.filter(Exists(latest))
        .annotate(
            new_score=Subquery(latest.values("total_score")[:1]),
            new_level=Subquery(latest.values("level")[:1]),
            old_score=Subquery(before.values("total_score")[:1]),
            old_level=Subquery(before.values("level")[:1]),
        )
        .filter(old_score__isnull=False)
        .annotate(gain=F("new_score") - F("old_score"))
        .filter(gain__gt=0)
        .order_by("-gain", "pk")
        .values("pk", "new_score", "new_level", "old_score", "old_level", "gain")[:200]
    )
    ranked = sorted(
        candidates,
        key=lambda row: (
            -(LEVEL_RANK.get(row["new_level"], 0) - LEVEL_RANK.get(row["old_level"], 0)),
            -row["gain"],
            row["pk"],
        ),
    )[:top]
    return [
        (
            row["pk"],
            _points(row["gain"]),
            {
                "from_level": row["old_level"],
                "to_level": row["new_level"],
                "from_score": str(_points(row["old_score"])),
                "to_score": str(_points(row["new_score"])),
            },
        )
        for row in ranked
    ]


def _points(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


PROPOSERS = {
    HonourCategory.ADOPTED_PLATFORM: most_adopted_platforms,
    HonourCategory.RATED_PLATFORM: best_rated_platforms,
    HonourCategory.PROGRESSING_BUSINESS: strongest_progress,
}


@transaction.atomic
def honour_propose(
    *, programme: str, period: str, day: datetime.date, actor: Any | None = None, refresh: bool = False
) -> Honour:
    """The proposal for the period containing `day`. Idempotent; `refresh` recomputes the entries the data
    proposed (staff additions and exclusions with their reasons are kept)."""
    start, end = period_bounds(period, day)
    honour, created = Honour.objects.select_for_update().get_or_create(
        programme=programme, period=period, period_start=start, defaults={"period_end": end}
    )
    if not created and not refresh:
        return honour
    if honour.status == HonourStatus.PUBLISHED:
        raise ValidationError(_("Đợt vinh danh đã công bố: không tính lại."))
    kept = {
        (entry.category, entry.platform_id, entry.business_id): entry
        for entry in honour.entries.filter(Q(added_by_staff=True) | Q(included=False))
    }
    honour.entries.filter(added_by_staff=False, included=True).delete()
    since, until = _moments(start, end)
    for category, propose in PROPOSERS.items():
        for rank, (subject_id, metric, details) in enumerate(
            propose(programme=programme, start=since, end=until), start=1
        ):
            key = (
                category,
                subject_id if category in PLATFORM_CATEGORIES else None,
                None if category in PLATFORM_CATEGORIES else subject_id,
            )
            if key in kept:
                HonourEntry.objects.filter(pk=kept[key].pk).update(rank=rank, metric=metric, details=details)
                continue
            HonourEntry.objects.create(
                honour=honour,
                category=category,
                rank=rank,
                platform_id=key[1],
                business_id=key[2],
                metric=metric,
                details=details,
            )
    audit_log(
        actor=actor,
        obj=honour,
        action="honour.propose" if created else "honour.recompute",
        data={"entries": honour.entries.count()},
    )
    return honour


def honours_propose_due(*, today: datetime.date | None = None) -> int:
    """Run by beat: propose the honours of the period just ended (each period once)."""
    today = today or timezone.localdate()
    made = 0
    for programme in Programme.values:
        for period in HonourPeriod.values:
            start, _end = previous_period(period, today)
            if not Honour.objects.filter(programme=programme, period=period, period_start=start).exists():
                honour_propose(programme=programme, period=period, day=start)
                made += 1
    return made


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError(_("Cần nêu lý do điều chỉnh."))
    return reason.strip()


def _editable(honour: Honour) -> None:
    if honour.status == HonourStatus.PUBLISHED:
        raise ValidationError(_("Đợt vinh danh đã công bố: không điều chỉnh được."))


@transaction.atomic
def honour_entry_set_included(*, entry: HonourEntry, actor: Any, included: bool, reason: str) -> HonourEntry:
    reason = _require_reason(reason)
    entry = HonourEntry.objects.select_for_update().select_related("honour").get(pk=entry.pk)
    _editable(entry.honour)
    entry.included, entry.reason = included, reason
    entry.save(update_fields=["included", "reason"])
    audit_log(
        actor=actor,
        obj=entry.honour,
        action="honour.include" if included else "honour.exclude",
        reason=reason,
        data={"entry": entry.pk, "subject": str(entry)},
    )
    return entry


@transaction.atomic
def honour_entry_add(
    *,
    honour: Honour,
    actor: Any,
    category: str,
    reason: str,
    platform_id: int | None = None,
    business_id: int | None = None,
) -> HonourEntry:
    reason = _require_reason(reason)
    honour = Honour.objects.select_for_update().get(pk=honour.pk)
    _editable(honour)
    last = (
        honour.entries.filter(category=category).order_by("-rank").values_list("rank", flat=True).first() or 0
    )
    entry = HonourEntry(
        honour=honour,
        category=category,
        rank=last + 1,
        platform_id=platform_id if category in PLATFORM_CATEGORIES else None,
        business_id=business_id if category not in PLATFORM_CATEGORIES else None,
        metric=Decimal("0"),
        added_by_staff=True,
        reason=reason,
    )
    entry.full_clean()
    entry.save()
    audit_log(
        actor=actor,
        obj=honour,
        action="honour.add",
        reason=reason,
        data={"entry": entry.pk, "subject": str(entry)},
    )
    return entry


@transaction.atomic
def honour_publish(*, honour: Honour, actor: Any, note: str = "") -> Honour:
    """Publish on the honours page and as a news article."""
    honour = Honour.objects.select_for_update().get(pk=honour.pk)
    _editable(honour)
    entries = list(
        honour.entries.filter(included=True).select_related("platform", "business", "business__province")
    )
    if not entries:
        raise ValidationError(_("Chưa có đơn vị nào được vinh danh."))
    now = timezone.now()
    honour.note = note or honour.note
    with override("vi"):
        title = _("Vinh danh %(period)s — Chương trình %(programme)s") % {
            "period": honour.period_label,
            "programme": short_name(honour.programme),
        }
        body = render_to_string(
            "campaigns/includes/honour_article.html", {"honour": honour, "groups": group_entries(entries)}
        )
    article = article_save(
        article=Article(
            kind=ArticleKind.NEWS,
            title=title,
            slug=f"vinh-danh-{honour.programme.lower()}-{honour.period}-{honour.period_start:%Y-%m}",
            summary=(honour.note or title)[:400],
            body=body,
            status=ArticleStatus.PUBLISHED,
            publish_at=now,
            for_smedx=honour.programme == Programme.SMEDX,
            for_rdx=honour.programme == Programme.RDX,
        ),
        actor=actor,
    )
    honour.status, honour.published_at, honour.published_by, honour.article = (
        HonourStatus.PUBLISHED,
        now,
        actor,
        article,
    )
    honour.save(update_fields=["status", "published_at", "published_by", "article", "note"])
    audit_log(
        actor=actor,
        obj=honour,
        action="honour.publish",
        data={"article": article.pk, "entries": len(entries)},
    )
    return honour


def group_entries(entries) -> list[tuple[str, list[HonourEntry]]]:
    """Entries by category, in the categories' order, ranks renumbered over the included ones."""
    groups = []
    for category, label in HonourCategory.choices:
        members = sorted((e for e in entries if e.category == category), key=lambda e: (e.rank, e.pk))
        if members:
            groups.append((label, members))
    return groups
