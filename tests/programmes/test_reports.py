"""Reports to the ministry: figures frozen at the cut-off, submitted once per period, returned and
resubmitted, accepted then never edited (a correction is a new version), missing provinces listed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from programmes.models import ProvinceReport, ReportStatus
from programmes.services.reports import (
    missing_reports,
    report_accept,
    report_correct,
    report_create,
    report_return,
    report_submit,
    report_update,
)
from smedx_portal.programmes import Programme

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def report(hcmc, hcmc_officer):
    return report_create(
        actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.RDX, year=YEAR, period="Q1"
    )


def test_figures_frozen_at_cut_off(report):
    assert report.cut_off == datetime.date(YEAR, 3, 31)
    assert set(report.figures) >= {
        "registered",
        "surveyed",
        "target",
        "tried_platforms",
        "trainings",
        "follow_ups",
    }


def test_submit_return_resubmit_accept_then_frozen(report, hcmc_officer, ministry):
    with pytest.raises(ValidationError):
        report_submit(report=report, actor=hcmc_officer)  # no narrative yet
    report_update(report=report, actor=hcmc_officer, narrative="Đã khảo sát 120 cửa hàng.")
    report = report_submit(report=report, actor=hcmc_officer)
    with pytest.raises(ValidationError, match="không gửi lại"):
        report_submit(report=report, actor=hcmc_officer)
    report = report_return(report=report, actor=ministry, comment="Bổ sung số liệu tập huấn")
    report_update(report=report, actor=hcmc_officer, narrative="Đã khảo sát 120 cửa hàng, 2 lớp tập huấn.")
    report = report_submit(report=report, actor=hcmc_officer)
    report = report_accept(report=report, actor=ministry)
    assert report.status == ReportStatus.ACCEPTED
    with pytest.raises(ValidationError):
        report_update(report=report, actor=hcmc_officer, narrative="Sửa sau khi chấp nhận")
    with pytest.raises(ValidationError):
        report_submit(report=report, actor=hcmc_officer)


def test_same_period_cannot_be_reported_twice(report, hcmc, hcmc_officer):
    with pytest.raises(ValidationError):
        report_create(
            actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.RDX, year=YEAR, period="Q1"
        )
    with pytest.raises(IntegrityError):
        ProvinceReport.objects.create(
            province=hcmc, programme=Programme.RDX, year=YEAR, period="Q1", version=2, cut_off=report.cut_off
        )


def test_correction_is_a_new_version(report, hcmc_officer, ministry):
    report_update(report=report, actor=hcmc_officer, narrative="Bản đầu")
    report_submit(report=report, actor=hcmc_officer)
    accepted = report_accept(report=report, actor=ministry)
    correction = report_correct(report=accepted, actor=hcmc_officer)
    assert (correction.version, correction.corrects_id, correction.cut_off) == (
        2,
        accepted.pk,
        accepted.cut_off,
    )
    with pytest.raises(ValidationError):
        report_correct(report=accepted, actor=hcmc_officer)  # one correction at a time
    report_update(report=correction, actor=hcmc_officer, narrative="Bản đính chính")
    report_submit(report=correction, actor=hcmc_officer)
    report_accept(report=correction, actor=ministry)
    accepted.refresh_from_db()
    assert accepted.superseded_at is not None and accepted.narrative == "Bản đầu"


def test_officer_cannot_review_and_other_province_cannot_touch(report, hcmc_officer, other_officer):
    report_update(report=report, actor=hcmc_officer, narrative="x")
    report_submit(report=report, actor=hcmc_officer)
    with pytest.raises(PermissionDenied):
        report_accept(report=report, actor=hcmc_officer)
    with pytest.raises(PermissionDenied):
        report_update(report=report, actor=other_officer, narrative="y")


def test_moit_cannot_review_smedx(hcmc, hcmc_officer, moit):
    report = report_create(
        actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.SMEDX, year=YEAR, period="Q1"
    )
    report_update(report=report, actor=hcmc_officer, narrative="x")
    report_submit(report=report, actor=hcmc_officer)
    with pytest.raises(PermissionDenied):
        report_accept(report=report, actor=moit)


def test_missing_after_deadline(report, hcmc_officer, hcmc, other_province):
    assert (
        missing_reports(programme=Programme.RDX, year=YEAR, period="Q1", today=datetime.date(YEAR, 4, 10))
        == []
    )
    report_update(report=report, actor=hcmc_officer, narrative="x")
    report_submit(report=report, actor=hcmc_officer)
    late = missing_reports(
        programme=Programme.RDX, year=YEAR, period="Q1", today=datetime.date(YEAR + 1, 4, 20)
    )
    assert hcmc in late  # sent today, long after the deadline
    on_time = timezone.make_aware(datetime.datetime(YEAR, 4, 5, 9))
    ProvinceReport.objects.filter(pk=report.pk).update(submitted_at=on_time)
    missing = missing_reports(
        programme=Programme.RDX, year=YEAR, period="Q1", today=datetime.date(YEAR + 1, 4, 20)
    )
    assert other_province in missing and hcmc not in missing


def test_ministry_page_lists_missing(client, ministry):
    client.force_login(ministry)
    body = client.get(
        reverse("programmes:report_list"), {"programme": "RDX", "year": YEAR, "period": "Q1"}
    ).content.decode()
    assert "Chưa gửi báo cáo đúng hạn" in body and "Thành phố Hồ Chí Minh" in body


def test_double_submit_from_page_is_refused(client, report, hcmc_officer):
    client.force_login(hcmc_officer)
    url = reverse("programmes:report_detail", args=[report.pk])
    client.post(url, {"narrative": "Báo cáo quý I", "submit": "1"})
    response = client.post(reverse("programmes:report_submit", args=[report.pk]), follow=True)
    assert "không gửi lại" in response.content.decode()
    assert ProvinceReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
