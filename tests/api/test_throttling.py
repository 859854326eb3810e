"""Throttling per key: over the rate answers 429 with Retry-After; other keys are not affected."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_key_over_its_rate_gets_429_with_retry_after(call, issue_key, settings):
    settings.API_THROTTLE_RATE = "1000/min"
    _key, busy = issue_key(["stats:read"], throttle_rate="3/min")
    _other, calm = issue_key(["stats:read"])
    for _ in range(3):
        assert call("get", "/api/v1/key/", key=busy).status_code == 200
    response = call("get", "/api/v1/key/", key=busy)
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 60
    assert response.json()["error"] == {
        "code": "throttled",
        "message": "Quá nhiều yêu cầu; vui lòng thử lại sau.",
        "details": {"retry_after": retry_after},
    }
    assert call("get", "/api/v1/key/", key=calm).status_code == 200


def test_the_default_rate_comes_from_settings(call, issue_key, settings):
    settings.API_THROTTLE_RATE = "2/hour"
    _key, raw = issue_key(["stats:read"])
    assert [call("get", "/api/v1/key/", key=raw).status_code for _ in range(3)] == [200, 200, 429]


def test_time_frees_the_key_again(call, issue_key, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+07:00", tick=False)
    _key, raw = issue_key(["stats:read"], throttle_rate="1/min")
    assert call("get", "/api/v1/key/", key=raw).status_code == 200
    assert call("get", "/api/v1/key/", key=raw).status_code == 429
    time_machine.move_to("2026-03-02 09:01:01+07:00", tick=False)
    assert call("get", "/api/v1/key/", key=raw).status_code == 200
