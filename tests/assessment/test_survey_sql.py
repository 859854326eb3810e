"""The survey's hand-written statements (`assessment.survey_sql`) and their ORM twins: the submit's locked read
gets the same assessment, business, criteria version, previous result and answers (for the owner, for a task,
not for a stranger); a page save writes the same answers and position (changed, unchanged and emptied answers;
nothing for a stranger)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Answer, Assessment
from assessment.scoring import AnswerValue
from assessment.services import assessment_start, assessment_submit
from assessment.structure import structure_for
from assessment.survey_sql import (
    answer_writes,
    answers_of,
    lock_for_submit,
    lock_for_submit_orm,
    save_guard,
    survey_ref,
    survey_ref_orm,
    write_page,
    write_page_orm,
)
from smedx_portal.programmes import Programme
from tests.assessment.conftest import RDX_BEST
from tests.twins import TWIN, assert_same_effect, assert_same_rows, row_of

pytestmark = TWIN


def read(lock):
    """The locked draft as rows: what the submit reads through it."""

    def rows(assessment_id, actor):
        locked = lock(assessment_id, actor)
        if locked is None:
            return []
        business = locked.assessment.business
        return [
            row_of(locked.assessment),
            row_of(business),
            business.sector.code if business.sector_id else None,
            (locked.published_at, locked.criteria_version),
            row_of(locked.previous) if locked.previous else None,
            sorted(
                (question, row_of(value.option_ids), value.number)
                for question, value in locked.answers.items()
            ),
        ]

    rows.__name__ = lock.__name__
    return rows


def answered(client, owner, draft, pages=(1, 2)):
    client.force_login(owner)
    for page in pages:
        client.post(reverse("assessment:page", kwargs={"pk": draft.pk, "page": page}), RDX_BEST[page])
    return draft


@pytest.mark.parametrize("who", ["owner", "task", "stranger"])
def test_the_locked_read_is_the_orms(client, owner, other_user, draft, who):
    answered(client, owner, draft)
    actor = {"owner": owner, "task": None, "stranger": other_user}[who]
    found = assert_same_rows(read(lock_for_submit), read(lock_for_submit_orm), draft.pk, actor, ordered=True)
    assert (found == []) == (who == "stranger")


def test_the_locked_read_with_a_previous_result_is_the_orms(client, owner, store, draft):
    answered(client, owner, draft, pages=RDX_BEST)
    assessment_submit(assessment_id=draft.pk, actor=owner)
    second = answered(client, owner, assessment_start(business=store, programme=Programme.RDX, actor=owner))
    found = assert_same_rows(read(lock_for_submit), read(lock_for_submit_orm), second.pk, owner, ordered=True)
    assert found[4] is not None  # the first submit's result


def _page_write(draft, actor, to_save, emptied, now):
    pillar = structure_for(draft.criteria_set).pillar_at(1)

    def hand():
        guard = save_guard(draft.pk, pillar.pk, actor, now)
        return write_page(guard, answer_writes(to_save, emptied, now), assessment_id=draft.pk)

    def orm():
        return write_page_orm(
            assessment_id=draft.pk,
            pillar_id=pillar.pk,
            actor=actor,
            now=now,
            to_save=to_save,
            emptied=emptied,
        )

    return hand, orm


def _written(draft):
    def read():
        answers = Answer.objects.filter(assessment=draft).values_list(
            "question_id", "option_ids", "number_value"
        )
        position = Assessment.objects.filter(pk=draft.pk).values_list("current_pillar_id", "updated_at")
        return [*answers, *position]

    return read


@pytest.mark.parametrize("who", ["owner", "stranger"])
def test_the_page_save_writes_what_its_orm_twin_writes(client, owner, other_user, draft, who):
    answered(client, owner, draft, pages=(1,))
    questions = structure_for(draft.criteria_set).pillar_at(1).question_list
    saved = {answer.question_id: answer for answer in Answer.objects.filter(assessment=draft)}
    with_options = [question for question in questions if question.pk in saved and question.option_list]
    chosen, kept, emptied = with_options[:3]
    to_save = {
        chosen.pk: AnswerValue(
            (chosen.option_list[0].pk,), None
        ),  # changed (or the same: then not rewritten)
        kept.pk: AnswerValue(tuple(saved[kept.pk].option_ids), saved[kept.pk].number_value),  # unchanged
    }
    actor = {"owner": owner, "stranger": other_user}[who]
    hand, orm = _page_write(draft, actor, to_save, [emptied.pk], timezone.now())
    found = assert_same_effect(hand, orm, _written(draft))
    answers = {row[0] for row in found if len(row) == 3}  # (question, options, number); the position has two
    assert (emptied.pk in answers) == (who == "stranger")
    assert hand() == orm() == (who == "owner")


def test_answers_and_their_orm_twin(submitted, draft):
    from assessment.services import load_answers_for

    assert_same_rows(answers_of, load_answers_for, submitted.pk)
    loaded = answers_of(submitted.pk)
    assert any(value.option_ids for value in loaded.values())
    assert any(value.number is not None for value in loaded.values())


@pytest.mark.parametrize("who", ["owner", "other_user", "staff", "anonymous"])
def test_the_saves_reference_is_the_orms(owner, other_user, draft, who):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import StaffFactory

    user = {"owner": owner, "other_user": other_user, "staff": StaffFactory(), "anonymous": AnonymousUser()}[
        who
    ]
    rows = assert_same_rows(survey_ref, survey_ref_orm, user, draft.pk)
    assert len(rows) == (0 if who in ("other_user", "anonymous") else 1)
    draft.business.sector = None
    draft.business.save(update_fields=["sector"])
    assert_same_rows(survey_ref, survey_ref_orm, user, draft.pk)
