"""Support requests: anyone sends one with a phone number; staff answer in the admin; the answer goes by SMS."""

import pytest

from experts.models import SupportRequest, SupportStatus
from smedx_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def send(client, **overrides):
    data = {
        "name": "Chị Hoa",
        "phone": "0912 345 678",
        "email": "",
        "programme": "RDX",
        "topic": "participation",
        "message": "Cửa hàng tôi đăng ký tham gia Chương trình thế nào?",
    }
    return client.post("/ho-tro/", {**data, **overrides})


def test_anyone_sends_a_request_and_keeps_its_link(client):
    assert client.get("/ho-tro/").status_code == 200
    response = send(client)
    request = SupportRequest.objects.get()
    assert response["Location"] == f"/ho-tro/{request.token}/"
    assert request.phone == "+84912345678" and request.status == SupportStatus.NEW
    html = client.get(response["Location"]).content.decode()
    assert "đăng ký tham gia Chương trình" in html and "noindex" in html
    assert client.get("/ho-tro/khong-ton-tai/").status_code == 404


@pytest.mark.parametrize(
    "phone", ["12345", "+14155550100", "0241234567"]
)  # too short, not Vietnamese, landline
def test_a_vietnamese_mobile_is_required(client, phone):
    response = send(client, phone=phone)
    assert response.status_code == 200 and not SupportRequest.objects.exists()


def test_rate_limited_per_address(client, settings):
    settings.EXPERTS_SUPPORT_RATE = (2, 3600)
    assert send(client).status_code == 302
    assert send(client).status_code == 302
    assert send(client).status_code == 429
    assert SupportRequest.objects.count() == 2


def test_staff_answer_in_the_admin_and_the_requester_is_told(
    client, staff, sms_outbox, mailoutbox, django_capture_on_commit_callbacks
):
    send(client, email="hoa@example.vn")
    request = SupportRequest.objects.get()
    client.force_login(staff)
    assert "Chị Hoa" in client.get("/admin/experts/supportrequest/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/experts/supportrequest/{request.pk}/change/",
            {"answer": "Chị đăng ký tài khoản bằng số điện thoại tại Cổng, sau đó khai hồ sơ cửa hàng."},
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SupportStatus.ANSWERED and request.answered_by == staff
    assert sms_outbox[-1].phone == "+84912345678" and "đăng ký tài khoản" in sms_outbox[-1].text
    assert request.token in sms_outbox[-1].text
    assert mailoutbox[-1].to == ["hoa@example.vn"]
    assert AuditEntry.objects.for_object(request).get().action == "support_request.answer"
    client.logout()
    assert "sau đó khai hồ sơ cửa hàng" in client.get(f"/ho-tro/{request.token}/").content.decode()
