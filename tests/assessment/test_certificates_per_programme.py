"""A business surveyed on SMEdx (100) and then on RDX (4.94) holds one certificate per programme, each naming
its programme and stating that programme's own result (đột phá for SMEdx, sẵn sàng for RDX); the honours'
"strongest progress" compares a programme's own results only (never the other programme's, nor a legacy
version taken to compare)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment.models import Assessment, AssessmentStatus
from assessment.services import assessment_verify
from campaigns.services.honours import strongest_progress
from smedx_portal.certificates import certificates_for
from smedx_portal.programmes import Programme
from tests.assessment.conftest import load_set
from tests.factories import BusinessFactory, StaffFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _result(business, criteria_set, level: str, score: str, *, days_ago: int = 0) -> Assessment:
    return Assessment.objects.create(
        business=business,
        criteria_set=criteria_set,
        programme=criteria_set.programme,
        status=AssessmentStatus.SUBMITTED,
        level=level,
        total_score=Decimal(score),
        pillar_scores={},
        submitted_at=NOW - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def sets(db):
    return {"smedx": load_set("smedx.yaml"), "rdx": load_set("rdx.yaml")}


@pytest.fixture
def both(sets):
    business = BusinessFactory(
        name="Hộ kinh doanh Hai Chương Trình", kind="household", in_smedx=True, in_rdx=True
    )
    smedx = _result(business, sets["smedx"], "dot_pha", "100", days_ago=1)
    rdx = _result(business, sets["rdx"], "san_sang", "4.94")
    return business, smedx, rdx


def test_each_programme_has_its_own_certificate_from_its_own_result(both):
    _business, smedx, rdx = both
    staff = StaffFactory()
    assessment_verify(assessment=smedx, actor=staff, status="verified")
    assessment_verify(assessment=rdx, actor=staff, status="verified")
    (smedx_certificate,) = certificates_for(smedx)
    (rdx_certificate,) = certificates_for(rdx)
    assert (
        smedx_certificate.title == "Chương trình SMEdx — đạt mức độ chuyển đổi số: Đột phá (100,00/100 điểm)"
    )
    assert rdx_certificate.title == "Chương trình RDX — đạt mức độ chuyển đổi số: Sẵn sàng (4,94/100 điểm)"
    assert smedx_certificate.scope.startswith("Trình độ năng lực số tiên tiến. Theo SMEdx ·")
    assert rdx_certificate.scope.startswith("Xây dựng năng lực số cơ bản. Theo RDX ·")
    assert "bộ tiêu chí thử nghiệm của cổng" in rdx_certificate.scope  # the retired trial set says so
    # confirming the RDX result again issues nothing more and leaves the SMEdx certificate as it was
    assessment_verify(assessment=rdx, actor=staff, status="verified")
    assert certificates_for(rdx).count() == 1 and certificates_for(smedx).count() == 1


def test_honours_measure_progress_within_each_programme(both, sets):
    business, _smedx, _rdx = both
    _result(business, sets["smedx"], "san_sang", "40", days_ago=30)
    _result(business, sets["rdx"], "san_sang", "2", days_ago=30)
    legacy = load_set("smedx-dbi-2021.yaml")
    assert legacy.is_legacy
    _result(business, legacy, "san_sang", "10", days_ago=20)  # a DBI comparison: not the SMEdx baseline
    start, end = NOW - datetime.timedelta(days=10), NOW + datetime.timedelta(days=1)
    [(smedx_id, smedx_gain, smedx_details)] = strongest_progress(
        programme=Programme.SMEDX, start=start, end=end
    )
    [(rdx_id, rdx_gain, rdx_details)] = strongest_progress(programme=Programme.RDX, start=start, end=end)
    assert smedx_id == rdx_id == business.pk
    assert (smedx_gain, smedx_details["from_level"], smedx_details["to_level"]) == (
        Decimal("60.00"),
        "san_sang",
        "dot_pha",
    )
    assert (rdx_gain, rdx_details["from_level"], rdx_details["to_level"]) == (
        Decimal("2.94"),
        "san_sang",
        "san_sang",
    )
