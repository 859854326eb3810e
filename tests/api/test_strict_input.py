"""API input found loose in issue 19: an empty enum value is refused (it was read as "no filter"), a non-ASCII
cursor is a 400, a path with a newline is a JSON 404, `0100000008` is refused for its check digit; and every
error is JSON with a stable code."""

from __future__ import annotations

import pytest

from smedx_portal.api.errors import ERROR_CODES

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/businesses/"
CATALOGUE = "/api/v1/catalogue/groups/"
CRITERIA = "/api/v1/assessment/criteria-sets/"


def _error(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    error = response.json()["error"]
    assert error["code"] in ERROR_CODES and error["message"]
    return error


@pytest.mark.parametrize(
    ("url", "scope", "parameter"),
    [
        (STATS, "stats:read", "kind"),
        (STATS, "stats:read", "level"),
        (STATS, "stats:read", "programme"),
        (STATS, "stats:read", "province"),
        (CATALOGUE, "catalogue:read", "programme"),
        (CRITERIA, "catalogue:read", "programme"),
    ],
)
def test_an_empty_filter_value_is_refused(call, issue_key, url, scope, parameter):
    _key, raw = issue_key([scope, "stats:read"])
    response = call("get", f"{url}?{parameter}=", key=raw)
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid_parameter" and list(error["details"]["fields"]) == [parameter]


@pytest.mark.parametrize("cursor", ["é", "cD0x%C3%A9", "%E2%9C%93", "cD0x\u200b"])
def test_a_non_ascii_cursor_is_a_400(call, issue_key, cursor):
    _key, raw = issue_key(["catalogue:read"])
    response = call("get", f"{CATALOGUE}?cursor={cursor}", key=raw)
    assert response.status_code == 400
    assert _error(response)["details"]["fields"] == {"cursor": ["Con trỏ trang không hợp lệ."]}


@pytest.mark.parametrize("path", ["/api/v1/key/%0A", "/api/v1/%0A", "/api/%0Ax", "/api/v1/stats/%0D%0A/"])
def test_a_path_with_a_newline_is_a_json_404(call, issue_key, path):
    _key, raw = issue_key(["stats:read"])
    response = call("get", path, key=raw)
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_the_tax_code_error_names_the_check_digit(call, issue_key):
    _key, raw = issue_key(["identity:read"])
    response = call(
        "post",
        "/api/v1/identity/lookup/",
        key=raw,
        data={"purpose": "Đối chiếu hồ sơ RDX", "tax_codes": ["0100000008"]},
    )
    assert response.status_code == 400
    (message,) = _error(response)["details"]["fields"]["tax_codes.0"]
    assert "chữ số kiểm tra" in message and "chi nhánh" not in message


def test_every_error_is_json_with_a_stable_code(call, issue_key):
    _key, raw = issue_key(["stats:read", "catalogue:read"])
    requests = [
        ("get", STATS, None, {}),  # 401
        ("get", STATS, "smx_bad_key", {}),  # 401 invalid key
        ("post", "/api/v1/identity/lookup/", raw, {"data": {}}),  # 403 missing scope
        ("delete", STATS, raw, {}),  # 405
        ("get", f"{STATS}?group_by=", raw, {}),  # 400
        ("get", f"{CATALOGUE}?page_size=0", raw, {}),  # 400
        ("get", "/api/v1/nothing-here/", raw, {}),  # 404
    ]
    for method, url, key, kwargs in requests:
        response = call(method, url, key=key, **kwargs)
        assert 400 <= response.status_code < 500, url
        _error(response)
