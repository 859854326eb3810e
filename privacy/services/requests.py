"""A person's requests about their data, and the staff queue that handles them.

    data_request_create(user=user, kind=RequestKind.CORRECTION, details="…")
    data_request_acknowledge(request=r, actor=staff)
    data_request_complete(request=r, actor=staff, outcome="…", documents_checked=True)   # phone change
    data_request_refuse(request=r, actor=staff, reason="…")
    data_requests_alert_overdue()    # hourly (Celery beat): one alert per request past its deadline

Deadlines (Nghị định 356/2025/NĐ-CP): acknowledged within DATA_REQUEST_ACK_WORKING_DAYS working days, done within
DATA_REQUEST_DONE_DAYS days. Every staff step writes the audit log (who, when, why).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.consents import consent_answer, consent_withdraw
from accounts.models import ConsentChannel, ConsentPurpose
from accounts.permissions import in_province_scope
from accounts.phones import normalise_phone
from businesses.models import Business, MembershipStatus
from privacy.holidays import add_working_days
from privacy.models import DataRequest, RequestKind, RequestStatus
from smedx_portal.services import audit_log

logger = logging.getLogger(__name__)


def request_deadlines(now: datetime.datetime) -> dict[str, datetime.datetime]:
    return {
        "acknowledge_by": add_working_days(now, settings.DATA_REQUEST_ACK_WORKING_DAYS),
        "due_by": now + datetime.timedelta(days=settings.DATA_REQUEST_DONE_DAYS),
    }


@transaction.atomic
def data_request_create(
    *,
    user: Any,
    kind: str,
    details: str = "",
    purpose: str = "",
    business: Business | None = None,
    new_phone: str = "",
) -> DataRequest:
    """Record a person's request. An objection to a purpose takes effect at once (the consent is withdrawn) and
    is recorded as done; the other kinds wait in the staff queue. One open request per kind and person: a second
    one says the first is being handled."""
    if kind not in (
        RequestKind.CORRECTION,
        RequestKind.PHONE_CHANGE,
        RequestKind.RESTRICTION,
        RequestKind.OBJECTION,
    ):
        raise ValidationError(_("Loại yêu cầu không hợp lệ."))
    if kind == RequestKind.OBJECTION and purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Hãy chọn mục đích bạn phản đối.")})
    if kind == RequestKind.PHONE_CHANGE:
        new_phone = normalise_phone(new_phone)  # raises a ValidationError in Vietnamese
        if get_user_model().objects.filter(phone=new_phone).exists():
            raise ValidationError({"new_phone": _("Số điện thoại này đã được dùng cho một tài khoản khác.")})
    now = timezone.now()
    request = DataRequest(
        user=user,
        kind=kind,
        purpose=purpose,
        business=business,
        province_id=business.province_id if business else None,
        details=details.strip(),
        new_phone=new_phone,
        created_at=now,
        **request_deadlines(now),
    )
    if kind == RequestKind.OBJECTION:
        consent_withdraw(user_id=user.pk, purpose=purpose)
        request.status = RequestStatus.DONE
        request.completed_at = now
        request.outcome = _("Đã ngừng xử lý dữ liệu cho mục đích này ngay khi nhận yêu cầu.")
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(_("Bạn đã có một yêu cầu loại này đang được xử lý."))
    audit_log(actor=user, obj=request, action=f"privacy.request.{kind}", reason=request.details)
    return request


def _lock_open(request: DataRequest, actor: Any) -> DataRequest:
    locked = DataRequest.objects.select_for_update().get(pk=request.pk)
    if not can_handle(actor, locked):
        raise PermissionDenied
    if not locked.is_open:
        raise ValidationError(_("Yêu cầu này đã được xử lý."))
    return locked


def can_handle(user: Any, request: DataRequest) -> bool:
    """Ministry staff handle every request; a province officer the requests about their province's businesses."""
    if getattr(user, "is_ministry_staff", False):
        return True
    return (
        getattr(user, "is_province_officer", False)
        and request.province_id is not None
        and in_province_scope(user, request.province_id)
    )


@transaction.atomic
def data_request_acknowledge(*, request: DataRequest, actor: Any) -> DataRequest:
    request = _lock_open(request, actor)
    if request.acknowledged_at is None:
        request.status = RequestStatus.ACKNOWLEDGED
        request.acknowledged_at = timezone.now()
        request.handled_by = actor
        request.save(update_fields=["status", "acknowledged_at", "handled_by"])
        audit_log(actor=actor, obj=request, action="privacy.request.acknowledge")
    return request


def _change_phone(request: DataRequest) -> None:
    """The verified new phone replaces the lost one; the password is reset, which ends every session opened
    with the old number (the owner signs in with a code sent to the new phone and chooses a new password)."""
    user = get_user_model().objects.select_for_update().get(pk=request.user_id)
    if get_user_model().objects.filter(phone=request.new_phone).exclude(pk=user.pk).exists():
        raise ValidationError(_("Số điện thoại mới đã được dùng cho một tài khoản khác."))
    user.phone = request.new_phone
    user.phone_verified_at = timezone.now()
    user.set_unusable_password()
    user.save(update_fields=["phone", "phone_verified_at", "password"])


@transaction.atomic
def data_request_complete(
    *, request: DataRequest, actor: Any, outcome: str, documents_checked: bool = False
) -> DataRequest:
    """Done. A phone change is made only when the officer checked the business's registration documents (never
    an ID-card image)."""
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Cần ghi kết quả xử lý.")})
    request = _lock_open(request, actor)
    if request.kind == RequestKind.PHONE_CHANGE:
        if not documents_checked:
            raise ValidationError(
                {"documents_checked": _("Cần đối chiếu giấy tờ đăng ký kinh doanh trước khi đổi số.")}
            )
        _change_phone(request)
    now = timezone.now()
    request.status = RequestStatus.DONE
    request.acknowledged_at = request.acknowledged_at or now
    request.completed_at = now
    request.handled_by = actor
    request.outcome = outcome.strip()
    request.save(update_fields=["status", "acknowledged_at", "completed_at", "handled_by", "outcome"])
    audit_log(
        actor=actor,
        obj=request,
        action="privacy.request.complete",
        reason=request.outcome,
        data={"documents_checked": documents_checked},
    )
    return request


@transaction.atomic
def data_request_refuse(*, request: DataRequest, actor: Any, reason: str) -> DataRequest:
    if not (reason or "").strip():
        raise ValidationError({"outcome": _("Cần nêu lý do từ chối (căn cứ pháp lý).")})
    request = _lock_open(request, actor)
    request.status = RequestStatus.REFUSED
    request.completed_at = timezone.now()
    request.handled_by = actor
    request.outcome = reason.strip()
    request.save(update_fields=["status", "completed_at", "handled_by", "outcome"])
    audit_log(actor=actor, obj=request, action="privacy.request.refuse", reason=request.outcome)
    return request


@transaction.atomic
def consent_record_on_site(*, actor: Any, business: Business, person: Any, chosen: list[str]) -> None:
    """An officer surveying a store records its representative's answer to the notice (enumerator channel)."""
    if not in_province_scope(actor, business.province_id):
        raise PermissionDenied
    if not business.memberships.filter(user=person, status=MembershipStatus.ACTIVE).exists():
        raise ValidationError(_("Người này không phải người đại diện của cơ sở."))
    consent_answer(user_id=person.pk, chosen=chosen, channel=ConsentChannel.ENUMERATOR)
    audit_log(
        actor=actor,
        obj=business,
        action="privacy.consent.on_site",
        data={"person": person.pk, "purposes": chosen},
    )


def data_requests_alert_overdue(*, now: datetime.datetime | None = None) -> int:
    """Alert staff once for each request past its deadline (marked in the same UPDATE, so two beats at once
    still alert once). Returns the number of requests alerted."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            DataRequest.objects.overdue(now)
            .filter(overdue_alerted_at__isnull=True)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        DataRequest.objects.filter(pk__in=ids).update(overdue_alerted_at=now)
    if ids:
        logger.warning("Personal-data requests past their deadline: %s", ids)
        mail_admins(
            "Personal-data requests past their legal deadline",
            f"{len(ids)} request(s) past the {settings.DATA_REQUEST_DONE_DAYS}-day deadline: "
            + ", ".join(f"#{pk}" for pk in ids),
            fail_silently=True,
        )
    return len(ids)
