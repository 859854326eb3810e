"""Events: registration with capacity and a waiting list, reminders, attendance, certificates, counts."""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from businesses.models import Business
from businesses.selectors import businesses_of
from campaigns.models import Event, EventRegistration, OptOut, RegistrationStatus
from campaigns.models.events import SEAT_HOLDING, EventStatus
from campaigns.rules import VIETNAM, in_send_window
from smedx_portal.models import CertificateKind
from smedx_portal.services import audit_log
from smedx_portal.sms import TransportError, send_sms
from smedx_portal.sms.encoding import strip_diacritics

TICKET_SALT = "campaigns.event-ticket"


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status__in=SEAT_HOLDING).count()


@transaction.atomic
def event_register(
    *, event: Event, user: Any, business: Business, attendee_name: str = ""
) -> EventRegistration:
    """Register a business's representative: a seat if one is free, else the waiting list."""
    if not businesses_of(user).filter(pk=business.pk).exists():
        raise PermissionDenied
    event = Event.objects.select_for_update().get(
        pk=event.pk
    )  # one registration at a time takes the last seat
    if not event.is_open_for_registration:
        raise ValidationError(_("Sự kiện không còn nhận đăng ký."))
    if event.registrations.filter(user=user).exclude(status=RegistrationStatus.CANCELLED).exists():
        raise ValidationError(_("Bạn đã đăng ký sự kiện này."))
    status = (
        RegistrationStatus.REGISTERED
        if seats_taken(event) < event.capacity
        else RegistrationStatus.WAITLISTED
    )
    registration = EventRegistration(
        event=event,
        user=user,
        business=business,
        attendee_name=attendee_name or user.full_name or str(user),
        attendee_phone=user.phone or "",
        status=status,
    )
    registration.full_clean(exclude=["certificate"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(_("Bạn đã đăng ký sự kiện này."))
    _queue_notice(registration, "registered" if status == RegistrationStatus.REGISTERED else "waitlisted")
    return registration


@transaction.atomic
def registration_cancel(*, registration: EventRegistration, actor: Any) -> EventRegistration:
    """Cancel; a freed seat goes to the first person on the waiting list, who is told by SMS."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.ATTENDED):
        raise ValidationError(_("Không thể hủy đăng ký này."))
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if actor.pk != registration.user_id:
        audit_log(actor=actor, obj=registration, action="event.registration_cancel")
    _promote_waitlisted(event)
    return registration


def _promote_waitlisted(event: Event) -> list[EventRegistration]:
    free = event.capacity - seats_taken(event)
    if free <= 0:
        return []
    promoted = list(
        event.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "id")[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status, registration.promoted_at = RegistrationStatus.REGISTERED, now
        registration.save(update_fields=["status", "promoted_at"])
        _queue_notice(registration, "promoted")
    return promoted


@transaction.atomic
def event_fill_from_waitlist(*, event: Event) -> list[EventRegistration]:
    """After the capacity grew (admin): free seats go to the waiting list in order."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    return _promote_waitlisted(event)


@transaction.atomic
def event_set_capacity(*, event: Event, actor: Any, capacity: int, reason: str = "") -> Event:
    """Staff change the capacity; added seats go to the waiting list in order."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    old = event.capacity
    event.capacity = capacity
    event.full_clean()
    event.save(update_fields=["capacity"])
    audit_log(
        actor=actor, obj=event, action="event.capacity", reason=reason, data={"from": old, "to": capacity}
    )
    _promote_waitlisted(event)
    return event


def _queue_notice(registration: EventRegistration, what: str) -> None:
    from campaigns.tasks import notify_registration

    registration_id = registration.pk
    transaction.on_commit(lambda: notify_registration.delay(registration_id, what))


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")


def registration_notify(*, registration_id: int, what: str) -> bool:
    """An SMS about one registration (transactional, asked for by the person; opt-outs still respected)."""
    registration = EventRegistration.objects.select_related("event").filter(pk=registration_id).first()
    if not registration or not registration.attendee_phone:
        return False
    if OptOut.objects.filter(phone=registration.attendee_phone).exists():
        return False
    event = registration.event
    with override("vi"):
        texts = {
            "registered": _("Bạn đã đăng ký %(event)s lúc %(when)s. Vé vào cửa: %(link)s"),
            "waitlisted": _("Bạn đang ở danh sách chờ của %(event)s. Chúng tôi sẽ báo khi có chỗ."),
            "promoted": _("Đã có chỗ cho bạn tại %(event)s lúc %(when)s. Vé vào cửa: %(link)s"),
            "reminder": _("Nhắc lịch: %(event)s bắt đầu %(when)s tại %(venue)s. Vé: %(link)s"),
        }
        text = texts[what] % {
            "event": event.title[:60],
            "when": _local(event.starts_at),
            "venue": (event.venue or event.online_url)[:60],
            "link": ticket_url(registration),
        }
    text = strip_diacritics(text)  # one GSM-7 part instead of three UCS-2 parts
    try:
        send_sms(registration.attendee_phone, text, reference=f"event-{registration.pk}-{what}")
    except TransportError:
        return False
    return True


def events_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """The day before an event (Vietnam date), once per registration, within the sending hours."""
    now = now or timezone.now()
    if not in_send_window(now):
        return 0
    tomorrow = (now.astimezone(VIETNAM) + datetime.timedelta(days=1)).date()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=VIETNAM)
    events = Event.objects.filter(
        status=EventStatus.PUBLISHED, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
    )
    sent = 0
    for registration_id in EventRegistration.objects.filter(
        event__in=events, status=RegistrationStatus.REGISTERED, reminder_sent_at__isnull=True
    ).values_list("id", flat=True):
        # claim before sending: a second run (or a second worker) never reminds twice
        if EventRegistration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            sent += registration_notify(registration_id=registration_id, what="reminder")
    return sent


def ticket_token(registration: EventRegistration) -> str:
    """Signed, and the same every time: the QR code printed or saved earlier and the SMS link agree."""
    return signing.Signer(salt=TICKET_SALT).sign(str(registration.pk))


def registration_from_ticket(token: str) -> EventRegistration | None:
    try:
        registration_id = int(signing.Signer(salt=TICKET_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return EventRegistration.objects.select_related("event", "business").filter(pk=registration_id).first()


def ticket_url(registration: EventRegistration) -> str:
    from django.conf import settings
    from django.urls import reverse

    with override("vi"):
        path = reverse("campaigns:event_checkin", kwargs={"token": ticket_token(registration)})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


@transaction.atomic
def registration_mark_attended(
    *, registration: EventRegistration, actor: Any, attended: bool = True, via: str = "list"
) -> EventRegistration:
    """Staff take attendance (from the list or by scanning the ticket's QR code at the door)."""
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("Đăng ký này đã bị hủy."))
    if attended and registration.status != RegistrationStatus.ATTENDED:
        registration.status, registration.attended_at = RegistrationStatus.ATTENDED, timezone.now()
    elif not attended and registration.status == RegistrationStatus.ATTENDED:
        if registration.certificate_id:
            raise ValidationError(_("Đã cấp giấy chứng nhận: thu hồi giấy trước khi bỏ điểm danh."))
        registration.status, registration.attended_at = RegistrationStatus.REGISTERED, None
    else:
        return registration
    registration.save(update_fields=["status", "attended_at"])
    audit_log(
        actor=actor,
        obj=registration,
        action="event.attended" if attended else "event.attendance_undone",
        data={"via": via},
    )
    return registration


@transaction.atomic
def event_issue_certificates(*, event: Event, actor: Any) -> int:
    """A certificate of attendance (PDF, verifiable) for each attendee who has none yet."""
    from smedx_portal.certificates import certificate_issue

    issued = 0
    for registration in event.registrations.select_for_update().filter(
        status=RegistrationStatus.ATTENDED, certificate__isnull=True
    ):
        local_date = event.starts_at.astimezone(VIETNAM).date()
        certificate = certificate_issue(
            kind=CertificateKind.EVENT,
            subject=registration,
            holder_name=f"{registration.attendee_name} — {registration.business.name}",
            title=_("Đã tham dự: %(event)s") % {"event": event.title},
            scope=", ".join(
                filter(None, [event.get_kind_display(), event.venue, local_date.strftime("%d/%m/%Y")])
            ),
            valid_from=local_date,
            issued_by=actor,
        )
        registration.certificate = certificate
        registration.save(update_fields=["certificate"])
        issued += 1
    if issued:
        audit_log(actor=actor, obj=event, action="event.certificates", data={"issued": issued})
    return issued


def participation(*, year: int, programme: str = "") -> dict[str, int]:
    """What events add to the programmes' yearly targets: people trained and businesses reached."""
    start = datetime.datetime(year, 1, 1, tzinfo=VIETNAM)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=VIETNAM)
    attended = EventRegistration.objects.filter(
        status=RegistrationStatus.ATTENDED, event__starts_at__gte=start, event__starts_at__lt=end
    )
    if programme:
        attended = attended.filter(Q(event__programme=programme) | Q(event__programme=""))
    totals = attended.aggregate(
        attendances=Count("id"),
        people=Count("attendee_phone", distinct=True),
        businesses=Count("business", distinct=True),
        events=Count("event", distinct=True),
    )
    return {key: value or 0 for key, value in totals.items()}
