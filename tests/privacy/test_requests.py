"""A person's requests: deadlines shown (2 working days / 15 days), handled by staff with an audit trail, an
alert once when past the deadline, a phone change only after checking the business's registration papers."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.consents import has_consent
from accounts.models import ConsentPurpose
from privacy.models import DataRequest, RequestKind, RequestStatus
from privacy.services import (
    data_request_acknowledge,
    data_request_complete,
    data_request_create,
    data_requests_alert_overdue,
)
from privacy.tasks import alert_overdue_requests
from smedx_portal.models import AuditEntry
from tests.factories import MembershipFactory, ProvinceOfficerFactory, StaffFactory, UserFactory, consenting

pytestmark = pytest.mark.django_db
FRIDAY = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def owner(db):
    return MembershipFactory().user


@pytest.fixture
def settings_admins(settings):
    settings.ADMINS = [("Trực ban", "trucban@example.vn")]


@time_machine.travel(FRIDAY, tick=False)
def test_deadlines_skip_the_weekend_and_the_request_waits_in_the_province_queue(client, owner):
    request = data_request_create(
        user=owner, kind=RequestKind.CORRECTION, details="Sai địa chỉ", business=owner.businesses.get()
    )
    # Friday + 2 working days: Monday, then Tuesday 24/11 is Ngày Văn hóa Việt Nam (a holiday) → Wednesday.
    assert request.acknowledge_by.date() == datetime.date(2026, 11, 25)
    assert request.due_by.date() == datetime.date(2026, 12, 5)
    assert request.province_id == 1
    officer = ProvinceOfficerFactory()
    client.force_login(officer)
    assert f"#{request.pk}" in client.get(reverse("privacy:queue")).content.decode()
    other = ProvinceOfficerFactory(province_id=79)
    client.force_login(other)
    assert f"#{request.pk}" not in client.get(reverse("privacy:queue")).content.decode()
    assert client.get(reverse("privacy:request_detail", args=[request.pk])).status_code == 404


def test_a_second_open_request_of_the_same_kind_is_refused_politely(client, owner):
    client.force_login(owner)
    url = reverse("privacy:request_new", args=["sua-thong-tin"])
    assert client.post(url, {"details": "Sai tên"}).status_code == 302
    again = client.post(url, {"details": "Sai tên"})
    assert again.status_code == 200 and "đang được xử lý" in again.content.decode()
    assert client.post(url, {"details": ""}).status_code == 200  # empty: a clear error, not a 500
    assert DataRequest.objects.count() == 1


def test_an_objection_stops_the_purpose_at_once(client, owner):
    consenting(owner, ConsentPurpose.ASSIGNED_CONTACT)
    client.force_login(owner)
    response = client.post(reverse("privacy:request_new", args=["phan-doi"]), {"purpose": "assigned_contact"})
    assert response.status_code == 302
    assert not has_consent(owner.pk, ConsentPurpose.ASSIGNED_CONTACT)
    assert DataRequest.objects.get().status == RequestStatus.DONE


def test_staff_acknowledge_and_complete_with_an_audit_trail(client, owner):
    request = data_request_create(user=owner, kind=RequestKind.RESTRICTION, details="Tạm ngừng chia sẻ")
    staff = StaffFactory()
    client.force_login(staff)
    detail = reverse("privacy:request_detail", args=[request.pk])
    assert client.post(detail, {"action": "acknowledge"}).status_code == 302
    missing = client.post(detail, {"action": "complete", "outcome": ""})
    assert missing.status_code == 200 and "Cần ghi kết quả" in missing.content.decode()
    assert client.post(detail, {"action": "complete", "outcome": "Đã tạm ngừng"}).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.handled_by == staff
    actions = list(AuditEntry.objects.for_object(request).values_list("action", "actor_id"))
    assert ("privacy.request.acknowledge", staff.pk) in actions
    assert ("privacy.request.complete", staff.pk) in actions
    page = client.get(detail).content.decode()
    assert "· Hoàn thành" in page and "· Tiếp nhận" in page  # the handling log in words, not its codes
    assert "privacy.request.complete" not in page


def test_a_lost_phone_is_replaced_only_after_checking_the_registration_papers(client, owner):
    old_phone = owner.phone
    request = data_request_create(user=owner, kind=RequestKind.PHONE_CHANGE, new_phone="0987 654 321")
    assert request.new_phone == "+84987654321"
    owner_client = client
    owner_client.force_login(owner)
    staff = StaffFactory()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        data_request_complete(request=request, actor=staff, outcome="Đã đổi")
    data_request_acknowledge(request=request, actor=staff)
    data_request_complete(request=request, actor=staff, outcome="Đối chiếu GCN ĐKKD", documents_checked=True)
    owner.refresh_from_db()
    assert owner.phone == "+84987654321" and owner.phone != old_phone
    assert owner_client.get(reverse("privacy:mine")).status_code == 302  # the old number's sessions ended


def test_a_phone_change_to_a_registered_number_is_refused(owner):
    other = UserFactory()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        data_request_create(user=owner, kind=RequestKind.PHONE_CHANGE, new_phone=other.phone)
    with pytest.raises(ValidationError):
        data_request_create(user=owner, kind=RequestKind.PHONE_CHANGE, new_phone="12345")


def test_a_request_past_its_deadline_alerts_once(owner, settings_admins):
    with time_machine.travel(FRIDAY, tick=False):
        request = data_request_create(user=owner, kind=RequestKind.CORRECTION, details="Sai tên")
    with time_machine.travel(FRIDAY + datetime.timedelta(days=14), tick=False):
        assert alert_overdue_requests.delay().get() == 0
    with time_machine.travel(FRIDAY + datetime.timedelta(days=15, minutes=1), tick=False):
        assert alert_overdue_requests.delay().get() == 1
        assert data_requests_alert_overdue() == 0
    with time_machine.travel(FRIDAY + datetime.timedelta(days=20), tick=False):
        assert data_requests_alert_overdue() == 0
    assert len(mail.outbox) == 1 and f"#{request.pk}" in mail.outbox[0].body
    request.refresh_from_db()
    assert request.overdue_alerted_at is not None
