"""Settings for benchmark servers: the portal's settings (from the environment) with the bench URLconf (the
portal's URLs plus the signed-in floor, `tests/bench/urls.py`)."""

from smedx_portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "WARNING"}}
