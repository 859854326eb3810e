"""Responses to a signed-in person are theirs alone: `Cache-Control: private, no-store`.

Pages and downloads of a signed-in user carry personal data (my business, results, certificates' private views,
report files, the data download): no shared proxy and no browser cache may keep them. A view that chose its own
Cache-Control (public reference data such as the ward list) keeps it.

And the content security policy (django-csp's, its header built once per process)."""

from __future__ import annotations

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, PolicyParts
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.dispatch import receiver
from django.test.signals import setting_changed


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            # What `patch_cache_control(response, private=True, no_store=True)` writes on a response without the
            # header, without its parsing.
            response["Cache-Control"] = "private, no-store"
        return response


# --- the content security policy ------------------------------------------------------------------------------
NO_POLICY_PARTS = PolicyParts()


@functools.cache
def settings_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, excluded URL prefixes) of CONTENT_SECURITY_POLICY and of …_REPORT_ONLY (if set), each
    built by django-csp's own `build_policy` from the settings, once per process (until a setting changes)."""
    policies = []
    for header, name, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        policy = build_policy(report_only=report_only)
        if policy:
            prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            policies.append((header, policy, tuple(prefixes)))
    return tuple(policies)


@receiver(setting_changed)
def forget_policies(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        settings_policies.cache_clear()


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, with the policy of the settings built once per process instead of twice per
    response (enforced and report-only: 0.1–0.2 ms of every request's CPU).

    A response whose view asked for its own policy (`csp_update`, `csp_replace`, `csp`), a page that used
    `request.csp_nonce`, and DEBUG's error pages go through django-csp's own `process_response`, unchanged: the
    shortcut is taken only when `get_policy_parts` (django-csp's documented extension point) finds nothing
    per-request, and then writes the very strings django-csp would. The project exempts no view (`csp_exempt`
    is not honoured by the shortcut: such a view would still get the policy, the stricter outcome)."""

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or self.get_policy_parts(request=request, response=response) != NO_POLICY_PARTS
            or self.get_policy_parts(request=request, response=response, report_only=True) != NO_POLICY_PARTS
        ):
            return super().process_response(request, response)
        for header, policy, excluded in settings_policies():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
