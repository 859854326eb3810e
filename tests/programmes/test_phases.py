"""The pilot gate: only pilot provinces run enumerator surveys and province SMS campaigns; others see the
phase and the date; self-assessment stays open everywhere."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment.services import PhaseClosed, assessment_start
from campaigns.segments import Segment
from campaigns.services.campaigns import campaign_create
from smedx_portal.phases import PhaseKind, ProgrammePhase, phase_state, province_may_run
from smedx_portal.programmes import Programme
from tests.factories import BusinessFactory, MembershipFactory
from tests.programmes.conftest import HCMC, OTHER

pytestmark = pytest.mark.django_db


def test_no_phase_means_open_everywhere(hcmc):
    assert province_may_run(Programme.RDX, OTHER)


def test_pilot_limits_to_pilot_provinces(rdx_pilot):
    assert province_may_run(Programme.RDX, HCMC)
    assert not province_may_run(Programme.RDX, OTHER)
    assert province_may_run(Programme.SMEDX, OTHER)  # SMEdx has no phase


def test_other_provinces_see_the_date(rdx_pilot):
    ProgrammePhase.objects.create(
        programme=Programme.RDX, kind=PhaseKind.NATIONAL, starts_on=datetime.date(2099, 1, 1)
    )
    state = phase_state(Programme.RDX, OTHER)
    assert state.in_pilot and not state.allowed
    assert "01/01/2099" in state.closed_message()
    assert province_may_run(Programme.RDX, OTHER, on=datetime.date(2099, 1, 1))


def test_enumerator_survey_refused_outside_pilot(
    rdx_set, rdx_pilot, other_officer, hcmc_officer, hcmc, other_province
):
    with pytest.raises(PhaseClosed):
        assessment_start(
            business=BusinessFactory(province=other_province), programme=Programme.RDX, actor=other_officer
        )
    draft = assessment_start(
        business=BusinessFactory(province=hcmc), programme=Programme.RDX, actor=hcmc_officer
    )
    assert draft.channel == "enumerator"


def test_self_assessment_open_everywhere(rdx_set, rdx_pilot, other_province):
    membership = MembershipFactory(business=BusinessFactory(province=other_province))
    draft = assessment_start(business=membership.business, programme=Programme.RDX, actor=membership.user)
    assert draft.channel == "self"


def test_enumerator_page_says_not_yet(rdx_set, client, rdx_pilot, other_officer, other_province):
    business = BusinessFactory(province=other_province)
    client.force_login(other_officer)
    page = client.get(reverse("assessment:enumerator"))
    assert "Chưa triển khai tại tỉnh/thành phố của bạn" in page.content.decode()
    response = client.post(reverse("assessment:start"), {"business": business.pk, "programme": Programme.RDX})
    assert response.status_code == 302 and response.url == reverse("assessment:enumerator")
    assert not business.assessments.exists()


def test_province_sms_campaign_refused_outside_pilot(rdx_pilot, other_officer, hcmc_officer):
    with pytest.raises(ValidationError, match="Chưa triển khai"):
        campaign_create(
            actor=other_officer,
            title="Mời khảo sát",
            kind="info",
            text="Mời tham gia",
            strip_accents=False,
            segment=Segment(programme=Programme.RDX),
        )
    campaign = campaign_create(
        actor=hcmc_officer,
        title="Mời khảo sát",
        kind="info",
        text="Mời tham gia",
        strip_accents=False,
        segment=Segment(programme=Programme.RDX),
    )
    assert campaign.province_id == HCMC
