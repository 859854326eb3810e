"""Certificates for platforms, experts, businesses' DX levels and events: one implementation for all.

Numbering (`NT-2026-7KQ3-M9XD-2HFA`: a random code, so nobody can walk the public pages and PDFs), issue / suspend / reinstate / revoke with the audit log, the PDF rendered by a
Celery task, and a public verification page reached by number or by the QR code printed on the PDF.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from smedx_portal.models import (
    CERTIFICATE_PREFIXES,
    Certificate,
    CertificateKind,
    CertificateStatus,
)
from smedx_portal.pdf import qr_svg, render_pdf
from smedx_portal.services import audit_log

NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud or typed from paper


def certificate_number(kind: str, year: int) -> str:
    """`<prefix>-<year>-XXXX-XXXX-XXXX`: 12 random characters of an unambiguous alphabet (60 bits), not a count."""
    while True:
        code = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(12))
        number = f"{CERTIFICATE_PREFIXES[CertificateKind(kind)]}-{year}-{code[:4]}-{code[4:8]}-{code[8:]}"
        if not Certificate.objects.filter(number=number).exists():
            return number


def verification_url(certificate: Certificate) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "certificate_verify", kwargs={"number": certificate.number}
    )


@transaction.atomic
def certificate_issue(
    *,
    kind: str,
    subject: models.Model,
    holder_name: str,
    title: str,
    scope: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    issued_by: Any | None = None,
) -> Certificate:
    """Issue a certificate and queue its PDF. The caller checks that the subject deserves it."""
    valid_from = valid_from or timezone.localdate()
    certificate = Certificate(
        number=certificate_number(kind, valid_from.year),
        kind=kind,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        holder_name=holder_name,
        title=title,
        scope=scope,
        valid_from=valid_from,
        valid_until=valid_until,
        issued_by=issued_by if getattr(issued_by, "pk", None) else None,
    )
    certificate.full_clean()
    certificate.save()
    audit_log(
        actor=issued_by, obj=certificate, action="certificate.issue", data={"number": certificate.number}
    )
    from smedx_portal.tasks import render_certificate_pdf

    transaction.on_commit(lambda: render_certificate_pdf.delay(certificate.pk))
    return certificate


def _set_status(
    certificate: Certificate, *, status: str, actor: Any, reason: str, action: str
) -> Certificate:
    if not reason.strip():
        from django.core.exceptions import ValidationError

        raise ValidationError({"status_reason": "Cần nêu lý do."})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        locked.status = status
        locked.status_reason = reason
        locked.save(update_fields=["status", "status_reason"])
        audit_log(actor=actor, obj=locked, action=action, reason=reason)
    return locked


def certificate_suspend(*, certificate: Certificate, actor: Any, reason: str) -> Certificate:
    return _set_status(
        certificate,
        status=CertificateStatus.SUSPENDED,
        actor=actor,
        reason=reason,
        action="certificate.suspend",
    )


def certificate_reinstate(*, certificate: Certificate, actor: Any, reason: str) -> Certificate:
    return _set_status(
        certificate,
        status=CertificateStatus.ACTIVE,
        actor=actor,
        reason=reason,
        action="certificate.reinstate",
    )


def certificate_revoke(*, certificate: Certificate, actor: Any, reason: str) -> Certificate:
    return _set_status(
        certificate, status=CertificateStatus.REVOKED, actor=actor, reason=reason, action="certificate.revoke"
    )


def certificates_for(subject: models.Model):
    return Certificate.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
    ).order_by("-issued_at")


def certificate_render_pdf(certificate_id: int) -> Certificate:
    """Render (or re-render) the PDF. Idempotent: a retry overwrites the same file name."""
    certificate = Certificate.objects.get(pk=certificate_id)
    url = verification_url(certificate)
    pdf = render_pdf(
        "core/certificate_pdf.html",
        {"certificate": certificate, "verification_url": url, "qr_svg": qr_svg(url, scale=3)},
    )
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(pdf), save=False)
    certificate.pdf_rendered_at = timezone.now()
    certificate.save(update_fields=["pdf", "pdf_rendered_at"])
    return certificate


def certificate_pdf_is_current(certificate: Certificate) -> bool:
    """The stored PDF was rendered for the certificate's current number (a renumbered one prints the old)."""
    if not certificate.pdf or certificate.pdf_rendered_at is None:
        return False
    return certificate.pdf.name.rsplit("/", 1)[-1].startswith(f"{certificate.number}")


def certificates_without_current_pdf() -> models.QuerySet[Certificate]:
    """No PDF yet, or one that may print an old number (renumbered: `pdf_rendered_at` cleared)."""
    return Certificate.objects.filter(models.Q(pdf="") | models.Q(pdf_rendered_at__isnull=True))


def certificate_pdf_invalidate(certificate: Certificate) -> bool:
    """Delete a PDF that does not print the current number, so it is never served again. True if one was."""
    if not certificate.pdf or certificate_pdf_is_current(certificate):
        return False
    certificate.pdf.delete(save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", pdf_rendered_at=None)
    return True


def certificate_pdf_request(certificate: Certificate) -> None:
    """A PDF is missing (renumbered, or still being made): queue its rendering once every few minutes."""
    from smedx_portal.tasks import render_certificate_pdf

    if cache.add(f"certificate-pdf-render:{certificate.pk}", True, timeout=300):
        transaction.on_commit(lambda: render_certificate_pdf.delay(certificate.pk))
