"""Query budgets and the session: with Redis the session is read from the cache (`cached_db`), without it
(SQLite runs, no REDIS_URL) from the database, one query more per request."""

from django.conf import settings


def session_queries() -> int:
    """The queries a request spends reading its session: 0 with `cached_db`, 1 with the database alone."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
