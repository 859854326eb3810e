"""Browser journeys for reports: an officer's province dashboard, a report asked for and downloaded, the job
page following the job by itself (JS polling), on a phone-sized screen, under the strict CSP."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from reports.models import JobStatus, ReportJob
from reports.services import report_job_run
from tests.factories import ProvinceOfficerFactory
from tests.reports.factories import counted_business, surveyed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def watch_csp(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and problems.append(message.text)
    )
    return problems


@pytest.fixture
def hanoi_data(reference_data):
    stores = [counted_business() for _ in range(3)]
    surveyed(stores[0], "san_sang", "35", pillars={"rdx-operations": 20, "rdx-customers-sales": 50})
    surveyed(stores[1], "tang_truong", "65", pillars={"rdx-operations": 70, "rdx-customers-sales": 60})
    return stores


def test_officer_sees_the_province_dashboard_and_downloads_an_excel_report(
    page, live_server, hanoi_data, tmp_path
):
    officer = ProvinceOfficerFactory(full_name="Cán bộ Sở Hà Nội")
    problems = watch_csp(page)
    sign_in(page, live_server, officer)

    page.goto(live_server.url + "/")
    page.get_by_text("Menu", exact=True).click()  # the phone's menu opens first
    with page.expect_navigation(wait_until="load"):  # the stylesheet too: widths are measured with it below
        page.get_by_role("link", name="Báo cáo", exact=True).click()
    assert page.url.endswith("/bao-cao/tinh/1/")
    assert page.locator("h1").inner_text() == "Báo cáo chuyển đổi số: Thành phố Hà Nội"
    assert (
        page.locator("[data-programme]").get_attribute("data-programme") == "SMEDX"
    )  # one programme at a time
    assert page.locator('[data-figure="surveyed"]').inner_text() == "0"  # the stores' results are RDX's
    page.select_option("#id_programme", "RDX")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Xem").click()
    assert page.locator('[data-figure="registered"]').inner_text() == "3"
    assert page.locator('[data-figure="surveyed"]').inner_text() == "2"
    assert page.locator("svg.chart").count() >= 6
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392)
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, (
        wide
    )  # no sideways scrolling on a phone

    response = page.goto(live_server.url + "/bao-cao/tinh/79/")
    assert response.status == 404

    page.goto(live_server.url + "/bao-cao/yeu-cau/")
    page.select_option("#id_kind", "xlsx")
    page.select_option("#id_programme", "RDX")
    page.fill("#id_period_from", f"{timezone.localdate().year}-01-01")
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_url("**/bao-cao/yeu-cau/*/")
    assert page.locator("#job-status").inner_text() == "Hoàn thành"  # rendered while the request committed
    with page.expect_download() as download_info:
        page.locator("#job-download").click()
    path = tmp_path / "report.xlsx"
    download_info.value.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Phạm vi"] == "Thành phố Hà Nội"
    assert (summary["Doanh nghiệp đăng ký"], summary["Đã khảo sát"]) == (3, 2)
    assert len(list(workbook["Danh sách doanh nghiệp"].iter_rows())) == 4
    assert problems == []


def test_job_page_follows_a_queued_job_until_it_is_done(page, live_server, hanoi_data):
    officer = ProvinceOfficerFactory()
    year = timezone.localdate().year
    job = ReportJob.objects.create(  # queued, as a busy worker would leave it; run below
        requester=officer,
        kind="csv",
        programme="RDX",
        scope="province",
        province=officer.province,
        period_from=datetime.date(year, 1, 1),
        period_to=timezone.localdate(),
    )
    problems = watch_csp(page)
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/bao-cao/yeu-cau/{job.pk}/")
    assert page.locator("#job-status").inner_text() == "Đang chờ"
    assert page.locator("#job-download").count() == 0

    report_job_run(job_id=job.pk)  # the worker finishes the job; the page notices by itself
    page.locator("#job-download").wait_for(timeout=15_000)
    assert page.locator("#job-status").inner_text() == "Hoàn thành"
    with page.expect_download() as download_info:
        page.locator("#job-download").click()
    text = io.BytesIO()
    text.write(open(download_info.value.path(), "rb").read())  # noqa: SIM115
    lines = text.getvalue().decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith("Mã,Tên")
    assert ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE
    assert problems == []
