"""The portal's CSP middleware (`smedx_portal.middleware.CSPMiddleware`) writes, byte for byte, the headers
django-csp's own middleware writes: for the settings' policy (built once), for a view that changes the policy,
for a page that uses a nonce, for a report-only policy; and a nonce asked for after the header is an error."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.decorators import csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as DjangoCspMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from smedx_portal.middleware import CSPMiddleware


def plain(request):
    return HttpResponse("ok")


@csp_update({"img-src": ["https://tiles.example.vn"]})
def updating(request):
    return HttpResponse("ok")


@csp_replace({"script-src": ["'self'", "https://cdn.example.vn"]})
def replacing(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def headers(middleware_class, view, path="/trang/"):
    request = RequestFactory().get(path)
    middleware = middleware_class(view)
    response = middleware(request)
    return request, {name: response.get(name) for name in (HEADER, HEADER_REPORT_ONLY)}


@pytest.mark.parametrize("view", [plain, updating, replacing, with_nonce], ids=lambda view: view.__name__)
def test_the_headers_are_django_csps(view):
    _, ours = headers(CSPMiddleware, view)
    _, theirs = headers(DjangoCspMiddleware, view)
    if view is with_nonce:  # a new nonce each request: the same policy around it
        assert ours[HEADER].split("'nonce-")[0] == theirs[HEADER].split("'nonce-")[0]
    else:
        assert ours == theirs
    assert ours[HEADER] and ours[HEADER_REPORT_ONLY] is None


def test_the_settings_policy_is_written(settings):
    _, ours = headers(CSPMiddleware, plain)
    assert "default-src 'self'" in ours[HEADER] and "frame-ancestors 'none'" in ours[HEADER]


def test_changed_settings_are_followed_report_only_and_excluded_prefixes_too(settings):
    settings.CONTENT_SECURITY_POLICY = {
        "EXCLUDE_URL_PREFIXES": ["/ngoai-le/"],
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]},
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    for path in ("/trang/", "/ngoai-le/trang/"):
        assert headers(CSPMiddleware, plain, path)[1] == headers(DjangoCspMiddleware, plain, path)[1]
    assert headers(CSPMiddleware, plain)[1] == {
        HEADER: headers(DjangoCspMiddleware, plain)[1][HEADER],
        HEADER_REPORT_ONLY: "default-src 'none'",
    }
    assert headers(CSPMiddleware, plain, "/ngoai-le/trang/")[1][HEADER] is None


def test_a_nonce_after_the_header_is_an_error():
    request, _ = headers(CSPMiddleware, plain)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_a_header_set_by_the_view_is_kept():
    def own(request):
        response = HttpResponse("ok")
        response[HEADER] = "default-src 'none'"
        return response

    assert headers(CSPMiddleware, own)[1][HEADER] == "default-src 'none'"
