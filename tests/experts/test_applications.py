"""Applying to the network and staff vetting in the admin (approve / ask for more + resubmit / reject)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from businesses.models import Sector
from experts.models import ApplicationStatus, Expert, ExpertApplication
from smedx_portal.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def form_data(**overrides):
    data = {
        "kind": "individual",
        "name": "Nguyễn Thị Lan",
        "tax_code": "",
        "headline": "Tư vấn bán hàng đa kênh cho cửa hàng bán lẻ",
        "bio": "Tám năm triển khai phần mềm bán hàng.",
        "specialties": ["rdx-customers-sales", "retail"],
        "sectors": [Sector.objects.get(code="tap-hoa").pk],
        "provinces": [1, 79],
        "languages": ["vi", "en"],
        "years_experience": "8",
        "references": "Ông Trần Văn B, Hiệp hội bán lẻ, 0912345678",
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant():
    return UserFactory(full_name="Nguyễn Thị Lan")


@pytest.fixture
def submitted(client, applicant):
    client.force_login(applicant)
    response = client.post("/chuyen-gia/dang-ky/", form_data())
    assert response.status_code == 302 and response["Location"] == "/chuyen-gia/ho-so-dang-ky/"
    return ExpertApplication.objects.get(user=applicant)


def admin_action(client, action, application, **form):
    return client.post(
        "/admin/experts/expertapplication/",
        {"action": action, "_selected_action": [application.pk], "apply": "1", **form},
    )


def test_applying_needs_sign_in(client):
    response = client.get("/chuyen-gia/dang-ky/")
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


def test_submitted_application_keeps_every_field(submitted):
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.specialties == ["rdx-customers-sales", "retail"]
    assert submitted.languages == ["vi", "en"]
    assert set(submitted.provinces.values_list("code", flat=True)) == {1, 79}
    assert submitted.years_experience == 8


def test_organisation_needs_a_tax_code(client, applicant):
    client.force_login(applicant)
    response = client.post("/chuyen-gia/dang-ky/", form_data(kind="organisation"))
    assert response.status_code == 200
    assert "Tổ chức tư vấn cần có mã số thuế" in response.content.decode()
    assert not ExpertApplication.objects.exists()


def test_a_second_application_is_not_possible(client, submitted):
    response = client.get("/chuyen-gia/dang-ky/")
    assert response.status_code == 302 and response["Location"] == "/chuyen-gia/ho-so-dang-ky/"


def test_ask_for_more_needs_a_reason_and_is_logged(client, submitted, staff):
    client.force_login(staff)
    # the action first shows the intermediate form asking for the reason
    response = client.post(
        "/admin/experts/expertapplication/", {"action": "request_info", "_selected_action": [submitted.pk]}
    )
    assert response.status_code == 200 and "Lý do / ghi chú" in response.content.decode()
    # without a reason nothing happens
    admin_action(client, "request_info", submitted, reason="")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED

    response = admin_action(client, "request_info", submitted, reason="Thiếu bản sao chứng chỉ")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.NEEDS_INFO
    assert submitted.decided_by == staff and submitted.decision_reason == "Thiếu bản sao chứng chỉ"
    entry = AuditEntry.objects.for_object(submitted).get()
    assert (entry.actor, entry.action, entry.reason) == (
        staff,
        "expert_application.request_info",
        "Thiếu bản sao chứng chỉ",
    )


def test_decisions_notify_the_applicant(
    client, submitted, applicant, staff, sms_outbox, mailoutbox, django_capture_on_commit_callbacks
):
    from experts.services.applications import application_request_info

    applicant.email = "lan@example.vn"
    applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        application_request_info(application=submitted, actor=staff, reason="Thiếu bản sao chứng chỉ")
    assert [message.phone for message in sms_outbox] == [applicant.phone]
    assert "Thiếu bản sao chứng chỉ" in sms_outbox[0].text
    assert mailoutbox[0].to == ["lan@example.vn"]


def test_applicant_edits_and_resubmits(client, submitted, applicant, staff):
    from experts.services.applications import application_request_info

    application_request_info(application=submitted, actor=staff, reason="Bổ sung tỉnh phục vụ")
    client.force_login(applicant)
    page = client.get("/chuyen-gia/dang-ky/")
    assert page.status_code == 200 and "Bổ sung tỉnh phục vụ" in page.content.decode()
    response = client.post("/chuyen-gia/dang-ky/", form_data(provinces=[1, 79, 48]))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.resubmissions == 1
    assert set(submitted.provinces.values_list("code", flat=True)) == {1, 79, 48}
    assert (
        AuditEntry.objects.for_object(submitted)
        .filter(action="expert_application.resubmit", actor=applicant)
        .exists()
    )
    # the history keeps every version of the application
    assert [h.status for h in submitted.history.order_by("history_date")][-2:] == ["needs_info", "submitted"]


def test_approve_creates_the_expert_profile(
    client, submitted, applicant, staff, django_capture_on_commit_callbacks, sms_outbox
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(client, "approve", submitted, reason="Đủ điều kiện")
    assert response.status_code == 302
    expert = Expert.objects.get(user=applicant)
    assert expert.name == "Nguyễn Thị Lan"
    assert sorted(expert.specialty_codes()) == ["rdx-customers-sales", "retail"]
    assert set(expert.provinces.values_list("code", flat=True)) == {1, 79}
    assert not expert.is_certified  # certification comes after training
    applicant.refresh_from_db()
    assert applicant.role == Role.EXPERT
    assert "chấp thuận" in sms_outbox[0].text
    assert AuditEntry.objects.for_object(submitted).get().action == "expert_application.approve"


def test_reject_needs_a_reason_and_is_logged(client, submitted, staff):
    client.force_login(staff)
    admin_action(client, "reject", submitted, reason="")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    admin_action(client, "reject", submitted, reason="Chưa đủ kinh nghiệm tư vấn")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.REJECTED
    assert AuditEntry.objects.for_object(submitted).get().reason == "Chưa đủ kinh nghiệm tư vấn"
    # a decided application cannot be decided again
    admin_action(client, "approve", submitted, reason="")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.REJECTED
    assert not Expert.objects.exists()


def test_non_staff_cannot_use_the_admin(client, submitted, applicant):
    client.force_login(applicant)
    response = admin_action(client, "approve", submitted)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


# --- documents -------------------------------------------------------------------------------------
def upload(client, name, content, content_type="application/pdf"):
    return client.post(
        "/chuyen-gia/ho-so-dang-ky/tai-lieu/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_documents_are_checked_and_private(client, submitted, applicant, staff, settings):
    settings.EXPERTS_DOCUMENT_MAX_BYTES = 1024
    assert upload(client, "bang-cap.pdf", PDF).status_code == 302
    assert upload(client, "anh.png", PNG, "image/png").status_code == 302
    upload(client, "gia.pdf", b"<html><script>alert(1)</script></html>")  # not a real PDF
    upload(client, "virus.exe", b"MZ....", "application/octet-stream")
    upload(client, "lon.pdf", PDF + b"0" * 2048)
    documents = list(submitted.documents.all())
    assert [d.name for d in documents] == ["bang-cap.pdf", "anh.png"]
    url = f"/chuyen-gia/tai-lieu/{documents[0].pk}/"
    assert not documents[0].file.name.endswith("bang-cap.pdf")  # stored under a random name

    owner = client.get(url)
    assert owner.status_code == 200 and b"".join(owner.streaming_content) == PDF
    assert owner["Content-Disposition"].startswith("attachment")

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_my_application_page_lists_the_status(client, submitted):
    html = client.get("/chuyen-gia/ho-so-dang-ky/").content.decode()
    assert "Đã nộp, chờ xét duyệt" in html and "Nguyễn Thị Lan" in html


def test_admin_pages_render(client, submitted, staff):
    client.force_login(staff)
    assert client.get("/admin/experts/expertapplication/").status_code == 200
    assert client.get(f"/admin/experts/expertapplication/{submitted.pk}/change/").status_code == 200
