"""Fixtures shared by every test package."""

from __future__ import annotations

import os

import pytest
from django.conf import settings as django_settings

from smedx_portal import sms
from smedx_portal.celery import app as celery_app


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tasks run inline unless a test asks for the real worker (`celery_worker`)."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Every test sends SMS to the in-memory backend; returns the outbox list."""
    settings.SMS_BACKEND = "smedx_portal.sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


def redis_required() -> bool:
    return bool(os.environ.get("CI"))


@pytest.fixture
def celery_worker():
    """A real Celery worker (threads, in this process) consuming from Redis.

    Skipped when REDIS_URL is not set, except under CI where Redis is required. Tasks that touch the
    database need the test to use `transactional_db`, since the worker's thread has its own connection.
    """
    if not django_settings.REDIS_URL:
        if redis_required():
            pytest.fail("CI must run the Celery worker tests: REDIS_URL is not set")
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
