import datetime
import io
import os
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.models import JobStatus, ReportJob
from reports.services import report_files_expire, report_job_request

ONE_SECOND = datetime.timedelta(seconds=1)

pytestmark = pytest.mark.django_db


def ask(client, **data):
    year = timezone.localdate().year
    payload = {
        "kind": "pdf",
        "scope": "province",
        "province": 1,
        "programme": "RDX",
        "period_from": f"{year}-01-01",
        "period_to": timezone.localdate().isoformat(),
        "grouping": "area",
        **data,
    }
    return client.post(reverse("reports:jobs"), payload)


def request_job(user, *, kind="pdf", province=None, **kwargs):
    year = timezone.localdate().year
    return report_job_request(
        requester=user,
        kind=kind,
        scope="province" if province else "national",
        province=province,
        period_from=kwargs.pop("period_from", datetime.date(year, 1, 1)),
        period_to=kwargs.pop("period_to", datetime.date(year, 12, 31)),
        **kwargs,
    )


def download(client, job):
    response = client.get(reverse("reports:job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_officer_asks_for_a_pdf_and_downloads_it(
    client, officer, dataset, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, kind="pdf")
    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.progress, job.error, job.attempts) == (JobStatus.DONE, 100, "", 1)
    assert job.expires_at > timezone.now() + datetime.timedelta(hours=71)
    page = client.get(reverse("reports:job_detail", args=[job.pk])).content.decode()
    assert reverse("reports:job_download", args=[job.pk]) in page
    assert "Hoàn thành" in page

    pdf = PdfReader(io.BytesIO(download(client, job)))
    assert len(pdf.pages) >= 3
    text = "\n".join(page.extract_text() for page in pdf.pages)
    compact = " ".join(text.split())
    assert "BÁO CÁO CHUYỂN ĐỔI SỐ DOANH NGHIỆP" in compact
    assert "Thành phố Hà Nội" in text
    assert dataset["ward_a"].name in text
    assert "Tạp hóa" in text and "Công nghiệp chế biến - chế tạo" not in text  # RDX only
    assert "RDX" in text
    assert "Trang 2 / " in text  # page numbers
    # the RDX figures: 4 registered, 3 surveyed (75,0 %), 2 / 1 / 0 per level, average score 53,33
    assert "đến cuối kỳ 4" in compact
    assert "(đến cuối kỳ) 3 (75,0 %)" in compact
    assert "Mức Sẵn sàng 2" in compact and "Mức Tăng trưởng 1" in compact and "Mức Đột phá 0" in compact
    assert "Điểm bình quân (0–100) 53,33" in compact
    assert "Phường Ba Đình 4 3 75,0 3 2 1 0 1 53,33 1,33" in compact  # the ward table, every column
    assert "Tạp hóa 4 3 75,0" in compact and "Cửa hàng bán lẻ 4 3 75,0" in compact
    fonts = {
        str(font.get("/BaseFont"))
        for page in pdf.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
        for font in [font.get_object()]
    }
    assert any(
        "Noto" in name or "DejaVu" in name for name in fonts
    )  # an embedded font with Vietnamese glyphs


def test_excel_report_has_every_sheet(client, staff, dataset, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_job(staff, kind="xlsx", programme="RDX")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows == 7
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, job)), read_only=True)
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Theo địa bàn",
        "Theo ngành",
        "Theo loại hình",
        "Danh sách doanh nghiệp",
    ]
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Phạm vi"] == "Toàn quốc"
    assert (summary["Doanh nghiệp đăng ký"], summary["Đã khảo sát"]) == (7, 4)
    assert (summary["Sẵn sàng"], summary["Tăng trưởng"], summary["Đột phá"], summary["Chưa khảo sát"]) == (
        2,
        2,
        0,
        3,
    )
    area = list(workbook["Theo địa bàn"].iter_rows(values_only=True))
    assert area[0][:3] == ("Tên", "Đăng ký", "Đã khảo sát")
    assert {row[0]: row[1:3] for row in area[1:]} == {
        "Thành phố Hà Nội": (4, 3),
        "Thành phố Hồ Chí Minh": (3, 1),
    }
    sectors = {row[0]: row[1:3] for row in list(workbook["Theo ngành"].iter_rows(values_only=True))[1:]}
    assert sectors["Tạp hóa"] == (4, 3)
    listing = list(workbook["Danh sách doanh nghiệp"].iter_rows(values_only=True))
    assert listing[0][:2] == ("Mã", "Tên") and len(listing) == 8
    rows = {row[0]: row for row in listing[1:]}
    best = rows[dataset["stores"][2].pk]
    assert (
        best[3] == "Cửa hàng bán lẻ" and best[5] == "Thành phố Hà Nội" and best[7] is None and best[8] == "x"
    )
    assert (best[9], best[10], best[11]) == ("Tăng trưởng", None, 70)  # 10: the trial label (none here)
    store = dataset["stores"][2]
    assessed_at = store.result_for("RDX").assessed_at
    for column, moment in ((12, assessed_at), (13, store.created_at)):
        # the wall-clock time in Vietnam (converted by PostgreSQL, or in Python on SQLite)
        assert abs(best[column] - timezone.localtime(moment).replace(tzinfo=None)) < ONE_SECOND
    assert rows[dataset["stores"][3].pk][9] is None  # not surveyed


def test_csv_report_lists_the_provinces_businesses(
    client, officer, dataset, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, kind="csv", programme="SMEDX")
    job = ReportJob.objects.get()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows == 2
    text = download(client, job).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Mã,Tên,Mã số thuế,Loại hình")
    assert len(lines) == 3
    assert sum("Đột phá" in line for line in lines) == 1
    assert all("Thành phố Hà Nội" in line for line in lines[1:])


def test_period_limits_what_is_counted(staff, dataset, django_capture_on_commit_callbacks):
    from reports.exports import ReportSpec, report_figures

    year = dataset["year"]
    january = report_figures(ReportSpec(1, "RDX", datetime.date(year, 1, 1), datetime.date(year, 1, 31)))
    # by the end of January only the January surveys are known (1 sẵn sàng in RDX, 1 đột phá in SMEdx)
    assert (january["total"]["registered"], january["total"]["surveyed"]) == (4, 1)
    assert january["total"]["levels"] == {"san_sang": 1, "tang_truong": 0, "dot_pha": 0}
    smedx = report_figures(ReportSpec(1, "SMEDX", datetime.date(year, 1, 1), datetime.date(year, 1, 31)))
    assert smedx["total"]["levels"] == {"san_sang": 0, "tang_truong": 0, "dot_pha": 1}
    assert smedx["programme_label"] == "SMEdx"
    february = report_figures(ReportSpec(1, "RDX", datetime.date(year, 2, 1), datetime.date(year, 2, 28)))
    assert (february["total"]["surveyed"], february["total"]["in_period"]) == (3, 2)
    before = report_figures(ReportSpec(1, "RDX", datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)))
    assert before["total"]["registered"] == 0  # nobody had registered yet


@pytest.fixture
def eager_retries():
    """Eager tasks re-run on `self.retry()` only when errors are not propagated (as a worker would)."""
    from smedx_portal.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_failure_is_recorded_after_retries_and_can_be_retried(
    client, officer, dataset, settings, tmp_path, eager_retries, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"  # the file cannot be stored: every attempt fails
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, kind="pdf")
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.attempts == 3  # the first run and two retries
    assert "Error" in job.error
    assert not job.can_download
    page = client.get(reverse("reports:job_detail", args=[job.pk])).content.decode()
    assert "Không tạo được báo cáo" in page and reverse("reports:job_retry", args=[job.pk]) in page
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404

    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (JobStatus.DONE, "", 4)
    assert download(client, job).startswith(b"%PDF")


def test_only_failed_or_expired_jobs_are_retried(
    client, officer, dataset, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, kind="csv")
    job = ReportJob.objects.get()
    client.post(reverse("reports:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 1


def test_files_expire(client, officer, dataset, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, kind="csv")
    job = ReportJob.objects.get()
    path = job.file.path
    assert report_files_expire() == 0
    assert report_files_expire(now=job.expires_at + datetime.timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and not job.file
    assert not os.path.exists(path)
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404
    assert "hết hạn" in client.get(reverse("reports:job_detail", args=[job.pk])).content.decode()


def test_status_endpoint_for_polling(client, officer, dataset):
    job = request_job(officer, kind="csv", province=dataset["hanoi"])  # queued: on_commit never ran
    client.force_login(officer)
    data = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert data == {
        "status": "queued",
        "status_label": "Đang chờ",
        "progress": 0,
        "finished": False,
        "error": "",
        "download_url": None,
    }
    page = client.get(reverse("reports:job_detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "js/reports.js" in page


# --- province scoping --------------------------------------------------------------------------------------
def test_officer_cannot_ask_for_another_provinces_or_the_national_report(client, officer, dataset):
    client.force_login(officer)
    assert ask(client, province=79).status_code == 404
    assert ask(client, scope="national", province="").status_code == 404
    assert not ReportJob.objects.exists()


def test_officer_cannot_see_or_download_another_provinces_report(
    client, officer, other_officer, staff, dataset, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        theirs = request_job(other_officer, kind="csv", province=dataset["hcm"])
        national = request_job(staff, kind="csv")
    client.force_login(officer)
    for job in (theirs, national):
        for name in ("reports:job_detail", "reports:job_status", "reports:job_download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert client.post(reverse("reports:job_retry", args=[job.pk])).status_code == 404
    listing = client.get(reverse("reports:jobs")).content.decode()
    assert reverse("reports:job_detail", args=[theirs.pk]) not in listing
    # the other province's officer and ministry staff can
    client.force_login(other_officer)
    assert client.get(reverse("reports:job_download", args=[theirs.pk])).status_code == 200
    client.force_login(staff)
    assert client.get(reverse("reports:job_download", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("reports:job_download", args=[national.pk])).status_code == 200


def test_service_refuses_out_of_scope_requests(officer, business_user, dataset):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        request_job(officer, province=dataset["hcm"])
    with pytest.raises(PermissionDenied):
        request_job(officer)
    with pytest.raises(PermissionDenied):
        request_job(business_user, province=dataset["hanoi"])


def test_jobs_page_lists_with_pagination_and_bounded_queries(
    client, staff, dataset, django_assert_max_num_queries
):
    for _ in range(25):
        request_job(staff, kind="csv")
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:jobs"))
    assert response.status_code == 200
    body = response.content.decode()
    assert len(re.findall(r'href="/bao-cao/yeu-cau/\d+/"', body)) == 20 and "Trang 1/2" in body


def test_jobs_page_refuses_anonymous_and_business_users(client, business_user):
    assert client.get(reverse("reports:jobs")).status_code == 302
    client.force_login(business_user)
    assert client.get(reverse("reports:jobs")).status_code == 403
    assert ask(client).status_code == 403


def test_form_rejects_bad_periods(client, officer, dataset):
    client.force_login(officer)
    response = ask(client, period_from="2026-05-01", period_to="2026-01-01")
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert not ReportJob.objects.exists()
