import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from businesses.models import PillarStat, Province, ProvinceStat, SubmissionStat, WardStat
from businesses.stats import (
    BusinessFacts,
    business_record_assessment,
    stats_apply,
    stats_rebuild,
    stats_recount,
    stats_statements,
)
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
        level="tang_truong",
        score=Decimal("55.50"),
        pillar_scores={"rdx-operations": Decimal("70"), "rdx-technology-data": Decimal("41")},
        submitted_at=WHEN,
    )
    business_record_assessment(
        business=other, level="tang_truong", score=Decimal("60.00"), pillar_scores={"rdx-operations": Decimal("50")},
        submitted_at=WHEN,
    )
    business.refresh_from_db()
    assert (business.latest_level, business.latest_score) == ("tang_truong", Decimal("55.50"))
    row = ProvinceStat.objects.get(province_id=1, level="tang_truong")
    assert (row.businesses, row.score_sum) == (2, Decimal("115.50"))
    assert province_total(1, level="") == 0
    pillar = PillarStat.objects.get(province_id=1, pillar="rdx-operations")
    assert (pillar.businesses, pillar.score_sum) == (2, Decimal("120"))
    assert SubmissionStat.objects.get(month=datetime.date(2026, 10, 1), province_id=1, level="tang_truong").submissions == 2
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}


def test_a_second_survey_replaces_the_first_in_the_counts():
    business = counted_business()
    for level, score in (("san_sang", "20"), ("dot_pha", "90")):
        business_record_assessment(
            business=business, level=level, score=Decimal(score), pillar_scores={"rdx-operations": Decimal(score)},
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
            level="san_sang",
            score=Decimal(score),
            pillar_scores={"rdx-operations": Decimal(score)},
            submitted_at=WHEN,
        )
        business.refresh_from_db()
    before = BusinessFacts.of(business)
    assert stats_statements(before=before, after=before) == []
    rescored = BusinessFacts(**{**before.__dict__, "score": Decimal("50.00")})
    statements = stats_statements(before=before, after=rescored)
    assert len(statements) == 2  # province and ward cells; the pillar scores did not change
    assert all(statement.sql.count("ON CONFLICT") == 1 for statement in statements)
    cell = ProvinceStat.objects.get(province_id=1, level="san_sang")
    assert (cell.businesses, cell.score_sum) == (1, Decimal("45.50"))
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}
