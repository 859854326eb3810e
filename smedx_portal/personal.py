"""Personal data helpers every app shares: the keyed hash of a phone and the staff access log.

    phone_key("+84912345678")          # 64 hex characters; the same phone always gives the same key
    log_access(viewer=request.user, obj=business, what=_("Hồ sơ doanh nghiệp"))
    log_access(viewer=request.user, obj=None, what=_("Xuất CSV"), kind=AccessKind.EXPORT, count=1200)

The keyed hash (HMAC-SHA256 with PERSONAL_HASH_KEY) is what remains of a deleted person's phone: yearly
counts of people reached stay right without the number. Without the key it cannot be reversed by trying
every Vietnamese mobile number.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from smedx_portal.models import AccessKind, PersonalDataAccess


def phone_key(phone: str) -> str:
    return hmac.new(settings.PERSONAL_HASH_KEY.encode(), phone.encode(), hashlib.sha256).hexdigest()


def phone_pseudonym(phone: str) -> str:
    """What replaces a deleted person's phone in the rows that stay (campaign messages, event registrations):
    16 characters, distinct per phone, so counts of distinct recipients stay right."""
    return "#" + phone_key(phone)[:15]


def is_staff_viewer(user: Any) -> bool:
    """Ministry staff and province officers: their views of someone else's record are logged."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.role in ("ministry_staff", "moit_staff", "province_officer")
    )


def log_access(
    *,
    viewer: Any,
    obj: models.Model | None,
    what: str,
    kind: str = AccessKind.VIEW,
    count: int | None = None,
) -> PersonalDataAccess | None:
    """Record that a staff member saw (or exported) personal data; nothing for anyone else."""
    if not is_staff_viewer(viewer):
        return None
    return PersonalDataAccess.objects.create(
        viewer=viewer,
        kind=kind,
        what=str(what)[:200],
        count=count,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
    )


class AccessLoggedAdminMixin:
    """ModelAdmin: a staff member opening a person's or a business's record in the admin is logged, and so is an
    export of its list (django-import-export's `get_export_data`, where the admin has one)."""

    access_label = ""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original") if request.method == "GET" else None
        if obj is not None:
            log_access(viewer=request.user, obj=obj, what=self.access_label or str(obj._meta.verbose_name))
        return response

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        what = f"{self.model._meta.verbose_name_plural} ({file_format.get_title()})"
        log_access(viewer=request.user, obj=None, kind=AccessKind.EXPORT, what=what, count=queryset.count())
        return data
