"""Setup shared by the programme-management journeys (tests/e2e/test_programmes.py, test_programmes_staff.py):
reference data and a media folder per test, the people who plan and review, the HCMC pilot and the RDX template
plan (the 360 px `phone` page is in tests/e2e/conftest.py). A test module takes them with

    from tests.e2e.programmes_setup import YEAR, people, pilot, programmes_reference, template  # noqa: F401

    pytestmark = [..., pytest.mark.usefixtures("programmes_reference")]
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from businesses.models import Province
from programmes.models import Ministry, PlanTemplate
from smedx_portal.phases import ProgrammePhase
from smedx_portal.programmes import Programme
from tests.factories import UserFactory
from tests.platforms.factories import ensure_reference_data
from tests.programmes.conftest import HCMC, OTHER, member, officer

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
YEAR = timezone.localdate().year


@pytest.fixture
def programmes_reference(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_reference_data()


def people() -> dict:
    hcmc, other = Province.objects.get(code=HCMC), Province.objects.get(code=OTHER)
    return {
        "hcmc": hcmc,
        "other": other,
        "officer": officer(hcmc, email="so@hcm.example"),
        "other_officer": officer(other),
        "ministry": member(UserFactory(role="ministry_staff", email="bo@most.example"), Ministry.SCIENCE),
        "moit": member(UserFactory(role="moit_staff", email="bct@moit.example"), Ministry.INDUSTRY_TRADE),
    }


def pilot() -> ProgrammePhase:
    return ProgrammePhase.objects.create(
        programme=Programme.RDX, kind="pilot", starts_on=datetime.date(2024, 9, 1), province_codes=[HCMC]
    )


def template() -> PlanTemplate:
    """This year's published RDX template plan: 50 % surveyed, 20 % trying, half by month 6."""
    return PlanTemplate.objects.create(
        programme=Programme.RDX, year=YEAR, title="Kế hoạch mẫu RDX", survey_share=50, try_share=20,
        milestones=[[6, 50], [12, 100]], published_at=timezone.now(),
    )  # fmt: skip
