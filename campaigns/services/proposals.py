"""Events proposed by providers, associations (partners) and province officers, approved or returned by
programme staff; the programme's three regional workshops a year (North, Central, South)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role
from accounts.permissions import has_role, in_province_scope, is_ministry_staff, is_staff_or_officer
from campaigns.models import Event, EventStatus, Organiser, Region
from campaigns.rules import VIETNAM
from smedx_portal.mail import mail_queue, portal_url
from smedx_portal.programmes import Programme
from smedx_portal.services import audit_log
from smedx_portal.sms.encoding import strip_diacritics

PROPOSER_ROLES = (Role.PROVIDER, Role.PARTNER, Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)
EDITABLE = (EventStatus.PROPOSED, EventStatus.RETURNED)
FIELDS = (
    "title",
    "kind",
    "programme",
    "region",
    "province",
    "venue",
    "online_url",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "capacity",
    "organiser_name",
)


def may_propose(user: Any) -> bool:
    return has_role(user, *PROPOSER_ROLES)


def may_manage(user: Any, event: Event) -> bool:
    """Who takes attendance (list or QR at the door): staff, the event's province officers, and the organiser
    who proposed it, once approved."""
    if is_staff_or_officer(user) and in_province_scope(user, event.province_id):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and event.created_by_id == user.pk
        and event.status == EventStatus.PUBLISHED
    )


def _organiser(user: Any) -> str:
    if is_ministry_staff(user):
        return Organiser.MINISTRY
    return {
        Role.PROVIDER: Organiser.PROVIDER,
        Role.PARTNER: Organiser.PARTNER,
        Role.PROVINCE_OFFICER: Organiser.PROVINCE,
    }[user.role]


def _check(event: Event, *, online: bool) -> None:
    """The rules a proposal must meet, each refused with its own message (nothing is saved)."""
    errors: dict[str, str] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = _("Thời gian kết thúc phải sau thời gian bắt đầu.")
    if event.capacity is None or event.capacity < 0:
        errors["capacity"] = _("Số chỗ không được nhỏ hơn 0.")
    if online and not event.online_url:
        errors["online_url"] = _("Sự kiện trực tuyến cần đường dẫn tham dự.")
    if not online and (event.province_id is None or not event.venue.strip()):
        errors["province"] = _("Sự kiện tại chỗ cần tỉnh/thành phố của Việt Nam và địa điểm cụ thể.")
    if not event.region:
        errors["region"] = _("Chọn khu vực Bắc, Trung hoặc Nam.")
    if event.is_regional_workshop:
        errors.update(_regional_workshop_errors(event))
    if errors:
        raise ValidationError(errors)


def _regional_workshop_errors(event: Event) -> dict[str, str]:
    if event.programme != Programme.SMEDX:
        return {"is_regional_workshop": _("Hội thảo khu vực là hoạt động của Chương trình SMEdx.")}
    year = event.starts_at.astimezone(VIETNAM).year
    others = Event.objects.filter(
        is_regional_workshop=True, region=event.region, starts_at__year=year
    ).exclude(status=EventStatus.CANCELLED)
    if event.pk:
        others = others.exclude(pk=event.pk)
    if others.exists():
        return {
            "is_regional_workshop": _("Đã có hội thảo khu vực %(region)s năm %(year)s.")
            % {"region": Region(event.region).label, "year": year}
        }
    return {}


def _apply(event: Event, data: dict, *, online: bool) -> None:
    for name in FIELDS:
        if name in data:
            setattr(event, name, data[name])
    if online:
        event.venue, event.province = event.venue or _("Trực tuyến"), None
    else:
        event.online_url = ""


@transaction.atomic
def event_propose(*, proposer: Any, online: bool, is_regional_workshop: bool = False, **data: Any) -> Event:
    """A provider, an association, a province officer (or staff) proposes an event; staff approve it. A province
    officer's event is in their own province; only staff plan the regional workshops."""
    if not may_propose(proposer):
        raise PermissionDenied
    event = Event(
        organiser=_organiser(proposer),
        status=EventStatus.PROPOSED,
        created_by=proposer,
        is_regional_workshop=is_regional_workshop and is_ministry_staff(proposer),
        slug=_unique_slug(data.get("title", "")),
    )
    _apply(event, data, online=online)
    officer = has_role(proposer, Role.PROVINCE_OFFICER) and not is_ministry_staff(proposer)
    if officer and not online and event.province_id != proposer.province_id:
        raise ValidationError({"province": _("Cán bộ Sở đề xuất sự kiện tại tỉnh mình phụ trách.")})
    _check(event, online=online)
    event.full_clean(exclude=["slug"])
    event.save()
    audit_log(actor=proposer, obj=event, action="event.propose")
    return event


@transaction.atomic
def event_update_proposal(*, event: Event, proposer: Any, online: bool, **data: Any) -> Event:
    """The proposer corrects a proposal (waiting or returned); it goes back to staff."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.created_by_id != getattr(proposer, "pk", None):
        raise PermissionDenied
    if event.status not in EDITABLE:
        raise ValidationError(_("Sự kiện đã được duyệt hoặc đã hủy, không sửa đề xuất được nữa."))
    _apply(event, data, online=online)
    _check(event, online=online)
    event.status = EventStatus.PROPOSED
    event.full_clean()
    event.save()
    audit_log(actor=proposer, obj=event, action="event.propose_again")
    return event


def _require_staff(actor: Any) -> None:
    if not is_ministry_staff(actor):
        raise PermissionDenied


@transaction.atomic
def event_approve(*, event: Event, actor: Any, note: str = "") -> Event:
    """Staff approve: the event is public with registration open."""
    _require_staff(actor)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PROPOSED:
        raise ValidationError(_("Chỉ duyệt sự kiện đang chờ duyệt."))
    event.status, event.review_note, event.reviewed_at = EventStatus.PUBLISHED, note.strip(), timezone.now()
    event.save(update_fields=["status", "review_note", "reviewed_at"])
    audit_log(actor=actor, obj=event, action="event.approve", reason=note.strip())
    _tell_proposer(event, "approved")
    return event


@transaction.atomic
def event_return(*, event: Event, actor: Any, reason: str) -> Event:
    """Staff return a proposal with what to change; the proposer corrects it and sends it again."""
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do trả lại.")})
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PROPOSED:
        raise ValidationError(_("Chỉ trả lại sự kiện đang chờ duyệt."))
    event.status, event.review_note, event.reviewed_at = EventStatus.RETURNED, reason, timezone.now()
    event.save(update_fields=["status", "review_note", "reviewed_at"])
    audit_log(actor=actor, obj=event, action="event.return", reason=reason)
    _tell_proposer(event, "returned")
    return event


def _tell_proposer(event: Event, what: str) -> None:
    proposer = event.created_by
    if proposer is None:
        return
    with override(getattr(proposer, "language", "") or settings.LANGUAGE_CODE):
        params = {
            "event": event.title,
            "note": event.review_note,
            "url": portal_url(reverse("campaigns:proposal_list")),
        }
        if what == "approved":
            subject = _("Sự kiện “%(event)s” đã được duyệt") % params
            body = _("Sự kiện đã được công bố và mở đăng ký. Điểm danh tại %(url)s") % params
        else:
            subject = _("Đề xuất sự kiện “%(event)s” cần bổ sung") % params
            body = _("Ý kiến của Ban quản lý: %(note)s. Sửa và gửi lại tại %(url)s") % params
    mail_queue(subject=subject, body=body, to=[proposer.email])


def _unique_slug(title: str) -> str:
    return f"{slugify(strip_diacritics(title))[:100] or 'su-kien'}-{secrets.token_hex(3)}"


# --- the regional workshops -------------------------------------------------------------------------------------


@dataclass
class RegionalWorkshop:
    region: str
    label: str
    event: Event | None

    @property
    def held(self) -> bool:
        return (
            self.event is not None
            and self.event.status == EventStatus.PUBLISHED
            and self.event.ends_at < timezone.now()
        )


def regional_workshops(*, year: int) -> list[RegionalWorkshop]:
    """SMEdx's three regional workshops of the year (QĐ 377 II.5a): for each region the planned one, if any,
    and whether it has been held (approved and over)."""
    start = datetime.datetime(year, 1, 1, tzinfo=VIETNAM)
    events = {
        event.region: event
        for event in Event.objects.filter(
            is_regional_workshop=True, starts_at__gte=start, starts_at__lt=start.replace(year=year + 1)
        )
        .exclude(status=EventStatus.CANCELLED)
        .select_related("province")
        .order_by("starts_at")
    }
    return [
        RegionalWorkshop(region=value, label=label, event=events.get(value))
        for value, label in Region.choices
    ]
