"""The lifecycle of a criteria set: draft → reviewed → approved (SMEdx: the ministry; RDX: the ministry *and*
the Ministry of Industry and Trade, each once) → published → retired; frozen once approved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment.models import CriteriaApproval, CriteriaSet, CriteriaSetStatus
from assessment.services.criteria_sets import (
    CriteriaSetFrozen,
    criteria_set_approve,
    criteria_set_delete,
    criteria_set_load,
    criteria_set_publish,
    criteria_set_retire,
    criteria_set_review,
)
from smedx_portal.models import AuditEntry
from tests.assessment.conftest import load_set
from tests.factories import ProvinceOfficerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moit():
    return UserFactory(role="moit_staff")


@pytest.fixture
def rdx_draft():
    return load_set("rdx-stores-1459.yaml", publish=False)


def test_rdx_needs_both_ministries_before_it_can_be_published(rdx_draft, moit):
    ministry = StaffFactory()
    with pytest.raises(ValidationError, match="đã rà soát"):
        criteria_set_approve(criteria_set=rdx_draft, actor=ministry)
    reviewed = criteria_set_review(criteria_set=rdx_draft, actor=ministry)
    criteria_set_approve(criteria_set=reviewed, actor=ministry, document="Biên bản họp tổ công tác số 1")
    assert CriteriaSet.objects.get(pk=rdx_draft.pk).status == CriteriaSetStatus.REVIEWED
    with pytest.raises(ValidationError, match="Bộ Công Thương"):
        criteria_set_publish(criteria_set=rdx_draft, actor=ministry)
    criteria_set_approve(criteria_set=rdx_draft, actor=moit, note="Đồng ý")
    assert CriteriaSet.objects.get(pk=rdx_draft.pk).status == CriteriaSetStatus.APPROVED
    published = criteria_set_publish(criteria_set=rdx_draft, actor=ministry)
    assert published.is_published and CriteriaSet.objects.current("RDX") == published
    approvals = {
        (a.ministry, a.approved_by_id) for a in CriteriaApproval.objects.filter(criteria_set=published)
    }
    assert approvals == {("most", ministry.pk), ("moit", moit.pk)}
    actions = set(AuditEntry.objects.for_object(published).values_list("action", flat=True))
    assert {"criteria_set.review", "criteria_set.approve", "criteria_set.publish"} <= actions


def test_same_person_twice_same_ministry_twice_or_wrong_ministry_is_refused(rdx_draft, moit):
    ministry = StaffFactory()
    criteria_set_review(criteria_set=rdx_draft, actor=ministry)
    criteria_set_approve(criteria_set=rdx_draft, actor=ministry)
    with pytest.raises(ValidationError, match="mỗi người chỉ phê duyệt một lần"):
        criteria_set_approve(criteria_set=rdx_draft, actor=ministry)
    with pytest.raises(ValidationError, match="Bộ Khoa học và Công nghệ đã phê duyệt"):
        criteria_set_approve(criteria_set=rdx_draft, actor=StaffFactory())
    smedx = load_set("smedx-1567-2025.yaml", publish=False)
    criteria_set_review(criteria_set=smedx, actor=ministry)
    with pytest.raises(ValidationError, match="không cần phê duyệt của Bộ Công Thương"):
        criteria_set_approve(criteria_set=smedx, actor=moit)
    with pytest.raises(PermissionDenied):
        criteria_set_approve(criteria_set=smedx, actor=ProvinceOfficerFactory())
    assert CriteriaApproval.objects.count() == 1


def test_published_and_approved_versions_cannot_be_edited_or_deleted(rdx_draft):
    published = load_set("smedx-1567-2025.yaml")
    from assessment.criteria_files import CRITERIA_DIR, read_criteria_file

    with pytest.raises(CriteriaSetFrozen):
        criteria_set_load(spec=read_criteria_file(CRITERIA_DIR / "smedx-1567-2025.yaml"))
    with pytest.raises(CriteriaSetFrozen):
        criteria_set_delete(criteria_set=published, actor=StaffFactory())
    assert CriteriaSet.objects.filter(pk=published.pk).exists()
    criteria_set_delete(criteria_set=rdx_draft, actor=StaffFactory())  # a draft may go
    assert not CriteriaSet.objects.filter(pk=rdx_draft.pk).exists()


def test_admin_refuses_to_edit_or_delete_a_published_set(client):
    published = load_set("smedx-1567-2025.yaml")
    client.force_login(StaffFactory())
    response = client.post(f"/admin/assessment/criteriaset/{published.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = client.post(f"/admin/assessment/criteriaset/{published.pk}/change/", {"title": "Sửa"})
    assert response.status_code == 403
    assert CriteriaSet.objects.get(pk=published.pk).title == published.title


def test_retiring_needs_a_reason_and_keeps_the_set(rdx_draft):
    published = load_set("rdx.yaml")
    with pytest.raises(ValidationError):
        criteria_set_retire(criteria_set=published, actor=None, reason=" ")
    retired = criteria_set_retire(criteria_set=published, actor=None, reason="Thay bằng phiên bản 2")
    assert retired.status == CriteriaSetStatus.RETIRED and retired.is_frozen
    assert CriteriaSet.objects.current("RDX") is None


def test_answers_against_a_retired_version_are_kept_and_scored_under_it(store, owner):
    from assessment.models import Answer
    from assessment.services import assessment_start, assessment_submit
    from assessment.structure import structure_for
    from tests.assessment.conftest import RDX_BEST
    from tests.assessment.test_scoring import answers_from

    v1 = load_set("rdx.yaml")
    draft = assessment_start(business=store, programme="RDX", actor=owner)
    Answer.objects.bulk_create(
        Answer(assessment=draft, question_id=qid, option_ids=list(v.option_ids), number_value=v.number)
        for qid, v in answers_from(structure_for(v1), RDX_BEST).items()
    )
    criteria_set_retire(criteria_set=v1, actor=None, reason="Thay bằng bộ cửa hàng")
    v2 = load_set("rdx-stores-1459.yaml")
    assert CriteriaSet.objects.current("RDX") == v2
    again = assessment_start(business=store, programme="RDX", actor=owner)
    assert again.pk == draft.pk  # the draft under way keeps its version
    submitted = assessment_submit(assessment_id=draft.pk, actor=owner)
    assert (submitted.criteria_set_id, str(submitted.total_score), submitted.level) == (
        v1.pk,
        "100.00",
        "dot_pha",
    )
    assert Answer.objects.filter(assessment=draft).count() == 21
