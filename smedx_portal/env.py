"""Small typed readers of environment variables for the settings (smedx_portal/settings/).

Each raises ImproperlyConfigured on a malformed value instead of silently using a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default)


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    value = environ[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), got {environ[name]!r}")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    if name not in environ or environ[name].strip() == "":
        return default
    try:
        return int(environ[name])
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {environ[name]!r}")


def env_list(
    name: str, default: list[str] | None = None, environ: Mapping[str, str] | None = None
) -> list[str]:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return list(default or [])
    return [item.strip() for item in environ[name].split(",") if item.strip()]


def env_fernet_keys(
    name: str, default: list[str] | None = None, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list of Fernet keys (32 url-safe base64-encoded bytes each)."""
    from cryptography.fernet import Fernet

    keys = env_list(name, default, environ)
    for index, key in enumerate(keys):
        try:
            Fernet(key.encode())
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: key {index + 1} is not a Fernet key (32 url-safe base64 bytes)"
            )
    return keys


def database_config(url: str, *, pool_max_size: int, sqlite_default: str, prepare_threshold: int = 0) -> dict:
    """DATABASES['default'] from a URL; PostgreSQL uses psycopg 3's connection pool.

    `prepare_threshold` (0 = never): psycopg prepares a statement on a connection after that many runs. The ORM's
    queries bind parameters on the client and are never prepared; the hand-written hot statements
    (`smedx_portal.db.run_together`) bind on the server and are. Set 0 behind a transaction-mode PgBouncer."""
    import dj_database_url

    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": sqlite_default, "OPTIONS": {"timeout": 20}}
    try:
        config = dj_database_url.parse(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # The pool cannot be combined with CONN_MAX_AGE != 0 (Django >= 5.1).
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "pool": {"min_size": 1, "max_size": pool_max_size, "timeout": 10},
            "prepare_threshold": prepare_threshold or None,
        }
    return config
