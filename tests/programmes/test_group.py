"""The working group: decisions visible to members, public once published; ending the pilot on the pilot's
accepted final report; the year's classification from accepted figures."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.models import DecisionKind
from programmes.services.group import classification_publish, decision_publish, pilot_end
from programmes.services.reports import report_accept, report_create, report_submit, report_update
from smedx_portal.phases import PhaseKind, ProgrammePhase, province_may_run
from smedx_portal.programmes import Programme
from tests.programmes.conftest import OTHER

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def accepted(officer, ministry, province, period, year=None):
    report = report_create(
        actor=officer,
        province_id=province.pk,
        programme=Programme.RDX,
        year=year or TODAY.year,
        period=period,
    )
    report_update(report=report, actor=officer, narrative="Tổng kết")
    report_submit(report=report, actor=officer)
    return report_accept(report=report, actor=ministry)


def test_pilot_end_on_final_report(rdx_pilot, hcmc, hcmc_officer, ministry, moit, rdx_set):
    final = accepted(hcmc_officer, ministry, hcmc, "FINAL")
    rollout = TODAY + datetime.timedelta(days=30)
    decision = pilot_end(
        actor=moit,
        report=final,
        rollout_on=rollout,
        title="Kết thúc thí điểm RDX",
        summary="Rút gọn bộ câu hỏi",
        revised_criteria=rdx_set,
    )
    assert decision.kind == DecisionKind.PILOT_END and decision.revised_criteria == rdx_set
    rdx_pilot.refresh_from_db()
    assert rdx_pilot.ends_on == TODAY
    assert ProgrammePhase.objects.get(kind=PhaseKind.NATIONAL).starts_on == rollout
    assert not province_may_run(Programme.RDX, OTHER)
    assert province_may_run(Programme.RDX, OTHER, on=rollout)


def test_pilot_end_refuses_a_quarterly_report(rdx_pilot, hcmc, hcmc_officer, ministry):
    quarterly = accepted(hcmc_officer, ministry, hcmc, "Q1")
    with pytest.raises(ValidationError):
        pilot_end(actor=ministry, report=quarterly, rollout_on=TODAY, title="x", summary="y")


def test_non_member_cannot_decide(rdx_pilot, hcmc, hcmc_officer, ministry):
    from tests.factories import UserFactory

    final = accepted(hcmc_officer, ministry, hcmc, "FINAL")
    with pytest.raises(PermissionDenied):
        pilot_end(
            actor=UserFactory(role="moit_staff"), report=final, rollout_on=TODAY, title="x", summary="y"
        )


def test_classification_from_accepted_figures(hcmc, hcmc_officer, ministry, client):
    accepted(hcmc_officer, ministry, hcmc, "FINAL", year=2025)
    decision = classification_publish(actor=ministry, programme=Programme.RDX, year=2025)
    rows = decision.data["rows"]
    assert rows[0]["province_id"] == hcmc.pk and rows[0]["rank"] == 1 and rows[0]["group"] == "A"
    assert all(row["score"] is None for row in rows[1:])
    with pytest.raises(ValidationError):
        classification_publish(actor=ministry, programme=Programme.RDX, year=2025)
    assert hcmc.name in client.get(reverse("programmes:decision_detail", args=[decision.pk])).content.decode()


def test_unpublished_decisions_for_members_only(rdx_pilot, hcmc, hcmc_officer, ministry, client):
    final = accepted(hcmc_officer, ministry, hcmc, "FINAL")
    decision = pilot_end(
        actor=ministry, report=final, rollout_on=TODAY, title="Kết thúc thí điểm RDX", summary="y"
    )
    url = reverse("programmes:decision_detail", args=[decision.pk])
    assert client.get(url).status_code == 404
    client.force_login(ministry)
    assert client.get(url).status_code == 200
    decision_publish(decision=decision, actor=ministry)
    client.logout()
    assert "Kết thúc thí điểm RDX" in client.get(reverse("programmes:decision_list")).content.decode()


def test_criteria_approvals_listed_beside_decisions(rdx_set, ministry, client):
    """Approving a criteria version is the criteria app's approval record (one row there), shown on the
    decisions page: to members for their programmes, to everyone once the version is published."""
    approvals = rdx_set.approvals.count()
    assert approvals  # the bundled sets come with their approvals
    client.force_login(ministry)
    member_page = client.get(reverse("programmes:decision_list")).content.decode()
    assert member_page.count('class="card criteria-approval"') == approvals
    client.logout()
    public = client.get(reverse("programmes:decision_list")).content.decode()
    published = rdx_set.status in ("published", "retired")
    assert public.count('class="card criteria-approval"') == (approvals if published else 0)
