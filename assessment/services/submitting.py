"""Submitting a survey: checking it is complete, scoring it and recording the result with its bookkeeping."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from assessment.models import Assessment, AssessmentStatus
from assessment.scoring import Answers, ScoreResult, page_errors, score, visible_question_ids
from assessment.services.taking import business_profile, channel_for
from assessment.structure import Structure, structure_for_key
from assessment.survey_sql import lock_for_submit
from businesses.models import BusinessResult
from businesses.stats import business_result_statements
from smedx_portal.db import run_together, update_row_statement


class AssessmentIncomplete(Exception):
    def __init__(self, errors: dict[int, dict[int, str]]):
        super().__init__(errors)
        self.errors = errors  # pillar position → {question id: message}

    @property
    def first_page(self) -> int:
        return min(self.errors)


def incomplete_pages(
    structure: Structure, answers: Answers, kind: str, sector: str | None
) -> dict[int, dict]:
    visible = visible_question_ids(structure, answers, kind, sector)
    problems = {}
    for position, pillar in enumerate(structure.pillars, start=1):
        errors = page_errors(structure, pillar, answers, visible)
        if errors:
            problems[position] = errors
    return problems


_SUBMITTED_FIELDS = (
    "status",
    "total_score",
    "level",
    "pillar_scores",
    "points",
    "scale_value",
    "submitted_at",
    "channel",
    "entered_by",
    "updated_at",
)


def _mark_submitted(assessment: Assessment, result: ScoreResult, actor: Any) -> None:
    now = timezone.now()
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.total_score = result.total
    assessment.level = result.level
    assessment.pillar_scores = {code: str(value) for code, value in result.pillar_scores.items()}
    assessment.points = result.points
    assessment.scale_value = result.scale_value
    assessment.submitted_at = now
    assessment.updated_at = now
    assessment.channel = channel_for(actor, assessment.business)
    assessment.entered_by = actor if getattr(actor, "pk", None) else None


def assessment_submit(*, assessment_id: int, actor: Any, check_access: bool = True) -> Assessment:
    """Score and submit a draft. Idempotent: a second submit (double click, second device) returns the
    assessment already submitted. The row is locked (select_for_update) by the same query that checks the
    actor may submit it (Http404 otherwise), together with the business's row (its latest result changes).
    Raises AssessmentIncomplete with the pages that need answers."""
    with transaction.atomic():
        locked = lock_for_submit(assessment_id, actor if check_access else None)
        if locked is None:
            raise Http404
        assessment, answers = locked.assessment, locked.answers
        if assessment.status == AssessmentStatus.SUBMITTED:
            return assessment
        structure = structure_for_key(assessment.criteria_set_id, locked.published_at)
        kind, sector = business_profile(assessment.business)
        problems = incomplete_pages(structure, answers, kind, sector)
        if problems:
            raise AssessmentIncomplete(problems)
        result = score(structure, answers, kind, sector)
        _mark_submitted(assessment, result, actor)
        # The business's result in this programme and the programme's summary cells, in this transaction and
        # the same round trip: campaigns and reports segment and count without joining assessments.
        # A legacy version (DBI 2021, taken to compare) is kept and shown, never counted as the programme's result.
        bookkeeping = []
        if not structure.criteria_set.is_legacy:
            bookkeeping = business_result_statements(
                business=assessment.business,
                previous=locked.previous,
                result=BusinessResult(
                    business_id=assessment.business_id,
                    programme=assessment.programme,
                    level=result.level,
                    score=result.total,
                    pillar_scores=assessment.pillar_scores,
                    criteria_set_id=assessment.criteria_set_id,
                    criteria_version=locked.criteria_version,
                    assessed_at=assessment.submitted_at,
                ),
            )
        run_together(
            [
                update_row_statement(
                    Assessment,
                    assessment.pk,
                    **{name: getattr(assessment, name) for name in _SUBMITTED_FIELDS},
                ),
                *bookkeeping,
            ]
        )
    return assessment
