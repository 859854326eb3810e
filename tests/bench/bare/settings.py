"""The bare app's settings: nothing but the database (configured as the portal's: pool, prepare threshold)."""

import os

from smedx_portal.env import database_config

SECRET_KEY = "bench-bare-app-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "tests.bench.bare.urls"
USE_TZ = True
USE_I18N = False
DATABASES = {
    "default": database_config(
        os.environ["DATABASE_URL"],
        pool_max_size=int(os.environ.get("GUNICORN_THREADS", "4")) + 2,
        sqlite_default="",
        prepare_threshold=int(os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")),
    )
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "WARNING"}}
