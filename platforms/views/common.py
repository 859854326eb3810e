"""Helpers shared by the public and the provider views."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

from accounts.permissions import is_ministry_staff
from smedx_portal.programmes import Programme

PROGRAMME_SLUGS = {"smedx": Programme.SMEDX, "rdx": Programme.RDX}


def _page(request, queryset, per_page: int | None = None):
    return Paginator(queryset, per_page or settings.PLATFORMS_PAGE_SIZE).get_page(request.GET.get("page"))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_staff", False) and user.is_active) or is_ministry_staff(user)
