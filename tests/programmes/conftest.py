"""Fixtures: HCMC (the RDX pilot) and another province, officers of both departments, ministry and MoIT staff
(working-group members), a published template plan."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Department, Role
from businesses.models import Province
from businesses.stats import stats_rebuild
from programmes.models import Ministry, PlanTemplate, WorkingGroupMember
from smedx_portal.phases import PhaseKind, ProgrammePhase
from smedx_portal.programmes import Programme
from tests.assessment.conftest import load_set
from tests.factories import BusinessFactory, UserFactory

HCMC = 79
OTHER = 1


@pytest.fixture
def hcmc(db):
    return Province.objects.get(code=HCMC)


@pytest.fixture
def other_province(db):
    return Province.objects.get(code=OTHER)


def officer(province, department=Department.SCIENCE, **extra):
    return UserFactory(role=Role.PROVINCE_OFFICER, province=province, department=department, **extra)


@pytest.fixture
def hcmc_officer(hcmc):
    return officer(hcmc, email="so-khcn@hcm.example")


@pytest.fixture
def hcmc_trade_officer(hcmc):
    return officer(hcmc, Department.INDUSTRY_TRADE)


@pytest.fixture
def other_officer(other_province):
    return officer(other_province)


def member(user, ministry):
    WorkingGroupMember.objects.create(user=user, ministry=ministry, joined_on=datetime.date(2024, 1, 1))
    return user


@pytest.fixture
def ministry(db):
    return member(UserFactory(role=Role.MINISTRY_STAFF, email="bo@most.example"), Ministry.SCIENCE)


@pytest.fixture
def moit(db):
    return member(UserFactory(role=Role.MOIT_STAFF, email="bct@moit.example"), Ministry.INDUSTRY_TRADE)


@pytest.fixture
def business_user(db):
    return UserFactory()


@pytest.fixture
def template(db):
    return PlanTemplate.objects.create(
        programme=Programme.RDX,
        year=timezone.localdate().year,
        title="Kế hoạch mẫu RDX",
        survey_share=Decimal("50"),
        try_share=Decimal("20"),
        reach_per_business=Decimal("2"),
        businesses_per_training=2,
        workshops=2,
        businesses_per_expert=4,
        milestones=[[6, 50], [12, 100]],
        published_at=timezone.now(),
    )


def stores(province, count: int, *, ward=None, surveyed: int = 0, **extra):
    """`count` RDX stores in a ward of the province, the first `surveyed` of them surveyed; stats rebuilt."""
    ward = ward or province.wards.order_by("code").first()
    made = [
        BusinessFactory(
            province=province,
            ward=ward,
            result={"level": "san_sang"} if index < surveyed else None,
            **extra,
        )
        for index in range(count)
    ]
    stats_rebuild()
    return made


@pytest.fixture
def rdx_set(db):
    return load_set("rdx.yaml")


@pytest.fixture
def rdx_pilot(hcmc):
    return ProgrammePhase.objects.create(
        programme=Programme.RDX,
        kind=PhaseKind.PILOT,
        starts_on=datetime.date(2024, 9, 1),
        province_codes=[HCMC],
    )
