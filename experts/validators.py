"""Experts' application documents: PDF, PNG or JPEG, checked by the core's upload rules."""

from __future__ import annotations

from django.conf import settings

from smedx_portal.uploads import DOCUMENT_TYPES, validate_upload


def validate_document(upload) -> str:
    """A PDF, PNG or JPEG no larger than EXPERTS_DOCUMENT_MAX_BYTES whose content matches its name; returns
    the content type read from the file itself."""
    return validate_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=settings.EXPERTS_DOCUMENT_MAX_BYTES)
