"""Each pytest-xdist worker's Redis database (tests/xdist_isolation.py)."""

import os

from django.conf import settings

from tests.xdist_isolation import worker_redis_url


def test_two_workers_get_two_databases_of_the_same_server():
    assert worker_redis_url("redis://127.0.0.1:6379/1", "gw0", 2) == "redis://127.0.0.1:6379/1"
    assert worker_redis_url("redis://127.0.0.1:6379/1", "gw1", 2) == "redis://127.0.0.1:6379/9"
    assert worker_redis_url("redis://:secret@redis:6379", "gw1", 2) == "redis://:secret@redis:6379/8"


def test_the_databases_of_up_to_16_workers_are_all_different():
    for count in (1, 2, 3, 4, 8, 16):
        urls = {worker_redis_url("redis://h/3", f"gw{index}", count) for index in range(count)}
        assert len(urls) == count


def test_this_worker_uses_its_own_database():
    """Django's cache, the sessions and Celery all read REDIS_URL as this worker rewrote it."""
    assert os.environ.get("REDIS_URL", "") == settings.REDIS_URL
    if settings.REDIS_URL:
        assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
