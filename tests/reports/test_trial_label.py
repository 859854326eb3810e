"""Results scored under the portal's retired trial criteria sets are labelled “bộ tiêu chí thử nghiệm của cổng”
wherever shown: the dashboards, the reports (PDF, Excel, CSV) and the API (statistics, identity lookup);
results under the official sets carry no label."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from accounts.models import ConsentPurpose
from businesses.identity_api import identity_lookup
from businesses.models import BusinessKind
from businesses.stats import business_record_assessment
from reports.exports import ReportSpec, render_report_pdf, report_figures, write_csv, write_xlsx
from smedx_portal.api.keys import api_key_issue
from smedx_portal.programmes import Programme
from tests.assessment.conftest import load_set
from tests.factories import MembershipFactory, consenting
from tests.reports.factories import counted_business

pytestmark = pytest.mark.django_db
LABEL = "bộ tiêu chí thử nghiệm của cổng"


@pytest.fixture
def results():
    """Two stores in Hà Nội: one scored under the retired trial set rdx.yaml, one under the official stores set."""
    trial, official = load_set("rdx.yaml"), load_set("rdx-stores-1459.yaml")
    assert trial.is_trial and not official.is_trial
    stores = {}
    for key, criteria_set, tax_code in (("trial", trial, "0100109106"), ("official", official, None)):
        store = counted_business(
            kind=BusinessKind.RETAIL_STORE, in_rdx=True, name=f"Cửa hàng {key}", tax_code=tax_code
        )
        business_record_assessment(
            business=store,
            programme=Programme.RDX,
            level="tang_truong",
            score=Decimal("55"),
            pillar_scores={},
            submitted_at=timezone.now(),
            criteria_set_id=criteria_set.pk,
            criteria_version=criteria_set.version,
        )
        stores[key] = store
    return stores


def _spec() -> ReportSpec:
    today = timezone.localdate()
    return ReportSpec(None, Programme.RDX, today - datetime.timedelta(days=30), today)


def test_dashboard_says_how_many_results_are_trial_ones(client, staff, results):
    client.force_login(staff)
    html = client.get(reverse("reports:national"), {"programme": "RDX"}).content.decode()
    assert 'data-trial-results="1"' in html and LABEL in html
    assert (
        "data-trial-results"
        not in client.get(reverse("reports:national"), {"programme": "SMEDX"}).content.decode()
    )


def test_the_reports_label_the_trial_results(results, tmp_path):
    spec = _spec()
    assert report_figures(spec)["trial_results"] == 1
    text = " ".join(
        "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_report_pdf(spec))).pages).split()
    )
    assert "kết quả chấm theo bộ tiêu chí thử nghiệm của cổng" in text

    write_csv(tmp_path / "list.csv", spec)  # PostgreSQL COPY
    lines = (tmp_path / "list.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "Bộ tiêu chí của kết quả" in lines[0]
    by_name = {
        name: line for name in ("Cửa hàng trial", "Cửa hàng official") for line in lines if name in line
    }
    assert LABEL in by_name["Cửa hàng trial"] and LABEL not in by_name["Cửa hàng official"]

    write_xlsx(tmp_path / "report.xlsx", spec)
    workbook = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    rows = list(workbook["Danh sách doanh nghiệp"].iter_rows(values_only=True))
    column = rows[0].index("Bộ tiêu chí của kết quả")
    labels = {row[1]: row[column] for row in rows[1:]}
    assert labels == {"Cửa hàng trial": LABEL, "Cửa hàng official": None}
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary[f"Kết quả chấm theo {LABEL}"] == 1


def test_the_api_labels_trial_results(results, settings):
    settings.API_STATS_MIN_CELL = 1
    raw = api_key_issue(name="Thử", scopes=["stats:read"], owner=None).raw_key
    body = (
        APIClient()
        .get(
            "/api/v1/stats/businesses/",
            {"group_by": "level", "programme": "RDX"},
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        .json()
    )
    assert (body["trial_results"], body["criteria_note"]) == (1, LABEL)

    store = results["trial"]
    consenting(MembershipFactory(business=store).user, ConsentPurpose.PARTNER_SHARING)
    key = api_key_issue(name="Cổng đối tác", scopes=["identity:read"], owner=None).key
    (found,) = identity_lookup(api_key=key, purpose="Đối chiếu hồ sơ", tax_codes=["0100109106"])
    assert found["levels"] == [
        {
            "programme": "RDX",
            "level": "tang_truong",
            "assessed_at": found["levels"][0]["assessed_at"],
            "trial_criteria": True,
            "criteria_note": LABEL,
        }
    ]


def test_the_admin_labels_the_trial_result(client, staff, results):
    client.force_login(staff)
    trial = client.get(
        reverse("admin:businesses_business_change", args=[results["trial"].pk])
    ).content.decode()
    official = client.get(reverse("admin:businesses_business_change", args=[results["official"].pk]))
    assert "RDX: Tăng trưởng" in trial and LABEL in trial
    assert LABEL not in official.content.decode()


def test_the_dashboards_stored_trial_count_is_the_live_one_until_recounted(results, settings):
    from reports.models import TrialResultCount
    from reports.selectors import trial_result_count
    from reports.trial_counts import trial_counts_refresh, trial_result_count_stored

    province = results["trial"].province_id
    for place in (None, province, 48):
        stored = trial_result_count_stored(programme=Programme.RDX, province_id=place).results
        assert (
            stored
            == trial_result_count(programme=Programme.RDX, province_id=place)
            == (0 if place == 48 else 1)
        )
    assert trial_result_count_stored(programme=Programme.SMEDX).results == 0
    trial_id = results["trial"].results.get().criteria_set_id
    official = results["official"].results.get()
    official.criteria_set_id = trial_id
    official.save(update_fields=["criteria_set_id"])
    assert (
        trial_result_count_stored(programme=Programme.RDX).results == 1
    )  # counted a moment ago: not seen yet
    assert trial_counts_refresh()[(Programme.RDX, 0)] == 2
    assert trial_result_count_stored(programme=Programme.RDX, province_id=province).results == 2
    official.criteria_set_id = results["trial"].results.get().criteria_set_id + 1000
    official.save(update_fields=["criteria_set_id"])
    stale = timezone.now() - datetime.timedelta(seconds=2 * settings.REPORTS_RECOUNT_SECONDS + 1)
    TrialResultCount.objects.update(computed_at=stale)
    assert trial_result_count_stored(programme=Programme.RDX).results == 1  # twice as old: recounted
    assert trial_result_count_stored(programme=Programme.RDX).computed_at > stale


def test_the_dashboards_say_when_their_stored_counts_were_counted(client, staff, results, settings):
    """People reached and the trial results are shown as a task last counted them: the page says when, in Vietnam
    time, and how often they are recounted (REPORTS_RECOUNT_SECONDS), and the time follows the next count."""
    from django.core.cache import cache

    from reports.models import ReachCount, TrialResultCount
    from reports.tasks import recount_figures

    settings.REPORTS_RECOUNT_SECONDS = 1200
    vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
    client.force_login(staff)
    pages = (reverse("reports:national"), reverse("reports:province", args=[results["trial"].province_id]))

    def shown(url: str) -> str:
        cache.clear()
        return client.get(url, {"programme": "RDX"}).content.decode()

    recount_figures()
    earlier = timezone.now() - datetime.timedelta(minutes=7)
    ReachCount.objects.update(computed_at=earlier)
    TrialResultCount.objects.update(computed_at=earlier)
    when = earlier.astimezone(vietnam).strftime("%H:%M %d/%m/%Y")
    national, province = (shown(url) for url in pages)
    assert f"Số người được tiếp cận được đếm lúc {when} (đếm lại mỗi 20 phút)." in national
    for html in (national, province):
        assert 'data-trial-results="1"' in html
        assert f"Số kết quả này được đếm lúc {when} (đếm lại mỗi 20 phút)." in html

    recount_figures()
    counted = TrialResultCount.objects.get(programme=Programme.RDX, province_code=0).computed_at
    reach_counted = ReachCount.objects.earliest("computed_at").computed_at
    assert counted > earlier and reach_counted > earlier
    national, province = (shown(url) for url in pages)
    for html in (national, province):
        assert f"được đếm lúc {when}" not in html
        assert f"Số kết quả này được đếm lúc {counted.astimezone(vietnam):%H:%M %d/%m/%Y}" in html
    assert (
        f"Số người được tiếp cận được đếm lúc {reach_counted.astimezone(vietnam):%H:%M %d/%m/%Y}" in national
    )
