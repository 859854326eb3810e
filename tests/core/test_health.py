import pytest
from django.db import connection

from smedx_portal import health


@pytest.mark.django_db
def test_healthz_reports_every_service_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "services": {"database": "up", "cache": "up", "broker": "up"}}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["services"]["database"] == "down"
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, monkeypatch, settings):
    from smedx_portal.celery import app

    monkeypatch.setattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["services"]["broker"] == "down"


def test_cache_check_fails_when_the_cache_is_unreachable(monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    monkeypatch.setattr(health, "cache", RedisCache("redis://127.0.0.1:1/0", {}))
    assert health.check_cache() is False
