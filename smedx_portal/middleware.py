"""Responses to a signed-in person are theirs alone: `Cache-Control: private, no-store`.

Pages and downloads of a signed-in user carry personal data (my business, results, certificates' private views,
report files, the data download): no shared proxy and no browser cache may keep them. A view that chose its own
Cache-Control (public reference data such as the ward list) keeps it."""

from __future__ import annotations

from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
