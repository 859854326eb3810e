import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from businesses.models import Business
from smedx_portal.certificates import (
    certificate_issue,
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
    certificates_for,
)
from smedx_portal.models import AuditEntry, Certificate, CertificateKind, CertificateStatus
from tests.factories import BusinessFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business():
    return BusinessFactory(name="Tạp hóa Hồng Nhung")


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """Issue a certificate and run what is queued on commit (the PDF task), as a real request would."""

    def _issue(business, staff=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return _issue_now(business, staff, **kwargs)

    return _issue


def _issue_now(business, staff=None, **kwargs):
    defaults = {
        "kind": CertificateKind.BUSINESS_LEVEL,
        "subject": business,
        "holder_name": business.name,
        "title": "Đạt mức Tăng trưởng về chuyển đổi số",
        "valid_from": datetime.date(2026, 11, 1),
        "valid_until": datetime.date(2027, 10, 31),
        "issued_by": staff,
    }
    return certificate_issue(**{**defaults, **kwargs})


def test_numbers_are_random_codes_nobody_can_walk(business, issue, client):
    """Sequential numbers (DN-2026-000001, 000002...) let anyone walk every public page and PDF."""
    first, second = issue(business), issue(business)
    platform = issue(business, kind=CertificateKind.PLATFORM)
    pattern = re.compile(r"^DN-2026-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
    assert pattern.match(first.number) and pattern.match(second.number) and first.number != second.number
    assert platform.number.startswith("NT-2026-")
    assert list(certificates_for(business)) == [platform, second, first]
    assert client.get(reverse("certificate_verify", args=["DN-2026-000001"])).status_code == 404
    assert client.get(reverse("certificate_verify", args=[first.number.lower()])).status_code == 200


def test_the_migration_renumbers_sequential_certificates(business, issue):
    import importlib

    from django.apps import apps

    old = issue(business)
    Certificate.objects.filter(pk=old.pk).update(number="DN-2026-000001")
    importlib.import_module("smedx_portal.migrations.0007_certificate_random_numbers").renumber(apps, None)
    old.refresh_from_db()
    assert old.number.startswith("DN-2026-") and not old.number.endswith("000001") and len(old.number) == 22


def test_issue_renders_a_pdf_with_the_number_and_vietnamese_text(business, issue):
    certificate = issue(business)
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.pdf_rendered_at
    with certificate.pdf.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    assert certificate.number in text
    assert "Tạp hóa Hồng Nhung" in text
    assert "GIẤY CHỨNG NHẬN" in text


def test_issue_is_logged_with_the_staff_member(business, issue):
    staff = StaffFactory()
    certificate = issue(business, staff)
    entry = AuditEntry.objects.for_object(certificate).get()
    assert (entry.actor, entry.action) == (staff, "certificate.issue")


def test_verify_page_shows_a_valid_certificate_and_its_qr_code(client, business, issue):
    certificate = issue(business, valid_until=None)
    response = client.get(f"/chung-nhan/{certificate.number}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="active"' in html
    assert "Tạp hóa Hồng Nhung" in html
    assert "<svg" in html
    assert f"/chung-nhan/{certificate.number}/pdf/" in html


def test_an_expired_certificate_shows_as_expired(client, business, issue):
    certificate = issue(business, valid_from=datetime.date(2024, 1, 1), valid_until=datetime.date(2025, 1, 1))
    assert certificate.effective_status == CertificateStatus.EXPIRED
    assert not certificate.is_valid
    html = client.get(f"/chung-nhan/{certificate.number}/").content.decode()
    assert 'data-status="expired"' in html
    assert "Hết hiệu lực" in html


def test_suspend_reinstate_and_revoke_need_a_reason_and_are_logged(business, issue):
    staff = StaffFactory()
    certificate = issue(business)
    with pytest.raises(ValidationError):
        certificate_suspend(certificate=certificate, actor=staff, reason="  ")
    certificate = certificate_suspend(certificate=certificate, actor=staff, reason="Vi phạm cam kết")
    assert certificate.effective_status == CertificateStatus.SUSPENDED
    certificate = certificate_reinstate(certificate=certificate, actor=staff, reason="Đã khắc phục")
    assert certificate.is_valid
    certificate = certificate_revoke(certificate=certificate, actor=staff, reason="Ngừng cung cấp dịch vụ")
    assert certificate.effective_status == CertificateStatus.REVOKED
    actions = list(AuditEntry.objects.for_object(certificate).values_list("action", "reason"))
    assert actions[:3] == [
        ("certificate.revoke", "Ngừng cung cấp dịch vụ"),
        ("certificate.reinstate", "Đã khắc phục"),
        ("certificate.suspend", "Vi phạm cam kết"),
    ]


def test_lookup_redirects_to_the_certificate_or_says_it_is_unknown(client, business, issue):
    certificate = issue(business)
    response = client.get("/chung-nhan/", {"number": certificate.number.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/chung-nhan/{certificate.number}/"
    response = client.get("/chung-nhan/", {"number": "DN-1999-000999"})
    assert response.status_code == 200
    assert "Không tìm thấy chứng nhận số DN-1999-000999" in response.content.decode()


def test_unknown_number_is_404(client):
    assert client.get("/chung-nhan/XX-2026-000001/").status_code == 404


def test_pdf_download(client, business, issue):
    certificate = issue(business)
    response = client.get(f"/chung-nhan/{certificate.number}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_subject_is_any_model(business, issue):
    certificate = issue(business)
    assert isinstance(certificate.subject, Business)
