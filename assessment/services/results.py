"""The detail of a submitted result."""

from __future__ import annotations

from assessment.models import Assessment
from assessment.scoring import AnswerValue, ScoreResult, score
from assessment.services.taking import business_profile, load_answers
from assessment.structure import structure_for


def assessment_result(
    assessment: Assessment, *, answers: dict[int, AnswerValue] | None = None
) -> ScoreResult:
    """Recompute the detail of a submitted result (gaps, shares) with the set it was scored with.

    The stored total, level and pillar scores stay the reference; this adds the detail for the page. `answers`:
    the assessment's answers when the caller has read them already.
    """
    structure = structure_for(assessment.criteria_set)
    kind, sector = business_profile(assessment.business)
    return score(structure, load_answers(assessment) if answers is None else answers, kind, sector)
