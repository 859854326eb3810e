"""Submitting a survey keeps the dashboards' summary tables current in the same transaction."""

import pytest
from django.utils import timezone

from assessment.services import assessment_start, assessment_submit
from businesses.models import PillarStat, ProvinceStat, SubmissionStat
from businesses.stats import BusinessFacts, stats_apply, stats_recount
from smedx_portal.programmes import Programme
from tests.assessment.conftest import RDX_BEST, RDX_WORST
from tests.assessment.test_survey_flow import fill

pytestmark = pytest.mark.django_db


def _submit(client, store, owner, pages):
    assessment = assessment_start(business=store, programme=Programme.RDX, actor=owner)
    fill(client, assessment, pages)
    return assessment_submit(assessment_id=assessment.pk, actor=owner)


def test_each_submission_moves_the_business_between_levels_and_counts_the_month(
    client, owner, store, rdx_set
):
    stats_apply(before=None, after=BusinessFacts.of(store))  # registered through the services
    client.force_login(owner)

    first = _submit(client, store, owner, RDX_WORST)
    assert ProvinceStat.objects.get(province=store.province, level=first.level).businesses == 1
    assert not ProvinceStat.objects.filter(level="", businesses__gt=0).exists()

    second = _submit(client, store, owner, RDX_BEST)
    assert second.level != first.level
    rows = {row.level: row.businesses for row in ProvinceStat.objects.filter(province=store.province)}
    assert rows[first.level] == 0 and rows[second.level] == 1
    assert ProvinceStat.objects.get(level=second.level).score_sum == second.total_score
    assert set(PillarStat.objects.filter(businesses=1).values_list("pillar", flat=True)) == set(
        second.pillar_scores
    )
    month = timezone.localtime(second.submitted_at).date().replace(day=1)
    assert sum(SubmissionStat.objects.filter(month=month).values_list("submissions", flat=True)) == 2
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}
