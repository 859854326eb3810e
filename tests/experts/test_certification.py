"""Certification after training through the core certificates: number, PDF, public verification, expiry,
suspension and removal, and the network's yearly figure."""

import datetime

import pytest
import time_machine
from pypdf import PdfReader

from experts.models import ExpertStatus
from experts.selectors import certified_expert_count, network_progress
from experts.services.certification import expert_certify, expert_reinstate, expert_remove, expert_suspend
from smedx_portal.models import AuditEntry, CertificateKind, CertificateStatus
from tests.experts.factories import ExpertFactory, certify

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 1)
END = datetime.date(2028, 2, 29)


@pytest.fixture
def expert():
    return ExpertFactory(name="Trần Minh Đức", specialties=["rdx-operations", "retail"])


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0), tick=False)
def test_certify_issues_an_expert_certificate_with_a_pdf(
    expert, staff, django_capture_on_commit_callbacks, sms_outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = expert_certify(
            expert=expert,
            actor=staff,
            training_course="Khóa đào tạo chuyên gia tư vấn chuyển đổi số 2026",
            training_completed_on=datetime.date(2026, 2, 20),
            valid_from=START,
            valid_until=END,
        )
    certificate.refresh_from_db()
    expert.refresh_from_db()
    assert certificate.kind == CertificateKind.EXPERT
    assert certificate.number.startswith("CG-2026-")
    assert certificate.subject == expert and expert.certificate == certificate
    assert certificate.scope == "Vận hành cửa hàng, Bán lẻ"
    assert expert.is_certified
    with certificate.pdf.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    assert certificate.number in text and "Trần Minh Đức" in text
    assert certificate.number in sms_outbox[0].text
    assert AuditEntry.objects.for_object(expert).get().action == "expert.certify"


def test_certify_needs_the_training_before_validity(expert, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        expert_certify(
            expert=expert,
            actor=staff,
            training_course="Khóa 1",
            training_completed_on=START + datetime.timedelta(days=5),
            valid_from=START,
            valid_until=END,
        )
    with pytest.raises(ValidationError):
        expert_certify(
            expert=expert,
            actor=staff,
            training_course="",
            training_completed_on=START,
            valid_from=START,
            valid_until=END,
        )


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0), tick=False)
def test_public_verification_by_number(client, expert, staff):
    certify(expert, staff, valid_from=START, valid_until=END)
    number = expert.certificate.number
    html = client.get(f"/chung-nhan/{number}/").content.decode()
    assert "Trần Minh Đức" in html and 'data-status="active"' in html and "<svg" in html
    assert client.get(f"/chung-nhan/?number={number.lower()}")["Location"] == f"/chung-nhan/{number}/"
    profile = client.get(f"/chuyen-gia/{expert.pk}/").content.decode()
    assert number in profile and 'data-certification="active"' in profile


def test_an_expired_certificate_shows_as_expired_everywhere(client, expert, staff):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0), tick=False):
        certify(expert, staff, valid_from=START, valid_until=END)
        assert client.get("/chuyen-gia/").content.decode().count(f'data-expert="{expert.pk}"') == 1
    with time_machine.travel(datetime.datetime(2028, 3, 1, 9, 0), tick=False):
        expert.refresh_from_db()
        assert not expert.is_certified
        number = expert.certificate.number
        assert 'data-status="expired"' in client.get(f"/chung-nhan/{number}/").content.decode()
        profile = client.get(f"/chuyen-gia/{expert.pk}/").content.decode()
        assert 'data-certification="expired"' in profile and "Hết hiệu lực" in profile
        assert "Gửi yêu cầu tư vấn" not in profile
        assert f'data-expert="{expert.pk}"' not in client.get("/chuyen-gia/").content.decode()
        assert certified_expert_count() == 0


def test_suspend_reinstate_and_remove_carry_to_the_certificate(client, expert, staff):
    certify(expert, staff)
    expert_suspend(expert=expert, actor=staff, reason="Khiếu nại của doanh nghiệp đang được xác minh")
    expert.refresh_from_db()
    expert.certificate.refresh_from_db()
    assert expert.status == ExpertStatus.SUSPENDED
    assert expert.certificate.status == CertificateStatus.SUSPENDED
    assert f'data-expert="{expert.pk}"' not in client.get("/chuyen-gia/").content.decode()
    assert 'data-certification="suspended"' in client.get(f"/chuyen-gia/{expert.pk}/").content.decode()

    expert_reinstate(expert=expert, actor=staff, reason="Đã xác minh, khiếu nại không có cơ sở")
    expert.refresh_from_db()
    assert expert.is_certified

    expert_remove(expert=expert, actor=staff, reason="Vi phạm quy chế Mạng lưới")
    expert.refresh_from_db()
    expert.certificate.refresh_from_db()
    assert expert.status == ExpertStatus.REMOVED
    assert expert.certificate.status == CertificateStatus.REVOKED
    assert client.get(f"/chuyen-gia/{expert.pk}/").status_code == 404
    assert 'data-status="revoked"' in client.get(f"/chung-nhan/{expert.certificate.number}/").content.decode()
    actions = list(AuditEntry.objects.for_object(expert).order_by("id").values_list("action", "reason"))
    assert actions[1:] == [
        ("expert.suspend", "Khiếu nại của doanh nghiệp đang được xác minh"),
        ("expert.reinstate", "Đã xác minh, khiếu nại không có cơ sở"),
        ("expert.remove", "Vi phạm quy chế Mạng lưới"),
    ]


def test_a_reason_is_required(expert, staff):
    from django.core.exceptions import ValidationError

    certify(expert, staff)
    with pytest.raises(ValidationError):
        expert_suspend(expert=expert, actor=staff, reason="  ")


def test_recertifying_replaces_the_previous_certificate(expert, staff):
    first = certify(expert, staff).certificate
    second = certify(expert, staff).certificate
    first.refresh_from_db()
    assert first.status == CertificateStatus.REVOKED and second.status == CertificateStatus.ACTIVE
    assert expert.certificate == second


def test_admin_certify_action_with_its_form(client, expert, staff):
    client.force_login(staff)
    form = client.post("/admin/experts/expert/", {"action": "certify", "_selected_action": [expert.pk]})
    assert form.status_code == 200 and "Khóa đào tạo đã hoàn thành" in form.content.decode()
    response = client.post(
        "/admin/experts/expert/",
        {
            "action": "certify",
            "_selected_action": [expert.pk],
            "apply": "1",
            "training_course": "Khóa đào tạo 01/2026",
            "training_completed_on": "2026-01-20",
            "valid_from": "2026-02-01",
            "valid_until": "2028-01-31",
            "scope": "",
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.certificate.number.startswith("CG-2026-")
    assert client.get(f"/admin/experts/expert/{expert.pk}/change/").status_code == 200


def test_yearly_figure_against_the_target(staff):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0), tick=False):
        for _ in range(3):
            certify(
                ExpertFactory(),
                staff,
                valid_from=datetime.date(2026, 1, 10),
                valid_until=datetime.date(2027, 1, 9),
            )
        certify(
            ExpertFactory(),
            staff,
            valid_from=datetime.date(2026, 1, 10),
            valid_until=datetime.date(2026, 5, 1),
        )
        ExpertFactory()  # approved, not yet certified
        assert certified_expert_count() == 3
        assert certified_expert_count(2026) == 3
        assert certified_expert_count(2025) == 0
        assert network_progress() == {"year": 2026, "target": 100, "certified": 3, "percent": 3}
