"""The submit's locked read (`assessment.survey_sql.lock_for_submit`, hand-written, one round trip) and its ORM
twin read the same assessment, business, criteria version, previous result and answers, for the owner, for
nobody in particular (a task) and not for a stranger."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.services import assessment_start, assessment_submit
from assessment.survey_sql import lock_for_submit, lock_for_submit_orm
from smedx_portal.programmes import Programme
from tests.assessment.conftest import RDX_BEST
from tests.twins import TWIN, assert_same_rows, row_of

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
