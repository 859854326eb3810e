"""Uploaded documents and images, for every app: PDF, PNG or JPEG only, recognised by their first bytes (not by the
name or type the browser sent), size-limited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SIGNATURES = (
    (b"%PDF-", "application/pdf", {"pdf"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {"png"}),
    (b"\xff\xd8\xff", "image/jpeg", {"jpg", "jpeg"}),
)
DOCUMENT_TYPES = {"application/pdf", "image/png", "image/jpeg"}
IMAGE_TYPES = {"image/png", "image/jpeg"}


def sniff_content_type(head: bytes) -> str | None:
    for signature, content_type, _extensions in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_upload(upload, *, allowed: set[str], max_bytes: int) -> str:
    """Check size, extension, declared and actual content type; return the actual content type."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); tối đa %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    actual = sniff_content_type(head)
    extensions = {ext for _sig, content_type, exts in SIGNATURES if content_type == actual for ext in exts}
    declared = getattr(upload, "content_type", None)
    names = ", ".join(
        sorted(
            ext.upper() for _sig, content_type, exts in SIGNATURES if content_type in allowed for ext in exts
        )
    )
    if (
        actual not in allowed
        or _extension(upload.name) not in extensions
        or (declared and declared not in {actual, "application/octet-stream"})
    ):
        raise ValidationError(_("Chỉ nhận tệp %(types)s.") % {"types": names}, code="file_type")
    return actual
