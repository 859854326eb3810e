import pytest
from django.core.management import call_command

from businesses.stats import stats_recount
from reports.demo import load_demo_reports
from reports.selectors import national_dashboard
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def test_demo_step_counts_businesses_that_skipped_the_summary_tables():
    BusinessFactory.create_batch(2)  # made without businesses.stats, like a bulk demo loader
    assert national_dashboard(programme="RDX", use_cache=False)["total"]["registered"] == 0
    assert load_demo_reports()["rebuilt"] is True
    assert stats_recount() == {"province": 0, "ward": 0, "pillar": 0}
    assert national_dashboard(programme="RDX", use_cache=False)["total"]["registered"] == 2
    assert load_demo_reports()["rebuilt"] is False  # idempotent


def test_load_demo_data_runs(capsys):
    call_command("load_demo_data")
    assert "dashboards ready" in capsys.readouterr().out
    programmes = national_dashboard(use_cache=False)["programmes"]
    assert programmes["SMEDX"]["registered"] + programmes["RDX"]["registered"] >= 6
