"""Certifying experts after training, through the core certificate machinery (one implementation for all)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from experts.models import Expert, ExpertStatus
from experts.notifications import notify_on_commit
from smedx_portal.certificates import (
    certificate_issue,
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
)
from smedx_portal.models import CertificateKind, CertificateStatus
from smedx_portal.services import audit_log

CERTIFICATE_TITLE = "Chuyên gia tư vấn chuyển đổi số — Mạng lưới chuyên gia tư vấn chuyển đổi số"


@transaction.atomic
def expert_certify(
    *,
    expert: Expert,
    actor,
    training_course: str,
    training_completed_on: datetime.date,
    valid_from: datetime.date,
    valid_until: datetime.date,
    scope: str = "",
):
    """Issue the expert's certificate after training. A new certificate replaces the previous one."""
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.status != ExpertStatus.ACTIVE:
        raise ValidationError(_("Chỉ cấp chứng nhận cho chuyên gia đang hoạt động."))
    if not training_course.strip() or training_completed_on is None:
        raise ValidationError({"training_course": _("Cần ghi khóa đào tạo đã hoàn thành.")})
    if valid_until <= valid_from:
        raise ValidationError({"valid_until": _("Ngày hết hiệu lực phải sau ngày bắt đầu.")})
    if training_completed_on > valid_from:
        raise ValidationError({"valid_from": _("Chứng nhận chỉ có hiệu lực sau khi hoàn thành đào tạo.")})
    if not scope.strip():
        scope = ", ".join(expert.specialty_labels())
    previous = expert.certificate
    certificate = certificate_issue(
        kind=CertificateKind.EXPERT,
        subject=expert,
        holder_name=expert.name,
        title=CERTIFICATE_TITLE,
        scope=scope,
        valid_from=valid_from,
        valid_until=valid_until,
        issued_by=actor,
    )
    if previous is not None and previous.status == CertificateStatus.ACTIVE:
        certificate_revoke(
            certificate=previous,
            actor=actor,
            reason=_("Thay thế bởi chứng nhận %(n)s") % {"n": certificate.number},
        )
    expert.certificate = certificate
    expert.training_course = training_course
    expert.training_completed_on = training_completed_on
    expert.save(update_fields=["certificate", "training_course", "training_completed_on"])
    audit_log(actor=actor, obj=expert, action="expert.certify", data={"number": certificate.number})
    notify_on_commit("expert.certified", expert.pk)
    return certificate


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Cần nêu lý do.")})


@transaction.atomic
def expert_suspend(*, expert: Expert, actor, reason: str) -> Expert:
    _require_reason(reason)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.status != ExpertStatus.ACTIVE:
        raise ValidationError(_("Chuyên gia không ở trạng thái đang hoạt động."))
    expert.status, expert.status_reason = ExpertStatus.SUSPENDED, reason
    expert.save(update_fields=["status", "status_reason"])
    if expert.certificate is not None and expert.certificate.status == CertificateStatus.ACTIVE:
        certificate_suspend(certificate=expert.certificate, actor=actor, reason=reason)
    audit_log(actor=actor, obj=expert, action="expert.suspend", reason=reason)
    return expert


@transaction.atomic
def expert_reinstate(*, expert: Expert, actor, reason: str) -> Expert:
    _require_reason(reason)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.status != ExpertStatus.SUSPENDED:
        raise ValidationError(_("Chỉ khôi phục được chuyên gia đang bị tạm đình chỉ."))
    expert.status, expert.status_reason = ExpertStatus.ACTIVE, ""
    expert.save(update_fields=["status", "status_reason"])
    if expert.certificate is not None and expert.certificate.status == CertificateStatus.SUSPENDED:
        certificate_reinstate(certificate=expert.certificate, actor=actor, reason=reason)
    audit_log(actor=actor, obj=expert, action="expert.reinstate", reason=reason)
    return expert


@transaction.atomic
def expert_remove(*, expert: Expert, actor, reason: str) -> Expert:
    """Take the expert out of the network; the certificate is revoked and open requests go back."""
    from experts.services.consultations import consultations_release_for_expert

    _require_reason(reason)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.status == ExpertStatus.REMOVED:
        raise ValidationError(_("Chuyên gia đã được đưa ra khỏi mạng lưới."))
    expert.status, expert.status_reason = ExpertStatus.REMOVED, reason
    expert.save(update_fields=["status", "status_reason"])
    if expert.certificate is not None and expert.certificate.status != CertificateStatus.REVOKED:
        certificate_revoke(certificate=expert.certificate, actor=actor, reason=reason)
    consultations_release_for_expert(expert=expert, reason=reason)
    audit_log(actor=actor, obj=expert, action="expert.remove", reason=reason)
    return expert
