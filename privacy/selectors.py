"""Everything the portal holds about a person and their businesses (the right to be informed, see and copy),
the staff queue of requests, and who at the ministry or a province looked at the person's record."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Consent, ConsentPurpose
from accounts.permissions import NO_PROVINCE, province_scope
from assessment.models import Assessment
from businesses.models import Business, MembershipStatus
from campaigns.models import EventRegistration, SmsMessage
from experts.models import Consultation
from platforms.models import UsageRegistration
from privacy.models import DataRequest
from smedx_portal import identity
from smedx_portal.models import PersonalDataAccess


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def represented_businesses(user) -> QuerySet[Business]:
    return (
        Business.objects.filter(memberships__user=user, memberships__status=MembershipStatus.ACTIVE)
        .select_related("province", "ward", "sector")
        .order_by("pk")
    )


def personal_data(user) -> dict[str, Any]:
    """The person's data as plain values (JSON-ready): shown on "Dữ liệu của tôi", downloaded as JSON and PDF.

    Identity numbers are in full here: this is the owner's own copy."""
    businesses = list(represented_businesses(user))
    business_ids = [business.pk for business in businesses]
    return {
        "generated_at": _when(timezone.now()),
        "account": {
            "full_name": user.full_name,
            "phone": user.phone,
            "email": user.email,
            "role": user.get_role_display(),
            "joined_at": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "language": user.language,
        },
        "consents": [
            {
                "purpose": ConsentPurpose(consent.purpose).label,
                "code": consent.purpose,
                "notice_version": consent.notice_version,
                "channel": consent.get_channel_display(),
                "given_at": _when(consent.given_at),
                "withdrawn_at": _when(consent.withdrawn_at),
            }
            for consent in Consent.objects.filter(user=user).order_by("given_at", "pk")
        ],
        "businesses": [
            {
                "id": business.pk,
                "name": business.name,
                "kind": business.get_kind_display(),
                "tax_code": identity.reveal(business) or None,  # in full: the owner's own data
                "province": business.province.name,
                "ward": business.ward.name if business.ward else "",
                "address": business.address,
                "phone": business.phone,
                "sector": business.sector.name if business.sector else "",
                "employees": business.employees,
                "annual_revenue": str(business.annual_revenue)
                if business.annual_revenue is not None
                else None,
                "verification": business.get_verification_status_display(),
                "programmes": business.programmes,
            }
            for business in businesses
        ],
        "assessments": [
            {
                "business_id": assessment.business_id,
                "programme": assessment.programme,
                "status": assessment.get_status_display(),
                "channel": assessment.get_channel_display(),
                "level": assessment.get_level_display() if assessment.level else "",
                "total_score": str(assessment.total_score) if assessment.total_score is not None else None,
                "submitted_at": _when(assessment.submitted_at),
            }
            for assessment in Assessment.objects.filter(business_id__in=business_ids).order_by(
                "created_at", "pk"
            )
        ],
        "platform_registrations": [
            {
                "business_id": usage.business_id,
                "platform": usage.platform.name,
                "status": usage.get_status_display(),
                "message": usage.message,
                "created_at": _when(usage.created_at),
            }
            for usage in UsageRegistration.objects.filter(business_id__in=business_ids)
            .select_related("platform")
            .order_by("created_at", "pk")
        ],
        "consultations": [
            {
                "business_id": consultation.business_id,
                "topic": consultation.topic,
                "description": consultation.description,
                "status": consultation.get_status_display(),
            }
            for consultation in Consultation.objects.filter(
                Q(requested_by=user) | Q(business_id__in=business_ids)
            ).order_by("pk")
        ],
        "event_registrations": [
            {
                "event": registration.event.title,
                "attendee_name": registration.attendee_name,
                "attendee_phone": registration.attendee_phone,
                "status": registration.get_status_display(),
            }
            for registration in EventRegistration.objects.filter(user=user)
            .select_related("event")
            .order_by("pk")
        ],
        "sms_received": SmsMessage.objects.filter(phone=user.phone).count() if user.phone else 0,
        "requests": [
            {
                "kind": request.get_kind_display(),
                "status": request.get_status_display(),
                "created_at": _when(request.created_at),
                "due_by": _when(request.due_by),
                "outcome": request.outcome,
            }
            for request in DataRequest.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "accessed_by": [
            {
                "who": entry.viewer.get_role_display(),
                "name": entry.viewer.full_name,
                "what": entry.what,
                "at": _when(entry.accessed_at),
            }
            for entry in accesses_of(user, business_ids)
        ],
    }


def accesses_of(user, business_ids: list[int], *, limit: int = 100) -> QuerySet[PersonalDataAccess]:
    """Staff views of the person's own record or of a business they represent, newest first."""
    return (
        PersonalDataAccess.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk))
            | Q(
                content_type=ContentType.objects.get_for_model(Business),
                object_id__in=[str(pk) for pk in business_ids],
            )
        )
        .select_related("viewer")
        .order_by("-accessed_at", "-pk")[:limit]
    )


def request_queue(user, *, status: str = "open") -> QuerySet[DataRequest]:
    """The requests a staff member handles, the nearest deadline first (officers: their province's)."""
    queryset = DataRequest.objects.select_related("user", "business", "handled_by")
    scope = province_scope(user)
    if scope == NO_PROVINCE:
        return queryset.none()
    if scope is not None:
        queryset = queryset.filter(province_id=scope)
    if status == "open":
        queryset = queryset.open()
    elif status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("due_by", "pk")


ACCOUNT_LABELS = {
    "full_name": _("Họ và tên"),
    "phone": _("Số điện thoại"),
    "email": _("Email"),
    "role": _("Vai trò"),
    "joined_at": _("Đăng ký lúc"),
    "last_login": _("Đăng nhập gần nhất"),
    "language": _("Ngôn ngữ"),
}
BUSINESS_LABELS = {
    "name": _("Tên"),
    "kind": _("Loại hình"),
    "tax_code": _("Mã số thuế / số định danh"),
    "province": _("Tỉnh/thành phố"),
    "ward": _("Xã/phường"),
    "address": _("Địa chỉ"),
    "phone": _("Số điện thoại liên hệ"),
    "sector": _("Ngành nghề"),
    "employees": _("Số lao động"),
    "annual_revenue": _("Doanh thu năm (VNĐ)"),
    "verification": _("Xác minh"),
}


def labelled(values: dict[str, Any], labels: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) rows in Vietnamese for the readable PDF."""
    return [(str(label), values.get(key)) for key, label in labels.items()]
