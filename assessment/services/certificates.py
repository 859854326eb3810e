"""Verification of a submitted result by staff and the DX-level certificate it issues or revokes."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_or_officer, province_scope
from assessment.models import Assessment, ResultVerification, VerificationStatus
from smedx_portal.levels import LEVEL_MEANINGS, Level
from smedx_portal.programmes import short_name
from smedx_portal.services import audit_log
from smedx_portal.sms import send_sms
from smedx_portal.text import strip_diacritics


def can_verify(user, assessment: Assessment) -> bool:
    if not is_staff_or_officer(user):
        return False
    scope = province_scope(user)
    return scope is None or scope == assessment.business.province_id


CERTIFICATE_VALIDITY_DAYS = 365


@transaction.atomic
def assessment_verify(*, assessment: Assessment, actor: Any, status: str, reason: str = ""):
    """A province officer (own province) or ministry staff confirms or rejects a submitted result.

    Confirming issues the DX-level certificate (PDF rendered by Celery after commit).
    """
    if not can_verify(actor, assessment):
        raise PermissionDenied
    if not assessment.is_submitted:
        raise ValidationError(_("Chỉ xác nhận được bài đánh giá đã nộp."))
    if status not in VerificationStatus.values:
        raise ValidationError(_("Kết quả xác nhận không hợp lệ."))
    if status == VerificationStatus.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Cần nêu lý do không xác nhận.")})
    verification, _created = ResultVerification.objects.select_for_update().get_or_create(
        assessment=assessment, defaults={"status": status, "reason": reason, "decided_by": actor}
    )
    if not _created:
        if verification.status == status:
            return verification
        verification.status = status
        verification.reason = reason
        verification.decided_by = actor
        verification.full_clean()
        verification.save()
    audit_log(actor=actor, obj=assessment, action=f"assessment.{status}", reason=reason)
    if status == VerificationStatus.VERIFIED:
        certificate = _issue_certificate(assessment, actor)
        if certificate is not None:
            from assessment.tasks import notify_certificate_holder

            transaction.on_commit(partial(notify_certificate_holder.delay, certificate.pk))
    else:
        _revoke_certificates(assessment, actor, reason)
    return verification


def _issue_certificate(assessment: Assessment, actor: Any):
    """The certificate's texts are in Vietnamese whatever the language of the officer's page."""
    from smedx_portal.certificates import certificates_for
    from smedx_portal.models import CertificateStatus

    if certificates_for(assessment).filter(status=CertificateStatus.ACTIVE).exists():
        return None
    with translation.override("vi"):
        return _issue_certificate_vi(assessment, actor)


def _issue_certificate_vi(assessment: Assessment, actor: Any):
    from assessment.timeline import version_label
    from smedx_portal.certificates import certificate_issue
    from smedx_portal.models import CertificateKind

    business = assessment.business
    level_label = Level(assessment.level).label
    submitted = timezone.localtime(assessment.submitted_at).date()
    return certificate_issue(
        kind=CertificateKind.BUSINESS_LEVEL,
        subject=assessment,
        holder_name=business.name,
        # The programme is named in the title: a business may hold one certificate per programme, each from
        # that programme's own result (this assessment), never the other programme's.
        title=_("Chương trình %(programme)s — đạt mức độ chuyển đổi số: %(level)s (%(score)s/100 điểm)")
        % {
            "programme": short_name(assessment.programme),
            "level": level_label,
            "score": _score_text(assessment.total_score),
        },
        scope=_("%(meaning)s. Theo %(criteria)s; đánh giá ngày %(date)s.")
        % {
            "meaning": LEVEL_MEANINGS[Level(assessment.level)],
            "criteria": version_label(assessment.criteria_set),
            "date": submitted.strftime("%d/%m/%Y"),
        },
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + datetime.timedelta(days=CERTIFICATE_VALIDITY_DAYS),
        issued_by=actor,
    )


def _revoke_certificates(assessment: Assessment, actor: Any, reason: str) -> None:
    from smedx_portal.certificates import certificate_revoke, certificates_for
    from smedx_portal.models import CertificateStatus

    for certificate in certificates_for(assessment).exclude(status=CertificateStatus.REVOKED):
        certificate_revoke(certificate=certificate, actor=actor, reason=reason)


def _score_text(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def certificate_notify_holder(*, certificate_id: int) -> bool:
    """Tell the business's owner by SMS that its DX-level certificate was issued. Sent once: the certificate
    row is locked and stamped in the same transaction, so a retried or repeated task sends nothing more."""
    from businesses.selectors import representatives
    from smedx_portal.models import Certificate

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if certificate is None or certificate.holder_notified_at:
            return False
        assessment = Assessment.objects.select_related("business").get(pk=certificate.object_id)
        owner = next((m.user for m in representatives(assessment.business) if m.user.phone), None)
        if owner is None:
            return False
        with translation.override(getattr(owner, "language", None) or settings.LANGUAGE_CODE):
            text = _(
                "%(business)s da duoc xac nhan muc do chuyen doi so %(programme)s: %(level)s. "
                "Giay chung nhan %(number)s: %(url)s"
            ) % {
                "business": assessment.business.name,
                "programme": short_name(assessment.programme),
                "level": Level(assessment.level).label,
                "number": certificate.number,
                "url": settings.PORTAL_BASE_URL + certificate.get_absolute_url(),
            }
        send_sms(owner.phone, strip_diacritics(text), reference=f"certificate-{certificate.pk}")
        certificate.holder_notified_at = timezone.now()
        certificate.save(update_fields=["holder_notified_at"])
    return True
