"""State of the services the portal needs: database, cache, broker."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def check_cache() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


def check_broker() -> bool:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True  # no broker: tasks run in the web process
    from smedx_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


def health_report() -> dict[str, str]:
    checks = {"database": check_database, "cache": check_cache, "broker": check_broker}
    return {name: ("up" if check() else "down") for name, check in checks.items()}
