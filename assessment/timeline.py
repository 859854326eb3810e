"""A business's results across criteria versions: one timeline with each point labelled by its version, and
the comparable part of two versions side by side where a criteria file maps its questions to another's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Subquery, Value
from django.utils.translation import gettext as _

from assessment.models import Assessment, CriteriaSet, DxPlan, ResultVerification
from assessment.scoring import score
from assessment.services import business_profile, load_answers
from assessment.services.plans import representative_memberships
from assessment.structure import structure_for
from smedx_portal.programmes import short_name

HUNDRED = Decimal("100")


def version_label(criteria_set: CriteriaSet) -> str:
    """“SMEdx · Quyết định 1970/QĐ-BTTTT (v2)”, and the trial label for the sets invented by this portal."""
    label = _("%(programme)s · %(source)s (phiên bản %(version)s)") % {
        "programme": short_name(criteria_set.programme),
        "source": criteria_set.source_decision or criteria_set.display_title,
        "version": criteria_set.version,
    }
    if criteria_set.is_trial:
        label = _("%(label)s — bộ tiêu chí thử nghiệm của cổng") % {"label": label}
    return label


def scale_label(assessment: Assessment) -> str:
    """The version's own level beside the programme's words, e.g. “Mức DBI 3 — Hình thành”; '' without one."""
    scale = assessment.criteria_set.scale
    if assessment.scale_value is None or not scale:
        return ""
    entry = next((e for e in scale["levels"] if e["value"] == assessment.scale_value), None)
    if entry is None:
        return ""
    return _("%(scale)s %(value)s — %(label)s") % {
        "scale": scale["name"],
        "value": assessment.scale_value,
        "label": entry["label"],
    }


@dataclass
class TimelinePoint:
    assessment: Assessment
    label: str
    scale: str
    is_current: bool


def business_results(business, *, user) -> list[Assessment]:
    """Every submitted result of the business, oldest first (both programmes), in one query: each with its
    criteria set, `decision` (its ResultVerification, None before any), `plan_id` (the id of the programme's plan
    made from it, None for the others) and `can_plan` (whether `user` keeps the business's plan,
    `plans.can_edit_plan`). The ORM twin of the result page's `result_sql.business_results`."""
    plan = DxPlan.objects.filter(
        business=OuterRef("business_id"), programme=OuterRef("programme"), assessment=OuterRef("pk")
    )
    editor = (
        Exists(representative_memberships(user, OuterRef("business_id")))
        if getattr(user, "is_authenticated", False)
        else Value(False)
    )
    results = list(
        Assessment.objects.submitted()
        .filter(business=business)
        .select_related("criteria_set", "verification")
        .annotate(plan_id=Subquery(plan.values("pk")[:1]), can_plan=editor)
        .order_by("submitted_at")
    )
    for result in results:
        try:
            result.decision = result.verification
        except ResultVerification.DoesNotExist:
            result.decision = None
    return results


def business_timeline(results: list[Assessment], *, current: Assessment | None = None) -> list[TimelinePoint]:
    """The points of `business_results`, labelled by version."""
    return [
        TimelinePoint(
            assessment=item,
            label=version_label(item.criteria_set),
            scale=scale_label(item),
            is_current=current is not None and item.pk == current.pk,
        )
        for item in results
    ]


@dataclass
class ComparedQuestion:
    area: str
    own: Decimal  # % of the question's best answer
    other_text: str
    other: Decimal


@dataclass
class Comparison:
    other: Assessment
    label: str
    rows: list[ComparedQuestion]


def _mappings(
    criteria_set: CriteriaSet, others: list[CriteriaSet]
) -> list[tuple[CriteriaSet, dict[str, str]]]:
    """(other version, {own question code: other question code}) for the versions among `others` that this set's
    file maps to, or whose files map to this set."""
    pairs: list[tuple[CriteriaSet, dict[str, str]]] = []
    for other in others:
        for entry in criteria_set.comparisons:
            if (entry["programme"], entry["version"]) == (other.programme, other.version):
                pairs.append((other, dict(entry["questions"])))
        for entry in other.comparisons:
            if (entry["programme"], entry["version"]) == (criteria_set.programme, criteria_set.version):
                pairs.append((other, {own: theirs for theirs, own in entry["questions"].items()}))
    return pairs


def _shares(assessment: Assessment, kind: str, sector: str | None, answers) -> tuple:
    structure = structure_for(assessment.criteria_set)
    return structure, score(structure, answers, kind, sector).shares


def comparisons_for(
    assessment: Assessment, shares: dict[int, Decimal], results: list[Assessment]
) -> list[Comparison]:
    """For each version mapped to this one, the business's latest result under it (among `results`, its
    submitted results oldest first) and the mapped questions' scores side by side (as % of each question's best
    answer)."""
    latest = {
        item.criteria_set_id: item for item in results if item.criteria_set_id != assessment.criteria_set_id
    }
    others = sorted(
        (item.criteria_set for item in latest.values()), key=lambda other: (other.programme, -other.version)
    )
    mappings = _mappings(assessment.criteria_set, others)
    if not mappings:
        return []
    own_structure = structure_for(assessment.criteria_set)
    kind, sector = business_profile(assessment.business)
    result = []
    for other_set, mapping in mappings:
        other = latest[other_set.pk]
        other_structure, other_shares = _shares(other, kind, sector, load_answers(other))
        rows = []
        for own_code, other_code in mapping.items():
            own_q = own_structure.questions_by_code.get(own_code)
            other_q = other_structure.questions_by_code.get(other_code)
            if own_q is None or other_q is None or own_q.pk not in shares or other_q.pk not in other_shares:
                continue
            rows.append(
                ComparedQuestion(
                    area=own_q.display_area,
                    own=(HUNDRED * shares[own_q.pk]).quantize(Decimal("1")),
                    other_text=other_q.display_text,
                    other=(HUNDRED * other_shares[other_q.pk]).quantize(Decimal("1")),
                )
            )
        if rows:
            result.append(Comparison(other=other, label=version_label(other_set), rows=rows))
    return result
