import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from smedx_portal.env import database_config, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"
# Production's keys of personal data: identity numbers (smedx_portal/identity.py), the erased phones' hash.
IDENTITY_KEYS = {
    "IDENTITY_ENCRYPTION_KEYS": "urWMT5xW732CT-orwrjen3kqdESVz8s-4uJykBU188o=",
    "IDENTITY_HASH_KEYS": "h4sh-" + "abcdefghijklmnopqrstuvwxyz0123456789",
    "PERSONAL_HASH_KEY": "p3rs-" + "abcdefghijklmnopqrstuvwxyz0123456789",
}


def test_env_bool_reads_common_spellings_and_refuses_garbage():
    assert env_bool("X", environ={"X": "yes"}) is True
    assert env_bool("X", environ={"X": "0"}) is False
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(ImproperlyConfigured, match="X must be a boolean"):
        env_bool("X", environ={"X": "maybe"})


def test_env_int_and_list():
    assert env_int("N", 3, environ={"N": "42"}) == 42
    assert env_int("N", 3, environ={}) == 3
    with pytest.raises(ImproperlyConfigured, match="N must be an integer"):
        env_int("N", 3, environ={"N": "many"})
    assert env_list("H", environ={"H": "a.vn, b.vn,,"}) == ["a.vn", "b.vn"]


def test_database_config_defaults_to_sqlite_file():
    config = database_config("", pool_max_size=4, sqlite_default="/tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/x.sqlite3"


def test_database_config_postgres_uses_psycopg_pool_without_persistent_connections():
    config = database_config("postgres://u:p@db.example:5433/portal", pool_max_size=6, sqlite_default="x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "portal",
        "u",
    )
    assert config["OPTIONS"]["pool"]["max_size"] == 6
    assert config["CONN_MAX_AGE"] == 0


def test_database_config_prepares_statements_only_when_asked():
    url = "postgres://u:p@db.example:5433/portal"
    assert database_config(url, pool_max_size=2, sqlite_default="x")["OPTIONS"]["prepare_threshold"] is None
    config = database_config(url, pool_max_size=2, sqlite_default="x", prepare_threshold=5)
    assert config["OPTIONS"]["prepare_threshold"] == 5


def test_database_config_refuses_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config("nosuchdb://x/y", pool_max_size=1, sqlite_default="x")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DEBUG",
        "DJANGO_ENV",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        *IDENTITY_KEYS,
        "PORTAL_BASE_URL",
    }
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage(
        "check", DJANGO_ENV="production", ALLOWED_HOSTS="smedx.gov.vn", PORTAL_BASE_URL="https://smedx.gov.vn"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage(
        "check", DJANGO_ENV="production", SECRET_KEY=GOOD_KEY, PORTAL_BASE_URL="https://smedx.gov.vn"
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    ("missing", "bad"),
    [
        ("IDENTITY_ENCRYPTION_KEYS", None),
        ("IDENTITY_HASH_KEYS", None),
        ("IDENTITY_ENCRYPTION_KEYS", "not-a-fernet-key"),
        ("IDENTITY_HASH_KEYS", "short"),
    ],
)
def test_production_refuses_to_start_without_identity_keys(missing, bad):
    env = {k: v for k, v in IDENTITY_KEYS.items() if k != missing}
    if bad is not None:
        env[missing] = bad
    result = _manage(
        "check", DJANGO_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="smedx.gov.vn", **env
    )
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_to_start_without_the_portals_address():
    result = _manage(
        "check", DJANGO_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="smedx.gov.vn", **IDENTITY_KEYS
    )
    assert result.returncode != 0
    assert "PORTAL_BASE_URL" in result.stderr


def test_make_run_points_links_at_the_host_and_port_it_serves():
    """`make run HOST=… PORT=…` exports PORTAL_BASE_URL for runserver and the Celery worker it starts."""
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}
    probe = "show:\n\t@echo $$PORTAL_BASE_URL\n"
    shown = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "-f",
            "Makefile",
            "-f",
            "-",
            "show",
            "HOST=192.168.1.20",
            "PORT=8080",
        ],
        cwd=ROOT,
        input=probe,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert shown.stdout.strip() == "http://192.168.1.20:8080"


def test_production_check_deploy_has_no_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="smedx.gov.vn",
        **IDENTITY_KEYS,
        PORTAL_BASE_URL="https://smedx.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_ids_print_as_plain_digits_and_figures_group_explicitly():
    """A pk of 1234 printed into a form must not become "1.234" (the view could not read it back)."""
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        html = Template('{% load humanize %}<input value="{{ n }}"> {{ n|intcomma }}').render(
            Context({"n": 1234567})
        )
    assert html == '<input value="1234567"> 1.234.567'
