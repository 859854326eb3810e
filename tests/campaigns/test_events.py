"""Events: capacity and the waiting list, cancellation promoting the next person, reminders the day before,
attendance by list and by QR code, certificates of attendance, and the counts that feed the yearly targets."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from businesses.models import Province
from campaigns.models import EventRegistration, OptOut, OptOutSource, RegistrationStatus
from campaigns.models.events import EventStatus
from campaigns.services.events import (
    event_issue_certificates,
    event_register,
    event_set_capacity,
    events_send_reminders,
    participation,
    registration_cancel,
    registration_mark_attended,
    ticket_token,
)
from smedx_portal.models import AuditEntry, CertificateKind
from tests.campaigns.factories import EventFactory, representative
from tests.factories import BusinessFactory, ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

VN = datetime.timezone(datetime.timedelta(hours=7))


def register(event, user=None):
    user = user or representative()
    return event_register(event=event, user=user, business=user.businesses.get())


def enrol(event, user=None) -> EventRegistration:
    """A registration made back when the (now past) event was open."""
    with time_machine.travel(event.starts_at - datetime.timedelta(days=10)):
        return register(event, user)


def test_seats_then_the_waiting_list(sms_outbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third = register(event), register(event), register(event)
    assert [r.status for r in (first, second, third)] == ["registered", "registered", "waitlisted"]
    assert len(sms_outbox) == 3
    assert "danh sach cho" in sms_outbox[2].text
    assert "ve/" in sms_outbox[0].text  # the ticket link


def test_a_cancellation_gives_the_seat_to_the_first_on_the_waiting_list(
    sms_outbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    holder, waiting_first, waiting_second = register(event), register(event), register(event)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=holder, actor=holder.user)
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert waiting_first.status == RegistrationStatus.REGISTERED and waiting_first.promoted_at is not None
    assert waiting_second.status == RegistrationStatus.WAITLISTED
    assert [m.phone for m in sms_outbox] == [waiting_first.attendee_phone]
    assert "Da co cho" in sms_outbox[0].text
    with pytest.raises(ValidationError):
        registration_cancel(registration=holder, actor=holder.user)


def test_more_seats_go_to_the_waiting_list_in_order(staff):
    event = EventFactory(capacity=1)
    register(event)
    waiting = [register(event) for _ in range(3)]
    event_set_capacity(event=event, actor=staff, capacity=3, reason="Phòng lớn hơn")
    assert [EventRegistration.objects.get(pk=r.pk).status for r in waiting] == [
        "registered",
        "registered",
        "waitlisted",
    ]
    assert AuditEntry.objects.for_object(event).get().data == {"from": 1, "to": 3}


def test_one_live_registration_per_person_and_only_for_ones_own_business():
    event = EventFactory()
    user = representative()
    register(event, user)
    with pytest.raises(ValidationError):
        register(event, user)
    with pytest.raises(PermissionDenied):
        event_register(event=event, user=user, business=BusinessFactory())


def test_registration_closes(db):
    event = EventFactory(registration_closes_at=datetime.datetime(2020, 1, 1, tzinfo=VN))
    with pytest.raises(ValidationError):
        register(event)
    draft = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(ValidationError):
        register(draft)


def test_reminders_go_the_day_before_once_and_respect_opt_outs(sms_outbox):
    tomorrow = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=VN)
    event = EventFactory(starts_at=tomorrow, capacity=3)
    later = EventFactory(starts_at=tomorrow + datetime.timedelta(days=2))
    going, refused, waiting = enrol(event), enrol(event), enrol(event)
    enrol(later)
    registration_cancel(registration=waiting, actor=waiting.user)
    OptOut.objects.create(phone=refused.attendee_phone, source=OptOutSource.LINK)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 6, 0, tzinfo=VN), tick=False):
        assert events_send_reminders() == 0  # before 07:00
    with time_machine.travel(datetime.datetime(2026, 11, 23, 8, 0, tzinfo=VN), tick=False):
        assert events_send_reminders() == 1
        assert events_send_reminders() == 0  # the second run reminds nobody twice
    assert [m.phone for m in sms_outbox] == [going.attendee_phone]
    assert sms_outbox[0].text.startswith("Nhac lich:")


# --- pages ----------------------------------------------------------------------------------------


def test_public_pages_and_registration_through_them(client, django_assert_max_num_queries, sms_outbox):
    event = EventFactory(title="Hội thảo khu vực miền Bắc 2026", capacity=1)
    for _ in range(12):
        EventFactory()
    with django_assert_max_num_queries(6):
        listing = client.get(reverse("campaigns:event_list"))
    assert listing.status_code == 200 and "Hội thảo khu vực miền Bắc 2026" in listing.content.decode()
    assert 'rel="next"' in listing.content.decode()  # 13 events, 12 a page

    page = client.get(event.get_absolute_url()).content.decode()
    assert "Đăng nhập để đăng ký" in page and "og:title" in page

    user = representative()
    client.force_login(user)
    response = client.post(
        reverse("campaigns:event_register", args=[event.slug]),
        {"business": user.businesses.get().pk, "attendee_name": "Nguyễn Thị Lan"},
    )
    registration = EventRegistration.objects.get(user=user)
    assert response["Location"] == reverse("campaigns:event_checkin", args=[ticket_token(registration)])
    ticket = client.get(response["Location"]).content.decode()
    assert "Nguyễn Thị Lan" in ticket and "<svg" in ticket and "Xác nhận có mặt" not in ticket

    late = representative()
    client.force_login(late)
    client.post(
        reverse("campaigns:event_register", args=[event.slug]),
        {"business": late.businesses.get().pk, "attendee_name": "B"},
    )
    assert EventRegistration.objects.get(user=late).status == RegistrationStatus.WAITLISTED

    # someone else's business cannot be registered
    client.post(
        reverse("campaigns:event_register", args=[event.slug]),
        {"business": user.businesses.get().pk, "attendee_name": "C"},
    )
    assert EventRegistration.objects.filter(user=late).count() == 1


def test_only_the_holder_or_staff_cancel_a_registration(client, staff):
    event = EventFactory()
    registration = register(event)
    client.force_login(representative())
    assert client.post(reverse("campaigns:registration_cancel", args=[registration.pk])).status_code == 404
    client.force_login(registration.user)
    client.post(reverse("campaigns:registration_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_check_in_by_qr_code_is_for_staff_in_scope(client, staff):
    event = EventFactory(province=Province.objects.get(code=1))
    registration = register(event)
    url = reverse("campaigns:event_checkin", args=[ticket_token(registration)])
    client.force_login(registration.user)
    assert client.post(url).status_code == 403
    client.force_login(ProvinceOfficerFactory(province=Province.objects.get(code=79)))
    assert client.post(url).status_code == 403
    client.force_login(ProvinceOfficerFactory())  # Hà Nội: the event's province
    page = client.get(url).content.decode()
    assert 'data-testid="check-in"' in page
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED
    assert AuditEntry.objects.for_object(registration).get().data == {"via": "qr"}
    assert client.get(reverse("campaigns:event_checkin", args=["forged-token"])).status_code == 404


def test_attendance_by_list_and_certificates(
    client, staff, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    event = EventFactory(
        starts_at=datetime.datetime(2026, 3, 10, 8, 0, tzinfo=VN), status=EventStatus.PUBLISHED, capacity=10
    )
    came, absent = enrol(event), enrol(event)
    url = reverse("campaigns:event_attendance", args=[event.slug])
    client.force_login(representative())
    assert client.get(url).status_code == 403
    client.force_login(staff)
    for _ in range(5):
        enrol(event)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    client.post(url, {"shown": [came.pk, absent.pk], "attended": [came.pk]})
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.status, absent.status) == (RegistrationStatus.ATTENDED, RegistrationStatus.REGISTERED)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("campaigns:event_certificates", args=[event.slug]))
    came.refresh_from_db()
    certificate = came.certificate
    assert certificate.kind == CertificateKind.EVENT and certificate.number.startswith("SK-2026-")
    assert absent.certificate is None
    text = "".join(page.extract_text() for page in PdfReader(certificate.pdf.open("rb")).pages)
    assert certificate.number in text and came.attendee_name in text
    # issuing again issues nothing new; un-ticking someone with a certificate is refused
    assert event_issue_certificates(event=event, actor=staff) == 0
    with pytest.raises(ValidationError):
        registration_mark_attended(registration=came, actor=staff, attended=False)


def test_an_officer_manages_only_events_of_their_province(client):
    event = EventFactory(province=Province.objects.get(code=79))
    national = EventFactory(province=None)
    client.force_login(ProvinceOfficerFactory())
    assert client.get(reverse("campaigns:event_attendance", args=[event.slug])).status_code == 404
    assert client.get(reverse("campaigns:event_attendance", args=[national.slug])).status_code == 404


def test_participation_counts_feed_the_yearly_targets(staff):
    workshop = EventFactory(
        starts_at=datetime.datetime(2026, 5, 1, 8, tzinfo=VN), capacity=10, programme="SMEDX"
    )
    training = EventFactory(
        starts_at=datetime.datetime(2026, 9, 1, 8, tzinfo=VN), capacity=10, programme="RDX"
    )
    last_year = EventFactory(starts_at=datetime.datetime(2025, 9, 1, 8, tzinfo=VN), capacity=10)
    owner = representative()
    colleague = UserFactory()
    colleague.memberships.create(business=owner.businesses.get())
    for event in (workshop, training, last_year):
        registration_mark_attended(registration=enrol(event, owner), actor=staff)
    registration_mark_attended(registration=enrol(workshop, colleague), actor=staff)
    enrol(workshop)  # registered but did not come
    assert participation(year=2026) == {"attendances": 3, "people": 2, "businesses": 1, "events": 2}
    assert participation(year=2026, programme="RDX") == {
        "attendances": 1,
        "people": 1,
        "businesses": 1,
        "events": 1,
    }


def test_tickets_are_stable_and_signed():
    from campaigns.services.events import registration_from_ticket

    registration = register(EventFactory())
    token = ticket_token(registration)
    assert ticket_token(registration) == token
    assert registration_from_ticket(token) == registration
    number, signature = token.split(":")
    assert registration_from_ticket(f"{int(number) + 1}:{signature}") is None
    assert registration_from_ticket("garbage") is None
