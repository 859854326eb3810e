"""Applying to the network and staff vetting: approve, ask for more information, reject — each logged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from businesses.selectors import businesses_of
from businesses.validators import organisation_tax_code_field
from experts.models import (
    ApplicationDocument,
    ApplicationStatus,
    Expert,
    ExpertApplication,
    ExpertSpecialty,
    ExpertStatus,
)
from experts.notifications import notify_on_commit
from experts.validators import validate_document
from smedx_portal.services import audit_log
from smedx_portal.taxonomy import SPECIALTY_CHOICES
from smedx_portal.text import search_key

APPLICATION_FIELDS = (
    "kind",
    "name",
    "tax_code",
    "headline",
    "bio",
    "specialties",
    "languages",
    "years_experience",
    "references",
)
MAX_DOCUMENTS = 10


def _apply_data(application: ExpertApplication, data: dict[str, Any]) -> None:
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    application.tax_code = organisation_tax_code_field(application.tax_code) or ""
    valid_codes = {code for code, _label in SPECIALTY_CHOICES}
    if not application.specialties or not set(application.specialties) <= valid_codes:
        raise ValidationError({"specialties": _("Chọn ít nhất một chuyên môn trong danh mục.")})


def _set_relations(application: ExpertApplication, data: dict[str, Any]) -> None:
    if "sectors" in data:
        application.sectors.set(data["sectors"])
    if "provinces" in data:
        if not data["provinces"]:
            raise ValidationError({"provinces": _("Chọn ít nhất một tỉnh/thành phố phục vụ.")})
        application.provinces.set(data["provinces"])


@transaction.atomic
def application_submit(*, user, data: dict[str, Any]) -> ExpertApplication:
    if ExpertApplication.objects.filter(user=user).exclude(status=ApplicationStatus.REJECTED).exists():
        raise ValidationError(_("Bạn đã có một hồ sơ đăng ký chuyên gia."))
    application = ExpertApplication(
        user=user, status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    _apply_data(application, data)
    application.full_clean()
    application.save()
    _set_relations(application, data)
    return application


@transaction.atomic
def application_resubmit(*, application: ExpertApplication, user, data: dict[str, Any]) -> ExpertApplication:
    """The applicant edits an application staff sent back and submits it again."""
    application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
    if application.user_id != user.pk:
        raise PermissionDenied
    if application.status != ApplicationStatus.NEEDS_INFO:
        raise ValidationError(_("Chỉ sửa được hồ sơ đang được yêu cầu bổ sung."))
    _apply_data(application, data)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.resubmissions += 1
    application.full_clean()
    application.save()
    _set_relations(application, data)
    audit_log(actor=user, obj=application, action="expert_application.resubmit")
    return application


@transaction.atomic
def application_add_document(*, application: ExpertApplication, user, upload) -> ApplicationDocument:
    if application.user_id != user.pk:
        raise PermissionDenied
    if not application.accepts_documents:
        raise ValidationError(_("Hồ sơ đã được xét, không nhận thêm tài liệu."))
    if application.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(_("Mỗi hồ sơ có tối đa %(n)s tài liệu.") % {"n": MAX_DOCUMENTS})
    content_type = validate_document(upload)
    document = ApplicationDocument(
        application=application,
        name=Path(upload.name).name[:200],
        content_type=content_type,
        size=upload.size,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    return document


def _decide(
    application: ExpertApplication, *, actor, status: str, reason: str, action: str
) -> ExpertApplication:
    if application.status not in {ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO}:
        raise ValidationError(_("Hồ sơ này đã được xét."))
    application.status = status
    application.decision_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.full_clean()
    application.save()
    audit_log(actor=actor, obj=application, action=action, reason=reason)
    return application


@transaction.atomic
def application_request_info(*, application: ExpertApplication, actor, reason: str) -> ExpertApplication:
    if not reason.strip():
        raise ValidationError({"reason": _("Cần nêu thông tin cần bổ sung.")})
    application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Chỉ yêu cầu bổ sung với hồ sơ đang chờ xét."))
    _decide(
        application,
        actor=actor,
        status=ApplicationStatus.NEEDS_INFO,
        reason=reason,
        action="expert_application.request_info",
    )
    notify_on_commit("application.needs_info", application.pk)
    return application


@transaction.atomic
def application_reject(*, application: ExpertApplication, actor, reason: str) -> ExpertApplication:
    if not reason.strip():
        raise ValidationError({"reason": _("Cần nêu lý do từ chối.")})
    application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
    _decide(
        application,
        actor=actor,
        status=ApplicationStatus.REJECTED,
        reason=reason,
        action="expert_application.reject",
    )
    notify_on_commit("application.rejected", application.pk)
    return application


def expert_search_key(expert: Expert, specialty_labels: list[str]) -> str:
    return search_key(" ".join([expert.name, expert.headline, *specialty_labels]))


@transaction.atomic
def application_approve(*, application: ExpertApplication, actor, reason: str = "") -> Expert:
    """Accept the applicant into the network: their expert profile is created (or refreshed) from the
    application. Certification comes later, after training (`expert_certify`)."""
    application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
    _decide(
        application,
        actor=actor,
        status=ApplicationStatus.APPROVED,
        reason=reason,
        action="expert_application.approve",
    )
    expert = Expert.objects.filter(user=application.user).first() or Expert(user=application.user)
    expert.application = application
    for name in ("kind", "name", "headline", "bio", "years_experience", "languages"):
        setattr(expert, name, getattr(application, name))
    if expert.status == ExpertStatus.REMOVED:
        expert.status, expert.status_reason = ExpertStatus.ACTIVE, ""
    expert.save()
    expert.sectors.set(application.sectors.all())
    expert.provinces.set(application.provinces.all())
    expert.specialties.all().delete()
    ExpertSpecialty.objects.bulk_create(
        ExpertSpecialty(expert=expert, code=code) for code in application.specialties
    )
    labels = dict(SPECIALTY_CHOICES)
    expert.search_key = expert_search_key(expert, [str(labels[code]) for code in application.specialties])
    expert.save(update_fields=["search_key"])

    user = application.user
    if user.role == Role.BUSINESS and not businesses_of(user).exists():
        user.role = Role.EXPERT
        user.save(update_fields=["role"])
    notify_on_commit("application.approved", application.pk)
    return expert
