"""Checks on uploaded documents: size, extension and the file's real type (its first bytes)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> the signatures a real file of that type starts with
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
DOCUMENT_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def validate_document(upload) -> None:
    """A PDF, PNG or JPEG no larger than EXPERTS_DOCUMENT_MAX_BYTES whose content matches its extension."""
    max_bytes = settings.EXPERTS_DOCUMENT_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("Tệp quá lớn: tối đa %(max)s.") % {"max": filesizeformat(max_bytes)}, code="too_large"
        )
    extension = Path(upload.name).suffix.lower()
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(_("Chỉ nhận tệp PDF, PNG hoặc JPEG."), code="extension")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("Nội dung tệp không đúng định dạng %(ext)s.") % {"ext": extension}, code="type"
        )
