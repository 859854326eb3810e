"""While a programme is in pilot only the pilot provinces have plans in force: another province drafts, sends
and is returned with comments, but its plan is not approved (service and page say why, with the date)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.models import Decision, PlanStatus
from programmes.services.plans import plan_approve, plan_return, plan_send, plan_start
from smedx_portal.phases import PhaseKind, ProgrammePhase
from smedx_portal.programmes import Programme
from tests.programmes.conftest import stores

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def other_plan(rdx_pilot, other_province, other_officer, template):
    stores(other_province, 4)
    plan = plan_start(actor=other_officer, province_id=other_province.pk, programme=Programme.RDX, year=YEAR)
    return plan_send(plan=plan, actor=other_officer, expected_version=plan.version)


def test_outside_pilot_plan_is_sent_and_returned_but_not_approved(other_plan, ministry):
    assert other_plan.status == PlanStatus.SENT
    with pytest.raises(ValidationError, match="đang thí điểm") as error:
        plan_approve(plan=other_plan, actor=ministry)
    assert "chưa được công bố" in error.value.messages[0]
    other_plan.refresh_from_db()
    assert other_plan.status == PlanStatus.SENT and not Decision.objects.exists()
    returned = plan_return(plan=other_plan, actor=ministry, comment="Chờ triển khai diện rộng")
    assert returned.status == PlanStatus.RETURNED


def test_refusal_names_the_rollout_date(other_plan, ministry):
    ProgrammePhase.objects.create(
        programme=Programme.RDX, kind=PhaseKind.NATIONAL, starts_on=datetime.date(2099, 1, 1)
    )
    with pytest.raises(ValidationError, match="01/01/2099"):
        plan_approve(plan=other_plan, actor=ministry)


def test_pilot_province_plan_approved(rdx_pilot, hcmc, hcmc_officer, ministry, template, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stores(hcmc, 4)
    plan = plan_start(actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.RDX, year=YEAR)
    plan = plan_send(plan=plan, actor=hcmc_officer, expected_version=plan.version)
    plan_approve(plan=plan, actor=ministry)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_page_explains_and_hides_approval(client, other_plan, ministry, other_officer):
    url = reverse("programmes:plan_detail", args=[other_plan.pk])
    client.force_login(ministry)
    body = client.get(url).content.decode()
    assert 'id="pilot-notice"' in body and "vẫn được soạn, gửi Bộ và góp ý" in body
    assert reverse("programmes:plan_approve", args=[other_plan.pk]) not in body
    assert reverse("programmes:plan_return", args=[other_plan.pk]) in body
    response = client.post(reverse("programmes:plan_approve", args=[other_plan.pk]), follow=True)
    assert "đang thí điểm" in response.content.decode()
    other_plan.refresh_from_db()
    assert other_plan.status == PlanStatus.SENT
    client.force_login(other_officer)
    assert 'id="pilot-notice"' in client.get(url).content.decode()
