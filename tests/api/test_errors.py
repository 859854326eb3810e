"""One error format everywhere: a stable code, a message in the caller's language, details; never a 500."""

from __future__ import annotations

import pytest
from django.utils import translation

from smedx_portal.api.errors import MESSAGES

pytestmark = pytest.mark.django_db


def _expected(code: str, language: str) -> str:
    with translation.override(language):
        return str(MESSAGES[code])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_key_answers_401_in_the_callers_language(call, language):
    response = call("get", "/api/v1/stats/businesses/", language=language)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == language
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "error": {
            "code": "authentication_required",
            "message": _expected("authentication_required", language),
            "details": {},
        }
    }


def test_the_vietnamese_message_is_the_source_text(call):
    body = call("get", "/api/v1/key/", language="vi").json()
    assert body["error"]["message"] == "Cần khóa API: gửi tiêu đề Authorization: Bearer <khóa>."


def test_an_unknown_api_path_is_a_json_404(call, issue_key):
    _key, raw = issue_key(["stats:read"])
    for url in ("/api/v1/khong-co/", "/api/v2/", "/api/"):
        response = call("get", url, key=raw)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"


def test_a_wrong_method_is_a_json_405(call, issue_key):
    _key, raw = issue_key(["stats:read"])
    response = call("delete", "/api/v1/stats/businesses/", key=raw)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_malformed_json_and_other_media_types_are_400_and_415(call, issue_key):
    _key, raw = issue_key(["identity:read"])
    response = call(
        "post", "/api/v1/identity/lookup/", key=raw, data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"
    response = call(
        "post", "/api/v1/identity/lookup/", key=raw, data="tax_codes=1", content_type="text/plain"
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_invalid_parameters_name_the_field(call, issue_key):
    _key, raw = issue_key(["stats:read"])
    response = call("get", "/api/v1/stats/businesses/?group_by=ward&province=1", key=raw)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert set(error["details"]["fields"]) == {"group_by", "province"}


def test_errors_are_json_even_when_csv_was_asked_for(call, issue_key):
    _key, raw = issue_key(["stats:read"])
    response = call("get", "/api/v1/stats/businesses/?format=csv&kind=robot", key=raw)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "invalid_parameter"
