"""Provider uploads: documents (PDF/PNG/JPEG) and logos (PNG/JPEG), checked by the core's upload rules."""

from __future__ import annotations

from django.conf import settings

from smedx_portal.uploads import DOCUMENT_TYPES, IMAGE_TYPES, sniff_content_type, validate_upload

__all__ = ["sniff_content_type", "validate_document", "validate_logo"]


def validate_document(upload) -> str:
    return validate_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=settings.PLATFORMS_DOCUMENT_MAX_BYTES)


def validate_logo(upload) -> str:
    return validate_upload(upload, allowed=IMAGE_TYPES, max_bytes=settings.PLATFORMS_LOGO_MAX_BYTES)
