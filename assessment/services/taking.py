"""Taking the survey: starting or resuming a draft, reading the answers, saving one page.

Every function is keyword-only where it writes; views and the API call these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_or_officer
from assessment.models import Answer, Assessment, Channel, CriteriaSet, Pillar, QuestionType
from assessment.scoring import (
    Answers,
    AnswerValue,
    page_errors,
    parse_number,
    validate_answer,
    visible_question_ids,
)
from assessment.selectors import SurveyRef, visible_assessments
from assessment.structure import Structure, structure_for, structure_for_key
from assessment.survey_sql import answer_writes, answers_of, save_guard, write_page
from smedx_portal.phases import PhaseState, phase_state


class NoCriteria(Exception):
    """The programme has no published criteria set yet."""


class PhaseClosed(Exception):
    """An enumerator survey in a province that does not run the programme yet (its pilot phase elsewhere)."""

    def __init__(self, state: PhaseState) -> None:
        super().__init__(state.programme)
        self.state = state


def channel_for(user, business) -> str:
    """Enumerator when a province officer or ministry staff (not a representative) enters the survey."""
    if is_staff_or_officer(user) and not business.memberships.filter(user=user).exists():
        return Channel.ENUMERATOR
    return Channel.SELF


# What starting a survey reads of the business (its kind and programmes, the province for the phase gate).
START_READS = ("kind", "in_smedx", "in_rdx", "province")


def assessment_start(
    *, business, programme: str, actor: Any, criteria_set: CriteriaSet | None = None
) -> Assessment:
    """Resume the business's draft in this programme, or start one on the current criteria set; with
    `criteria_set` (a published legacy version, e.g. DBI 2021, to compare with), the draft on that set.

    Two devices or a double click starting at once still make one draft (a partial unique constraint).
    An enumerator survey waits for the programme's phase to reach the business's province (PhaseClosed);
    a business's own survey is open everywhere.
    """
    channel = channel_for(actor, business)
    if channel == Channel.ENUMERATOR:
        state = phase_state(programme, business.province_id)
        if not state.allowed:
            raise PhaseClosed(state)
    drafts = Assessment.objects.drafts().filter(business=business, programme=programme)
    if criteria_set is not None:
        if not criteria_set.is_published or criteria_set.programme != programme:
            raise NoCriteria(programme)
        drafts = drafts.filter(criteria_set=criteria_set)
    else:
        drafts = drafts.filter(criteria_set__is_legacy=False)
    draft = drafts.select_related("criteria_set").order_by("-created_at").first()
    if draft is not None:
        return draft
    criteria_set = criteria_set or CriteriaSet.objects.current(programme)
    if criteria_set is None:
        raise NoCriteria(programme)
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                business=business,
                criteria_set=criteria_set,
                programme=programme,
                channel=channel,
                started_by=actor if getattr(actor, "pk", None) else None,
                entered_by=actor if getattr(actor, "pk", None) else None,
                current_pillar=next(iter(structure_for(criteria_set).pillars), None),
            )
    except IntegrityError:
        return (
            Assessment.objects.drafts()
            .select_related("criteria_set")
            .get(business=business, criteria_set=criteria_set)
        )


def load_answers(assessment: Assessment) -> Answers:
    """All the assessment's answers (`survey_sql.answers_of`: `load_answers_for`'s hand-written twin)."""
    return answers_of(assessment.pk)


def load_answers_for(assessment_id: int, question_ids=None) -> Answers:
    queryset = Answer.objects.filter(assessment_id=assessment_id)
    if question_ids is not None:
        queryset = queryset.filter(question_id__in=question_ids)
    return {
        question_id: AnswerValue(tuple(option_ids or ()), number)
        for question_id, option_ids, number in queryset.values_list(
            "question_id", "option_ids", "number_value"
        )
    }


def _sector_code(business) -> str | None:
    sector = getattr(business, "sector", None) if business.sector_id else None
    return sector.code if sector is not None else None


def business_profile(business) -> tuple[str, str | None]:
    return business.kind, _sector_code(business)


def parse_page(pillar: Pillar, data) -> tuple[Answers, dict[int, str]]:
    """Answers to the pillar's questions from a form (field = question code, value = option code or number)."""
    answers: Answers = {}
    errors: dict[int, str] = {}
    for question in pillar.question_list:
        if question.type == QuestionType.NUMBER:
            raw = data.get(question.code, "")
            try:
                number = parse_number(raw)
            except ValueError:
                errors[question.pk] = _("Vui lòng nhập một số.")
                continue
            answers[question.pk] = AnswerValue((), number)
            continue
        codes = data.getlist(question.code) if hasattr(data, "getlist") else data.get(question.code, [])
        if isinstance(codes, str):
            codes = [codes]
        option_ids = []
        for code in codes:
            option = question.options_by_code.get(code)
            if option is None:
                errors[question.pk] = _("Lựa chọn không hợp lệ.")
                break
            if option.pk not in option_ids:
                option_ids.append(option.pk)
        else:
            answers[question.pk] = AnswerValue(tuple(option_ids), None)
    return answers, errors


@dataclass
class PageResult:
    errors: dict[int, str] = field(default_factory=dict)  # question id → message, invalid or missing
    invalid: dict[int, str] = field(default_factory=dict)  # answers given but not saved (invalid)
    answers: Answers = field(default_factory=dict)  # every answer of the assessment after the save
    visible: set[int] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return not self.errors


class AssessmentLocked(Exception):
    """The assessment was submitted: its answers can no longer change."""


def _cross_page_parents(structure: Structure, pillar: Pillar) -> set[int]:
    """Questions on other pages whose answers decide whether a question of this page is asked."""
    own = {question.pk for question in pillar.question_list}
    parents = set()
    for question in pillar.question_list:
        parent = question.show_if_question_id
        while parent and parent not in own:
            parents.add(parent)
            parent = structure.questions[parent].show_if_question_id
    return parents


def assessment_save_page(*, ref: SurveyRef, pillar: Pillar, data, actor: Any) -> PageResult:
    """Save what was answered on one pillar's page (valid answers are kept even when others are not).

    The page's form holds every answer of the page, so nothing else is read. The write is guarded by an UPDATE
    of the assessment row through `visible_assessments(actor)` that only matches the actor's draft: on
    PostgreSQL the guard, the upsert of the answers and the removal of emptied ones are one statement (one
    round trip, atomic); elsewhere they run in turn. The UPDATE waits for a submit holding the row and then
    matches nothing, so answers never change under a submission.
    Raises Http404 (not the actor's) or AssessmentLocked (submitted). Returns the page's errors, including
    required questions not answered.
    """
    structure = structure_for_key(ref.criteria_set_id, ref.published_at)
    posted, errors = parse_page(pillar, data)
    answers, to_save, emptied = _page_changes(structure, pillar, ref, posted, errors)
    now = timezone.now()
    guard = save_guard(ref.pk, pillar.pk, actor, now)
    if not write_page(guard, answer_writes(to_save, emptied, now), assessment_id=ref.pk):
        if not visible_assessments(actor).filter(pk=ref.pk).exists():
            raise Http404
        raise AssessmentLocked(ref.pk)

    visible = visible_question_ids(structure, answers, ref.kind, ref.sector)
    visible &= {question.pk for question in pillar.question_list}
    invalid = {qid: message for qid, message in errors.items() if qid in visible}
    all_errors = dict(invalid)
    for question_id, message in page_errors(structure, pillar, answers, visible).items():
        all_errors.setdefault(question_id, message)
    return PageResult(errors=all_errors, invalid=invalid, answers=answers, visible=visible)


def _page_changes(structure: Structure, pillar: Pillar, ref: SurveyRef, posted: Answers, errors: dict):
    """The answers to write and the questions whose answer was emptied; `answers` also holds the other pages'
    answers that decide whether this page's questions are asked (read only when the criteria have such links)."""

    answers: Answers = {}
    parents = _cross_page_parents(structure, pillar)
    if parents:
        answers.update(
            (qid, value) for qid, value in load_answers_for(ref.pk, parents).items() if qid in parents
        )
    to_save: dict[int, AnswerValue] = {}
    emptied: list[int] = []
    for question_id, value in posted.items():
        if value.is_empty:
            emptied.append(question_id)
            continue
        error = validate_answer(structure.questions[question_id], value)
        if error:
            errors[question_id] = error
            continue
        to_save[question_id] = value
        answers[question_id] = value
    return answers, to_save, emptied
