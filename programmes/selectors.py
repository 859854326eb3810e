"""Read side: counts from the businesses' summary tables (never from the million business rows) and progress
against the plans. "Businesses that tried platforms" is the providers' definition (platforms.selectors)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from businesses.models import BusinessKind, Province, ProvinceStat, Ward, WardStat
from programmes.models import (
    PLAN_FIGURE_FIELDS,
    PlanMilestone,
    PlanRevision,
    PlanStatus,
    ProgressSnapshot,
    ProvincePlan,
)
from smedx_portal.programmes import Programme

PROGRAMME_KINDS: dict[str, tuple[str, ...]] = {
    Programme.SMEDX: (BusinessKind.ENTERPRISE, BusinessKind.COOPERATIVE, BusinessKind.HOUSEHOLD),
    Programme.RDX: (BusinessKind.ENTERPRISE, BusinessKind.RETAIL_STORE, BusinessKind.HOUSEHOLD),
}


def _in_programme(programme: str) -> Q:
    """A summary-table row counted in `programme` (the tables' programme dimension)."""
    return Q(programme=programme)


def _surveyed() -> Q:
    return ~Q(level="")


def businesses_by_ward_kind(province_id: int, programme: str) -> dict[tuple[int, str], int]:
    """Businesses of the programme per (ward, kind) in a province: what a template plan's shares apply to."""
    rows = (
        WardStat.objects.filter(_in_programme(programme), province_id=province_id, ward_code__gt=0)
        .filter(kind__in=PROGRAMME_KINDS[programme])
        .values("ward_code", "kind")
        .annotate(n=Sum("businesses"))
        .order_by()
    )
    return {(row["ward_code"], row["kind"]): int(row["n"] or 0) for row in rows}


def surveyed_by_ward_kind(province_id: int, programme: str) -> dict[tuple[int, str], int]:
    rows = (
        WardStat.objects.filter(_in_programme(programme), _surveyed(), province_id=province_id)
        .values("ward_code", "kind")
        .annotate(n=Sum("businesses"))
        .order_by()
    )
    return {(row["ward_code"], row["kind"]): int(row["n"] or 0) for row in rows}


def surveyed_by_province(programme: str, province_id: int | None = None) -> dict[int, int]:
    rows = ProvinceStat.objects.filter(_in_programme(programme), _surveyed())
    if province_id is not None:
        rows = rows.filter(province_id=province_id)
    totals = rows.values("province_id").annotate(n=Sum("businesses")).order_by()
    return {row["province_id"]: int(row["n"] or 0) for row in totals}


def expected_by(milestones: list[tuple[datetime.date, int]], start: datetime.date, day: datetime.date) -> int:
    """Surveyed businesses the timeline expects by `day`: linear between milestones, from 0 at `start`."""
    previous_day, previous_value = start, 0
    for due_on, value in milestones:
        if day >= due_on:
            previous_day, previous_value = due_on, value
            continue
        span = (due_on - previous_day).days or 1
        elapsed = max(0, (day - previous_day).days)
        return previous_value + (value - previous_value) * elapsed // span
    return previous_value


@dataclass
class ProvinceProgress:
    province_id: int
    name: str
    target: int
    surveyed: int
    expected: int
    plan_id: int | None
    plan_status: str

    @property
    def share(self) -> int:
        return min(100, self.surveyed * 100 // self.target) if self.target else 0

    @property
    def plan_status_label(self) -> str:
        return PlanStatus(self.plan_status).label if self.plan_status else ""

    @property
    def behind(self) -> int:
        return max(0, self.expected - self.surveyed)


def plan_milestones(plan_ids: list[int]) -> dict[int, list[tuple[datetime.date, int]]]:
    milestones: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    rows = PlanMilestone.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "due_on")
    for plan_id, due_on, surveyed in rows.values_list("plan_id", "due_on", "surveyed"):
        milestones[plan_id].append((due_on, surveyed))
    return milestones


def national_progress(programme: str, year: int, *, today: datetime.date) -> list[ProvinceProgress]:
    """Every province: target of its plan, surveyed so far, expected by today (four small queries)."""
    plans = {
        row["province_id"]: row
        for row in ProvincePlan.objects.filter(programme=programme, year=year).values(
            "id", "province_id", "survey_total", "status"
        )
    }
    milestones = plan_milestones(
        [row["id"] for row in plans.values() if row["status"] == PlanStatus.APPROVED]
    )
    surveyed = surveyed_by_province(programme)
    start = datetime.date(year, 1, 1)
    rows = []
    for code, name in Province.objects.order_by("name").values_list("code", "name"):
        plan = plans.get(code)
        approved = plan is not None and plan["status"] == PlanStatus.APPROVED
        rows.append(
            ProvinceProgress(
                province_id=code,
                name=name,
                target=plan["survey_total"] if approved else 0,
                surveyed=surveyed.get(code, 0),
                expected=expected_by(milestones.get(plan["id"], []), start, today) if approved else 0,
                plan_id=plan["id"] if plan else None,
                plan_status=plan["status"] if plan else "",
            )
        )
    return rows


@dataclass
class WardProgress:
    ward_code: int
    name: str
    by_kind: dict[str, tuple[int, int]]  # kind → (surveyed, target)


def ward_progress(plan: ProvincePlan) -> list[WardProgress]:
    """Surveyed vs target per ward and business type for one plan (wards with a target or a survey)."""
    targets: dict[tuple[int, str], int] = {
        (ward, kind): target for ward, kind, target in plan.targets.values_list("ward_id", "kind", "target")
    }
    surveyed = surveyed_by_ward_kind(plan.province_id, plan.programme)
    wards = {ward for ward, _kind in targets} | {ward for ward, _kind in surveyed if ward}
    names = dict(Ward.objects.filter(code__in=wards).values_list("code", "name"))
    kinds = PROGRAMME_KINDS[plan.programme]
    return [
        WardProgress(
            ward_code=ward,
            name=names.get(ward, str(ward)),
            by_kind={kind: (surveyed.get((ward, kind), 0), targets.get((ward, kind), 0)) for kind in kinds},
        )
        for ward in sorted(wards, key=lambda code: names.get(code, ""))
    ]


def weekly_progress(province_id: int, programme: str, year: int) -> list[ProgressSnapshot]:
    return list(
        ProgressSnapshot.objects.filter(
            province_id=province_id, programme=programme, week__gte=datetime.date(year, 1, 1)
        ).order_by("week")
    )


@dataclass
class PlanChange:
    label: str
    before: str
    after: str


@dataclass
class PlanHistoryEntry:
    """One row of a plan's history and what it changed against the row before it."""

    revision: PlanRevision
    changes: list[PlanChange]
    more: int = 0  # changes left out of `changes` (a table-wide edit)


HISTORY_CHANGES_SHOWN = 12


def _figures_of(snapshot: dict) -> dict[str, int]:
    return {name: snapshot.get(name, 0) for name in PLAN_FIGURE_FIELDS}


def _targets_of(snapshot: dict) -> dict[tuple[int, str], int]:
    return {(ward, kind): value for ward, kind, value in snapshot.get("targets", [])}


def _milestones_of(snapshot: dict) -> dict[str, int]:
    return dict(snapshot.get("milestones", []))


def _changes(before: dict, after: dict, ward_names: dict[int, str]) -> list[PlanChange]:
    changes = []
    old, new = _figures_of(before), _figures_of(after)
    for name in PLAN_FIGURE_FIELDS:
        if old[name] != new[name]:
            label = capfirst(ProvincePlan._meta.get_field(name).verbose_name)
            changes.append(PlanChange(str(label), str(old[name]), str(new[name])))
    if before.get("resources", "") != after.get("resources", ""):
        changes.append(
            PlanChange(
                _("Nguồn lực"),
                Truncator(before.get("resources", "")).chars(80) or "—",
                Truncator(after.get("resources", "")).chars(80) or "—",
            )
        )
    old_days, new_days = _milestones_of(before), _milestones_of(after)
    for day in sorted(old_days.keys() | new_days.keys()):
        if old_days.get(day) != new_days.get(day):
            label = _("Mốc tiến độ %(date)s") % {
                "date": date_format(datetime.date.fromisoformat(day), "d/m/Y")
            }
            changes.append(PlanChange(label, str(old_days.get(day, "—")), str(new_days.get(day, "—"))))
    old_targets, new_targets = _targets_of(before), _targets_of(after)
    for ward, kind in sorted(old_targets.keys() | new_targets.keys()):
        if old_targets.get((ward, kind), 0) != new_targets.get((ward, kind), 0):
            label = _("Chỉ tiêu %(kind)s — %(ward)s") % {
                "kind": BusinessKind(kind).label.lower(),
                "ward": ward_names.get(ward, str(ward)),
            }
            changes.append(
                PlanChange(
                    label, str(old_targets.get((ward, kind), 0)), str(new_targets.get((ward, kind), 0))
                )
            )
    return changes


def plan_history(plan: ProvincePlan, *, limit: int = 50) -> list[PlanHistoryEntry]:
    """The plan's latest `limit` history rows, newest first, each with what it changed (figures, resources,
    timeline, targets by ward and type) against the row before it. Two queries."""
    revisions = list(plan.revisions.select_related("actor").order_by("-at", "-id")[: limit + 1])
    pairs = list(zip(revisions[:limit], [*revisions[1:], None], strict=False))
    wards: set[int] = set()
    for revision, previous in pairs:
        if previous is not None:
            old, new = _targets_of(previous.snapshot), _targets_of(revision.snapshot)
            wards |= {
                ward
                for ward, kind in old.keys() | new.keys()
                if old.get((ward, kind), 0) != new.get((ward, kind), 0)
            }
    names = dict(Ward.objects.filter(code__in=wards).values_list("code", "name")) if wards else {}
    history = []
    for revision, previous in pairs:
        changes = _changes(previous.snapshot, revision.snapshot, names) if previous is not None else []
        history.append(
            PlanHistoryEntry(
                revision=revision,
                changes=changes[:HISTORY_CHANGES_SHOWN],
                more=max(0, len(changes) - HISTORY_CHANGES_SHOWN),
            )
        )
    return history
