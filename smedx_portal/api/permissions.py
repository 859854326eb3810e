"""Scopes. A view names what it needs per method in `required_scopes` (any one of a list is enough):

    required_scopes = {"GET": ["leads:read"], "POST": ["leads:write"]}

Views that serve province systems too accept `province:<code>:read` through `accepts_province_scopes`.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from smedx_portal.api.errors import MissingScope
from smedx_portal.api.keys import province_codes
from smedx_portal.models import ApiKey


def key_scopes(request) -> list[str]:
    return list(request.auth.scopes) if isinstance(request.auth, ApiKey) else []


def required_scopes_for(view, method: str) -> list[str]:
    required = getattr(view, "required_scopes", None) or {}
    if method == "HEAD":
        method = "GET"
    return list(required.get(method, required.get("*", [])))


class HasScope(BasePermission):
    """A usable key (authentication already refused bad ones) holding one of the view's scopes for the method."""

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, ApiKey):
            return False  # DRF answers 401 authentication_required
        required = required_scopes_for(view, request.method)
        if not required:
            return True
        scopes = set(key_scopes(request))
        if scopes & set(required):
            return True
        if getattr(view, "accepts_province_scopes", False) and province_codes(list(scopes)):
            return True
        raise MissingScope(required)
