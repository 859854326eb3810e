"""/api/: the caller's language from Accept-Language, and the call log of /api/v1/ (key, endpoint, status, time).

The site's LocaleMiddleware gives every unprefixed URL the default language (Vietnamese), which is right for
pages; the API has one address for every language, so its language comes from the Accept-Language header.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time

from django.conf import settings
from django.utils import timezone, translation

from smedx_portal.api.errors import api_not_found
from smedx_portal.models import ApiCall

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
LOGGED_PREFIX = "/api/v1/"


def _endpoint(request) -> str:
    """The route that answered (`/api/v1/provider/usage-registrations/<int:pk>/`), not the concrete path."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.route or match.func is api_not_found:
        return ""
    return "/" + match.route.lstrip("^").rstrip("$")


def client_ip(request) -> str | None:
    """The caller's address; behind N trusted proxies, the N-th address from the right of X-Forwarded-For."""
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return None
    return request.META.get("REMOTE_ADDR") or None


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        if not request.path.startswith(LOGGED_PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        request.api_call_note = {}  # the authentication writes the key here
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"  # leads and keyed answers never sit in a shared cache
        key = request.api_call_note.get("key")
        try:
            ApiCall.objects.create(
                created_at=timezone.now(),
                key=key,
                key_prefix=key.prefix if key else _prefix_of(request),
                method=request.method[:8],
                endpoint=_endpoint(request)[:200],
                path=request.path[:255],
                status_code=response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000),
                client_ip=client_ip(request),
            )
        except Exception:  # the log must never break an answer
            logger.exception("Could not write the API call log")
        return response


def _prefix_of(request) -> str:
    """The prefix a refused caller presented, so staff can see which (revoked, expired) key keeps calling."""
    match = _PRESENTED_PREFIX.match(request.META.get("HTTP_AUTHORIZATION", ""))
    return match.group(1) if match else ""


_PRESENTED_PREFIX = re.compile(r"^Bearer\s+smx_([a-z0-9]{8})_", re.IGNORECASE)
