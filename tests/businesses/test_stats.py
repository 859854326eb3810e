import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from businesses.models import BusinessResult, PillarStat, Province, ProvinceStat, SubmissionStat, WardStat
from businesses.stats import (
    BusinessFacts,
    business_record_assessment,
    stats_apply,
    stats_rebuild,
    stats_recount,
    stats_statements,
)
from smedx_portal.programmes import Programme
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db
WHEN = timezone.make_aware(datetime.datetime(2026, 10, 15, 9, 30))


def counted_business(**kwargs):
    business = BusinessFactory(**kwargs)
    stats_apply(before=None, after=BusinessFacts.of(business))
    return business


def province_total(code, **filters):
    return sum(ProvinceStat.objects.filter(province_id=code, **filters).values_list("businesses", flat=True))


def test_new_businesses_are_counted_per_province_kind_and_ward():
    hanoi, hcm = Province.objects.get(code=1), Province.objects.get(code=79)
    counted_business(province=hanoi, kind="retail_store")
    counted_business(province=hanoi, kind="household")
    counted_business(province=hcm, kind="retail_store")
    assert province_total(1) == 2
    assert province_total(1, kind="household") == 1
    assert province_total(79) == 1
    ward = hanoi.wards.order_by("code").first()
    assert WardStat.objects.get(ward_code=ward.code, kind="household").businesses == 1
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}


def test_recording_a_survey_moves_the_business_to_its_level_and_sums_scores():
    business = counted_business()
    other = counted_business()
    business_record_assessment(
        business=business,
        programme=Programme.RDX,
        level="tang_truong",
        score=Decimal("55.50"),
        pillar_scores={"rdx-operations": Decimal("70"), "rdx-technology-data": Decimal("41")},
        submitted_at=WHEN,
    )
    business_record_assessment(
        business=other,
        programme=Programme.RDX,
        level="tang_truong",
        score=Decimal("60.00"),
        pillar_scores={"rdx-operations": Decimal("50")},
        submitted_at=WHEN,
    )
    result = business.result_for(Programme.RDX)
    assert (result.level, result.score) == ("tang_truong", Decimal("55.50"))
    assert business.result_for(Programme.SMEDX) is None
    row = ProvinceStat.objects.get(province_id=1, programme=Programme.RDX, level="tang_truong")
    assert (row.businesses, row.score_sum) == (2, Decimal("115.50"))
    assert province_total(1, level="") == 0
    pillar = PillarStat.objects.get(province_id=1, programme=Programme.RDX, pillar="rdx-operations")
    assert (pillar.businesses, pillar.score_sum) == (2, Decimal("120"))
    assert (
        SubmissionStat.objects.get(
            month=datetime.date(2026, 10, 1), province_id=1, programme=Programme.RDX, level="tang_truong"
        ).submissions
        == 2
    )
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}


def test_a_second_survey_replaces_the_first_in_the_counts():
    business = counted_business()
    for level, score in (("san_sang", "20"), ("dot_pha", "90")):
        business_record_assessment(
            business=business,
            programme=Programme.RDX,
            level=level,
            score=Decimal(score),
            pillar_scores={"rdx-operations": Decimal(score)},
            submitted_at=WHEN,
        )
    assert province_total(1, level="san_sang") == 0
    assert province_total(1, level="dot_pha") == 1
    assert PillarStat.objects.get(pillar="rdx-operations").score_sum == Decimal("90")
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}


def test_moving_a_business_to_another_province_moves_its_count():
    business = counted_business()
    before = BusinessFacts.of(business)
    business.province = Province.objects.get(code=48)
    business.ward = business.province.wards.first()
    business.save()
    stats_apply(before=before, after=BusinessFacts.of(business))
    assert (province_total(1), province_total(48)) == (0, 1)
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}


def test_recount_finds_drift_and_rebuild_repairs_it():
    counted_business()
    BusinessFactory()  # created behind the services' back: not counted
    assert stats_recount()["province"] == 1
    with pytest.raises(CommandError, match="differ"):
        call_command("check_business_stats")
    call_command("check_business_stats", "--fix")
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}
    assert province_total(1) == 2


def test_rebuild_on_empty_data_leaves_empty_tables():
    stats_rebuild()
    assert not ProvinceStat.objects.exists()
    assert not WardStat.objects.exists()


def test_a_new_score_at_the_same_level_moves_only_the_score_in_one_statement_per_table():
    business = counted_business()
    for score in ("40.00", "45.50"):
        business_record_assessment(
            business=business,
            programme=Programme.RDX,
            level="san_sang",
            score=Decimal(score),
            pillar_scores={"rdx-operations": Decimal(score)},
            submitted_at=WHEN,
        )
    before = BusinessFacts.of(business)
    assert stats_statements(before=before, after=before) == []
    (standing,) = before.programmes
    rescored = dataclasses.replace(
        before, programmes=(dataclasses.replace(standing, score=Decimal("50.00")),)
    )
    statements = stats_statements(before=before, after=rescored)
    assert len(statements) == 2  # province and ward cells; the pillar scores did not change
    assert all(statement.sql.count("ON CONFLICT") == 1 for statement in statements)
    cell = ProvinceStat.objects.get(province_id=1, level="san_sang")
    assert (cell.businesses, cell.score_sum) == (1, Decimal("45.50"))
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}


def test_each_programme_counts_only_its_own_result():
    """SMEdx 100 then RDX 4.94: the business is đột phá in SMEdx's cells and sẵn sàng in RDX's, once in each."""
    business = counted_business(in_smedx=True, in_rdx=True)
    assert province_total(1, programme=Programme.SMEDX, level="") == 1
    assert province_total(1, programme=Programme.RDX, level="") == 1
    for programme, level, score in ((Programme.SMEDX, "dot_pha", "100"), (Programme.RDX, "san_sang", "4.94")):
        business_record_assessment(
            business=business,
            programme=programme,
            level=level,
            score=Decimal(score),
            pillar_scores={f"{programme.lower()}-p": Decimal(score)},
            submitted_at=WHEN,
        )
    assert province_total(1, programme=Programme.SMEDX) == 1
    assert province_total(1, programme=Programme.SMEDX, level="dot_pha") == 1
    assert province_total(1, programme=Programme.RDX, level="san_sang") == 1
    assert province_total(1, programme=Programme.RDX, level="dot_pha") == 0
    assert ProvinceStat.objects.get(programme=Programme.RDX, level="san_sang").score_sum == Decimal("4.94")
    assert set(BusinessResult.objects.values_list("programme", "level")) == {
        (Programme.SMEDX, "dot_pha"),
        (Programme.RDX, "san_sang"),
    }
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}


def test_recount_finds_a_result_counted_under_the_wrong_programme():
    business = counted_business(in_smedx=True, in_rdx=False)
    business_record_assessment(
        business=business,
        programme=Programme.SMEDX,
        level="dot_pha",
        score=Decimal("90"),
        pillar_scores={},
        submitted_at=WHEN,
    )
    BusinessResult.objects.filter(business=business).update(programme=Programme.RDX)
    differences = stats_recount()
    assert differences["province"] > 0 and differences["ward"] > 0
    stats_rebuild()
    assert province_total(1, programme=Programme.RDX, level="dot_pha") == 1
    assert province_total(1, programme=Programme.SMEDX, level="") == 1
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}
