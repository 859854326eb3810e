"""Throttling per key: a key's own rate (`ApiKey.throttle_rate`) or API_THROTTLE_RATE, answered with 429 and
Retry-After. Counters live in the shared cache (Redis in production), so every web process counts together."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from smedx_portal.models import ApiKey


class ApiKeyThrottle(SimpleRateThrottle):
    scope = "api_key"
    cache_format = "api-throttle:%(ident)s"

    def allow_request(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            return True  # no key: authentication or permissions refuse the call anyway
        self.rate = key.throttle_rate or settings.API_THROTTLE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": request.auth.prefix}
