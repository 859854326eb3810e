"""Fixtures shared by every test package."""

from __future__ import annotations

import contextlib
import os

import pytest
from django.conf import settings as django_settings
from pytest_django.plugin import blocking_manager_key

from smedx_portal import sms
from smedx_portal.celery import app as celery_app
from tests.seed_data import DatabaseOperations, SeedSnapshot, delete_flush


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
def _fast_password_hasher(settings):
    """Passwords are hashed with MD5 in tests: the production hasher (PBKDF2, 1,000,000 rounds) costs ~0.3 s of
    CPU per user created or signed in, minutes over the suite. Production's hashers stay listed after it, so a
    hash written by them (a data migration's user) is still checked."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *django_settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    yield


@pytest.fixture(autouse=True)
def _portal_language():
    """Every test starts in the portal's language: a request in English activates English for its thread
    (the locale and API middlewares activate, nothing deactivates), which would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


NO_SQL_TEXT = "(no SQL text: the statement failed before it reached the database)"


def _with_sql_text(assert_queries):
    """pytest-django's query-count check, whose failure message under `-v` joins the captured statements' SQL:
    a statement that failed before it was sent (a parameter that cannot be adapted, a wrong number of them) is
    logged by Django with `sql = None`, which made that join raise a TypeError instead of the message."""

    @contextlib.contextmanager
    def checked(*args, **kwargs):
        with assert_queries(*args, **kwargs) as context:
            try:
                yield context
            finally:
                for query in context.captured_queries:
                    if query["sql"] is None:
                        query["sql"] = NO_SQL_TEXT

    return checked


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _with_sql_text(django_assert_num_queries)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _with_sql_text(django_assert_max_num_queries)


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
        with start_worker(
            celery_app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


SEED = SeedSnapshot()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, plus: its reference data kept (`tests/seed_data.py`), and transactional
    tests' flush deleting the rows they left instead of truncating every table."""
    with django_db_blocker.unblock():
        SEED.take()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", delete_flush)
        yield


def restore_seed_data() -> None:
    """Put the data migrations' rows back after a transactional test's flush."""
    SEED.restore()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush (its fixtures are torn down by now), load the seed data again."""
    yield
    # After the last test the test database is already gone: nothing to restore.
    if _is_transactional(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            restore_seed_data()
