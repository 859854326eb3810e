"""Every /api/v1/ call is logged (key, endpoint, status, time) and the log is kept API_LOG_RETENTION_DAYS."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from smedx_portal.api.tasks import purge_api_logs
from smedx_portal.models import ApiCall

pytestmark = pytest.mark.django_db


def test_each_call_is_logged_with_key_endpoint_status_and_time(call, issue_key):
    key, raw = issue_key(["stats:read"])
    call("get", "/api/v1/key/", key=raw)
    call("get", "/api/v1/stats/businesses/?group_by=nope", key=raw)
    call("get", "/api/v1/key/")
    call("get", "/api/v1/khong-co/", key=raw)
    rows = list(
        ApiCall.objects.order_by("id").values(
            "key_id", "key_prefix", "method", "endpoint", "path", "status_code"
        )
    )
    assert rows == [
        {
            "key_id": key.pk,
            "key_prefix": key.prefix,
            "method": "GET",
            "endpoint": "/api/v1/key/",
            "path": "/api/v1/key/",
            "status_code": 200,
        },
        {
            "key_id": key.pk,
            "key_prefix": key.prefix,
            "method": "GET",
            "endpoint": "/api/v1/stats/businesses/",
            "path": "/api/v1/stats/businesses/",
            "status_code": 400,
        },
        {
            "key_id": None,
            "key_prefix": "",
            "method": "GET",
            "endpoint": "/api/v1/key/",
            "path": "/api/v1/key/",
            "status_code": 401,
        },
        {
            "key_id": None,
            "key_prefix": key.prefix,
            "method": "GET",
            "endpoint": "",
            "path": "/api/v1/khong-co/",
            "status_code": 404,
        },
    ]
    assert all(entry.duration_ms >= 0 and entry.created_at for entry in ApiCall.objects.all())


def test_answers_are_not_stored_by_shared_caches(call, issue_key):
    _key, raw = issue_key(["stats:read"])
    assert call("get", "/api/v1/key/", key=raw)["Cache-Control"] == "no-store"
    assert call("get", "/api/v1/key/")["Cache-Control"] == "no-store"


def test_a_revoked_key_is_logged_by_the_prefix_it_presented(call, issue_key):
    from smedx_portal.api.keys import api_key_revoke

    key, raw = issue_key(["stats:read"])
    api_key_revoke(key=key, actor=None)
    assert call("get", "/api/v1/key/", key=raw).status_code == 401
    logged = ApiCall.objects.get()
    assert (logged.key_id, logged.key_prefix, logged.status_code) == (None, key.prefix, 401)


def test_the_docs_and_the_schema_are_not_logged(client):
    client.get("/api/schema/")
    assert not ApiCall.objects.exists()


def test_old_calls_are_purged_after_the_retention_period(call, issue_key, settings):
    settings.API_LOG_RETENTION_DAYS = 30
    _key, raw = issue_key(["stats:read"])
    for _ in range(3):
        call("get", "/api/v1/key/", key=raw)
    old = ApiCall.objects.order_by("id")[:2]
    ApiCall.objects.filter(pk__in=[row.pk for row in old]).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert purge_api_logs.delay().get() == {"calls": 2, "deliveries": 0}
    assert ApiCall.objects.count() == 1


def test_the_purge_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["api-purge-logs"]
    assert entry["task"] == "smedx_portal.api.tasks.purge_api_logs"
    assert entry["schedule"] == 24 * 3600
    assert "smedx_portal.api.tasks" in settings.CELERY_IMPORTS
