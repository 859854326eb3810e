"""A signed-in person's responses get `Cache-Control: private, no-store`, exactly as `patch_cache_control` wrote
it; a view's own Cache-Control and anonymous responses are left alone."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import patch_cache_control

from smedx_portal.middleware import PrivateCacheMiddleware


class SignedIn:
    is_authenticated = True


def answer(user, view=lambda request: HttpResponse("ok")):
    request = RequestFactory().get("/")
    request.user = user
    return PrivateCacheMiddleware(view)(request)


def test_the_header_is_patch_cache_controls():
    expected = HttpResponse()
    patch_cache_control(expected, private=True, no_store=True)
    assert answer(SignedIn())["Cache-Control"] == expected["Cache-Control"] == "private, no-store"


def test_a_views_own_header_and_anonymous_responses_are_kept():
    def public(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    assert answer(SignedIn(), public)["Cache-Control"] == "public, max-age=3600"
    assert not answer(AnonymousUser()).has_header("Cache-Control")
