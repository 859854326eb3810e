"""A business's results across criteria versions: one timeline with each point labelled by its version, and
the comparable part of two versions side by side where a criteria file maps its questions to another's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from assessment.models import Assessment, CriteriaSet
from assessment.scoring import score
from assessment.services import business_profile, load_answers
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


def business_timeline(business, *, current: Assessment | None = None) -> list[TimelinePoint]:
    """Every submitted result of the business, oldest first, labelled by version (both programmes)."""
    results = (
        Assessment.objects.submitted()
        .filter(business=business)
        .select_related("criteria_set")
        .order_by("submitted_at")
    )
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


def _mappings(criteria_set: CriteriaSet) -> list[tuple[CriteriaSet, dict[str, str]]]:
    """(other version, {own question code: other question code}) from this set's file and the others' files."""
    pairs: list[tuple[CriteriaSet, dict[str, str]]] = []
    wanted = Q(pk__in=[])
    for entry in criteria_set.comparisons:
        wanted |= Q(programme=entry["programme"], version=entry["version"])
    candidates = CriteriaSet.objects.filter(
        wanted
        | Q(comparisons__contains=[{"programme": criteria_set.programme, "version": criteria_set.version}])
    )
    for other in candidates.exclude(pk=criteria_set.pk):
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


def comparisons_for(assessment: Assessment, shares: dict[int, Decimal]) -> list[Comparison]:
    """For each version mapped to this one, the business's latest result under it and the mapped questions'
    scores side by side (as % of each question's best answer)."""
    own_structure = structure_for(assessment.criteria_set)
    kind, sector = business_profile(assessment.business)
    result = []
    for other_set, mapping in _mappings(assessment.criteria_set):
        other = (
            Assessment.objects.submitted()
            .filter(business=assessment.business, criteria_set=other_set)
            .select_related("criteria_set")
            .order_by("-submitted_at")
            .first()
        )
        if other is None:
            continue
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
