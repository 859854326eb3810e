"""Each pytest-xdist worker gets its own Redis database (loaded with `-p tests.xdist_isolation`, pyproject.toml).

The tests empty the cache before each test (`cache.clear()` is a FLUSHDB on Redis), and the cache, the cached
sessions and the Celery broker and result backend all live in the database that REDIS_URL names: two workers
sharing it would wipe each other's queued tasks and sessions mid-test. So, before Django reads its settings (this
module is imported while pytest parses its options, before pytest-django sets Django up), a worker's REDIS_URL is
rewritten to a database of its own; the workers' databases are spread evenly over Redis's 16:

    REDIS_URL=redis://127.0.0.1:6379/1, `-n 2`: gw0 uses database 1, gw1 database 9

Without xdist (or `-n 0`, `-p no:xdist`), or without REDIS_URL, nothing changes. PostgreSQL needs nothing here:
pytest-django gives each worker its own test database (test_<name>_gw0, test_<name>_gw1, ...); live servers
listen on a free port chosen by the system.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis's default `databases`


def worker_redis_url(url: str, worker: str, count: int) -> str:
    """The Redis URL of xdist worker `worker` ("gw<index>") out of `count`: another database, same server."""
    index = int(worker.removeprefix("gw"))
    if count > REDIS_DATABASES:
        raise ValueError(f"{count} xdist workers, but Redis has {REDIS_DATABASES} databases")
    parts = urlsplit(url)
    path = parts.path.strip("/")
    base = int(path) if path else 0
    database = (base + index * (REDIS_DATABASES // count)) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{database}"))


def _isolate_worker() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("REDIS_URL")
    if not worker or not url:
        return
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    os.environ["REDIS_URL"] = worker_redis_url(url, worker, count)


_isolate_worker()
