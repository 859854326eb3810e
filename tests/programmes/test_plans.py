"""Province plans: started from the template with the province's own counts, validated (field named),
version-checked, sent, returned with comments, approved by the working group with a decision, revised with
history; permissions by role, department and programme."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from businesses.models import Ward
from programmes.models import Decision, DecisionKind, PlanStatus
from programmes.services.plans import (
    PlanConflict,
    PlanInput,
    plan_approve,
    plan_reopen,
    plan_return,
    plan_send,
    plan_start,
    plan_update,
)
from smedx_portal.programmes import Programme
from tests.programmes.conftest import stores

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def plan(hcmc, hcmc_officer, template):
    stores(hcmc, 10)
    return plan_start(actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.RDX, year=YEAR)


def _input(plan, **changes) -> PlanInput:
    figures = {
        name: getattr(plan, name)
        for name in (
            "survey_total",
            "people_to_reach",
            "businesses_to_try",
            "trainings",
            "workshops",
            "local_experts",
        )
    }
    figures.update(changes.pop("figures", {}))
    targets = changes.pop(
        "targets",
        {(ward, kind): value for ward, kind, value in plan.targets.values_list("ward_id", "kind", "target")},
    )
    return PlanInput(
        figures=figures, targets=targets, milestones=changes.pop("milestones", []), resources="2 cán bộ"
    )


def test_started_from_template_with_province_counts(plan, hcmc):
    ward = hcmc.wards.order_by("code").first()
    assert list(plan.targets.values_list("ward_id", "kind", "target")) == [(ward.pk, "retail_store", 5)]
    assert (plan.survey_total, plan.people_to_reach, plan.businesses_to_try) == (5, 10, 1)
    assert (plan.trainings, plan.workshops, plan.local_experts) == (3, 2, 2)
    assert [(m.due_on.month, m.surveyed) for m in plan.milestones.all()] == [(6, 3), (12, 5)]
    assert plan.revisions.get().action == "start"


def test_start_again_returns_the_same_plan(plan, hcmc_officer, hcmc):
    assert plan_start(actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.RDX, year=YEAR) == plan


def test_negative_target_refused_with_field_named(plan, hcmc_officer):
    with pytest.raises(ValidationError) as error:
        plan_update(
            plan=plan,
            actor=hcmc_officer,
            expected_version=plan.version,
            data=_input(plan, figures={"trainings": -1}),
        )
    assert "trainings" in error.value.error_dict


def test_ward_outside_province_refused(plan, hcmc_officer, other_province):
    outside = Ward.objects.filter(province=other_province).first()
    data = _input(plan, targets={(outside.pk, "retail_store"): 5})
    with pytest.raises(ValidationError) as error:
        plan_update(plan=plan, actor=hcmc_officer, expected_version=plan.version, data=data)
    assert f"target-{outside.pk}-retail_store" in error.value.error_dict


def test_figures_must_add_up(plan, hcmc_officer):
    with pytest.raises(ValidationError) as error:
        plan_update(
            plan=plan,
            actor=hcmc_officer,
            expected_version=plan.version,
            data=_input(plan, figures={"survey_total": 9}),
        )
    assert "survey_total" in error.value.error_dict
    assert "(5)" in error.value.error_dict["survey_total"][0].messages[0]


def test_concurrent_edit_refused(plan, hcmc_officer, hcmc):
    plan_update(plan=plan, actor=hcmc_officer, expected_version=plan.version, data=_input(plan))
    with pytest.raises(PlanConflict):
        plan_update(plan=plan, actor=hcmc_officer, expected_version=plan.version, data=_input(plan))


def test_send_return_approve_with_decision(
    plan, hcmc_officer, ministry, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    plan = plan_send(plan=plan, actor=hcmc_officer, expected_version=plan.version)
    with pytest.raises(ValidationError):
        plan_return(plan=plan, actor=ministry, comment="  ")
    plan = plan_return(plan=plan, actor=ministry, comment="Tăng chỉ tiêu phường Bến Thành")
    assert plan.status == PlanStatus.RETURNED
    plan = plan_update(plan=plan, actor=hcmc_officer, expected_version=plan.version, data=_input(plan))
    plan = plan_send(plan=plan, actor=hcmc_officer, expected_version=plan.version)
    with django_capture_on_commit_callbacks(execute=True):
        decision = plan_approve(plan=plan, actor=ministry, comment="Đồng ý")
    plan.refresh_from_db()
    decision.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert decision.kind == DecisionKind.PLAN_APPROVAL and decision.decided_by == ministry
    assert decision.document.read().startswith(b"%PDF")
    assert [r.action for r in plan.revisions.order_by("at", "id")] == [
        "start",
        "send",
        "return",
        "edit",
        "send",
        "approve",
    ]


def test_officer_cannot_approve_own_plan(plan, hcmc_officer):
    plan = plan_send(plan=plan, actor=hcmc_officer, expected_version=plan.version)
    with pytest.raises(PermissionDenied):
        plan_approve(plan=plan, actor=hcmc_officer)


def test_approval_needs_a_working_group_member(plan, hcmc_officer):
    from tests.factories import UserFactory

    plan = plan_send(plan=plan, actor=hcmc_officer, expected_version=plan.version)
    with pytest.raises(PermissionDenied):
        plan_approve(plan=plan, actor=UserFactory(role="ministry_staff"))


def test_moit_reviews_rdx_but_not_smedx(plan, hcmc_officer, moit, hcmc):
    plan = plan_send(plan=plan, actor=hcmc_officer, expected_version=plan.version)
    plan_approve(plan=plan, actor=moit)
    smedx = plan_start(actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.SMEDX, year=YEAR)
    with pytest.raises(PermissionDenied):
        plan_return(plan=smedx, actor=moit, comment="x")


def test_industry_trade_officer_runs_rdx_only(hcmc_trade_officer, hcmc, template):
    plan_start(actor=hcmc_trade_officer, province_id=hcmc.pk, programme=Programme.RDX, year=YEAR)
    with pytest.raises(PermissionDenied):
        plan_start(actor=hcmc_trade_officer, province_id=hcmc.pk, programme=Programme.SMEDX, year=YEAR)


def test_reopen_keeps_the_approved_version(plan, hcmc_officer, ministry, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = plan_send(plan=plan, actor=hcmc_officer, expected_version=plan.version)
    plan_approve(plan=plan, actor=ministry)
    plan = plan_reopen(plan=plan, actor=hcmc_officer, reason="Điều chỉnh sau thí điểm")
    assert plan.status == PlanStatus.DRAFT
    approved = plan.revisions.get(action="approve")
    assert approved.snapshot["survey_total"] == 5 and approved.status == PlanStatus.APPROVED
    assert Decision.objects.filter(plan=plan).count() == 1


def test_edit_page_keeps_input_and_names_field(client, plan, hcmc_officer):
    client.force_login(hcmc_officer)
    ward, kind, _target = plan.targets.values_list("ward_id", "kind", "target").get()
    response = client.post(
        reverse("programmes:plan_edit", args=[plan.pk]),
        {
            "version": plan.version,
            "survey_total": "7",
            "trainings": "-2",
            f"target-{ward}-{kind}": "6",
            "resources": "Giữ nguyên",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Chỉ tiêu không được nhỏ hơn 0." in body and 'value="-2"' in body and "Giữ nguyên" in body
    plan.refresh_from_db()
    assert plan.trainings == 3


def test_edit_page_conflict_keeps_input(client, plan, hcmc_officer):
    client.force_login(hcmc_officer)
    ward, kind, _target = plan.targets.values_list("ward_id", "kind", "target").get()
    response = client.post(
        reverse("programmes:plan_edit", args=[plan.pk]),
        {"version": plan.version - 1 or 99, "survey_total": "6", f"target-{ward}-{kind}": "6"},
    )
    assert response.status_code == 400
    assert "vừa được" in response.content.decode() and 'value="6"' in response.content.decode()


def test_pdf(client, plan, hcmc_officer):
    client.force_login(hcmc_officer)
    response = client.get(reverse("programmes:plan_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
