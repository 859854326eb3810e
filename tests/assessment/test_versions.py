"""Versioned criteria: drafts editable, publishing freezes, a new version is a copy, old results never change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment.criteria_files import CRITERIA_DIR, read_criteria_file
from assessment.demo import publish_with_demo_approvals
from assessment.models import CriteriaSet, Option, Question
from assessment.services import assessment_start, assessment_submit, load_answers
from assessment.services.criteria_sets import (
    CriteriaSetFrozen,
    criteria_set_load,
    criteria_set_new_version,
    criteria_set_review,
)
from assessment.structure import structure_for
from smedx_portal.models import AuditEntry
from tests.assessment.conftest import RDX_BEST, load_set
from tests.assessment.test_scoring import answers_from
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def submit_best(business, user, criteria_set):
    assessment = assessment_start(business=business, programme="RDX", actor=user)
    assert assessment.criteria_set_id == criteria_set.pk
    structure = structure_for(criteria_set)
    from assessment.models import Answer

    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_id=qid, option_ids=list(v.option_ids), number_value=v.number)
        for qid, v in answers_from(structure, RDX_BEST).items()
    )
    return assessment_submit(assessment_id=assessment.pk, actor=user)


def test_loading_a_draft_again_replaces_its_content():
    spec = read_criteria_file(CRITERIA_DIR / "rdx.yaml")
    first = criteria_set_load(spec=spec)
    spec.pillars[0].questions[0].text = "Câu hỏi đã sửa"
    again = criteria_set_load(spec=spec)
    assert again.pk == first.pk
    assert Question.objects.get(pillar__criteria_set=again, code="online-presence").text == "Câu hỏi đã sửa"
    assert Question.objects.filter(pillar__criteria_set=again).count() == 24


def test_a_published_version_is_frozen():
    published = load_set("rdx.yaml")
    assert published.is_published and published.published_at
    with pytest.raises(CriteriaSetFrozen):
        criteria_set_load(spec=read_criteria_file(CRITERIA_DIR / "rdx.yaml"))
    assert AuditEntry.objects.for_object(published).filter(action="criteria_set.publish").exists()


def test_admin_edits_drafts_but_not_published_sets(client):
    staff = StaffFactory()
    client.force_login(staff)
    draft = load_set("rdx.yaml", publish=False)
    question = Question.objects.filter(pillar__criteria_set=draft).first()
    url = reverse("admin:assessment_question_change", args=[question.pk])
    page = client.get(url).content.decode()
    assert 'name="text"' in page
    publish_with_demo_approvals(draft)
    page = client.get(url).content.decode()
    assert 'name="text"' not in page  # read-only view
    response = client.post(url, {"text": "Sửa sau khi công bố"})
    assert response.status_code == 403
    assert Question.objects.get(pk=question.pk).text == question.text
    set_page = client.get(reverse("admin:assessment_criteriaset_change", args=[draft.pk])).content.decode()
    assert 'name="title"' not in set_page


def test_review_refuses_an_inconsistent_draft():
    draft = load_set("rdx.yaml", publish=False)
    question = Question.objects.get(pillar__criteria_set=draft, code="loyalty")
    Option.objects.filter(question=question).update(points=0)
    with pytest.raises(ValidationError, match="loyalty"):
        criteria_set_review(criteria_set=draft, actor=StaffFactory())
    assert not CriteriaSet.objects.get(pk=draft.pk).is_published


def test_new_version_is_a_draft_copy_and_old_results_never_change(store, owner):
    v1 = load_set("rdx.yaml")
    first = submit_best(store, owner, v1)
    assert str(first.total_score) == "100.00"

    v2 = criteria_set_new_version(criteria_set=v1, actor=None, changes=["Máy bán hàng được tính nặng hơn"])
    assert v2.changes == ["Máy bán hàng được tính nặng hơn"]
    assert (v2.version, v2.status, v2.programme) == (2, "draft", "RDX")
    copied = structure_for(v2)
    assert len(copied.questions) == 24
    staff_question = copied.questions_by_code["staff-skills"]
    assert copied.options[staff_question.show_if_id].question_id == copied.questions_by_code["has-staff"].pk
    # the new version makes POS worth nothing (a silly change, to show it cannot touch old results)
    Option.objects.filter(question=copied.questions_by_code["pos"]).update(points=0)
    Option.objects.filter(question=copied.questions_by_code["pos"], code="pos").update(points=1)
    Question.objects.filter(pk=copied.questions_by_code["pos"].pk).update(weight=10)
    publish_with_demo_approvals(v2)
    assert CriteriaSet.objects.current("RDX") == CriteriaSet.objects.get(pk=v2.pk)

    first.refresh_from_db()
    assert (str(first.total_score), first.level, first.criteria_set_id) == ("100.00", "dot_pha", v1.pk)
    assert len(load_answers(first)) == 21

    second = submit_best(store, owner, CriteriaSet.objects.get(pk=v2.pk))
    assert second.criteria_set.version == 2 and second.pk != first.pk


def test_the_survey_home_names_each_programmes_latest_published_version(client):
    rdx = load_set("rdx.yaml")
    smedx = load_set("smedx.yaml")
    v2 = criteria_set_new_version(criteria_set=rdx, actor=None, changes=["Bản sửa"])
    v2 = publish_with_demo_approvals(v2)
    criteria_set_new_version(
        criteria_set=v2, actor=None, changes=["Bản nháp"]
    )  # a draft version 3 is not in force
    html = client.get(reverse("assessment:home")).content.decode()
    assert f"{v2.display_title} — phiên bản 2" in html
    assert f"{smedx.display_title} — phiên bản 1" in html
    assert "phiên bản 3" not in html and f"{rdx.display_title} — phiên bản 1" not in html
