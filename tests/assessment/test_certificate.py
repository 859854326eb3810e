"""The DX-level certificate: issued when a province officer or ministry staff verifies a submitted result,
PDF rendered by the Celery task (eager in tests), public verification page; rejection revokes it."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from assessment.models import ResultVerification
from businesses.models import Province
from smedx_portal.models import AuditEntry, Certificate, CertificateStatus
from tests.factories import ProvinceOfficerFactory

pytestmark = pytest.mark.django_db


def verify(client, assessment, capture, **data):
    with capture(execute=True):
        return client.post(reverse("assessment:verify", kwargs={"pk": assessment.pk}), data)


def test_officer_verifies_and_the_certificate_is_issued_with_a_pdf(
    client, officer, owner, submitted, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    result_url = reverse("assessment:result", kwargs={"pk": submitted.pk})
    assert "Xác nhận kết quả và cấp chứng nhận" in client.get(result_url).content.decode()
    response = verify(client, submitted, django_capture_on_commit_callbacks, status="verified")
    assert response["Location"] == result_url
    certificate = Certificate.objects.get()
    assert certificate.kind == "business_level" and certificate.subject == submitted
    assert certificate.number.startswith("DN-")
    assert certificate.holder_name == "Tạp hóa Cô Lan"
    assert certificate.title == "Chương trình RDX — đạt mức độ chuyển đổi số: Đột phá (100,00/100 điểm)"
    assert certificate.valid_until is not None and certificate.issued_by == officer
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(certificate.pdf.read())).pages)
    assert "Tạp hóa Cô Lan" in text and "Đột phá" in text and certificate.number in text
    assert (
        AuditEntry.objects.for_object(submitted).filter(action="assessment.verified", actor=officer).exists()
    )
    assert ResultVerification.history.count() == 1

    # the owner sees the certificate on the result page; anyone can check it on the public page
    client.force_login(owner)
    html = client.get(result_url).content.decode()
    assert certificate.number in html and "Tải PDF" in html
    assert "Xác nhận kết quả và cấp chứng nhận" not in html
    client.logout()
    public = client.get(reverse("certificate_verify", kwargs={"number": certificate.number}))
    assert public.status_code == 200 and "Tạp hóa Cô Lan" in public.content.decode()

    # verifying twice issues nothing more
    client.force_login(officer)
    verify(client, submitted, django_capture_on_commit_callbacks, status="verified")
    assert Certificate.objects.count() == 1


def test_rejecting_needs_a_reason_and_revokes_the_certificate(
    client, officer, submitted, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    verify(client, submitted, django_capture_on_commit_callbacks, status="verified")
    response = verify(client, submitted, django_capture_on_commit_callbacks, status="rejected")
    assert Certificate.objects.get().status == CertificateStatus.ACTIVE
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Cần nêu lý do không xác nhận." in messages
    verify(
        client,
        submitted,
        django_capture_on_commit_callbacks,
        status="rejected",
        reason="Khảo sát lại thấy chưa dùng POS",
    )
    assert Certificate.objects.get().status == CertificateStatus.REVOKED
    assert submitted.verification.status == "rejected"


def test_owner_and_officers_of_other_provinces_cannot_verify(
    client, owner, submitted, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    assert verify(client, submitted, django_capture_on_commit_callbacks, status="verified").status_code == 403
    client.force_login(ProvinceOfficerFactory(province=Province.objects.get(code=79)))
    assert verify(client, submitted, django_capture_on_commit_callbacks, status="verified").status_code == 404
    client.logout()
    assert verify(client, submitted, django_capture_on_commit_callbacks, status="verified").status_code == 302
    assert not Certificate.objects.exists() and not ResultVerification.objects.exists()


def test_a_draft_cannot_be_verified(client, officer, draft, django_capture_on_commit_callbacks):
    client.force_login(officer)
    response = verify(client, draft, django_capture_on_commit_callbacks, status="verified")
    assert response.status_code == 302
    assert not Certificate.objects.exists()
