"""The detail of a submitted result."""

from __future__ import annotations

from assessment.models import Assessment
from assessment.scoring import ScoreResult, score
from assessment.services.taking import business_profile, load_answers
from assessment.structure import structure_for


def assessment_result(assessment: Assessment) -> ScoreResult:
    """Recompute the detail of a submitted result (gaps, shares) with the set it was scored with.

    The stored total, level and pillar scores stay the reference; this adds the detail for the page.
    """
    structure = structure_for(assessment.criteria_set)
    kind, sector = business_profile(assessment.business)
    return score(structure, load_answers(assessment), kind, sector)
