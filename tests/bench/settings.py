"""Settings for benchmark servers: the portal's settings (from the environment) with the bench-only views on."""

from smedx_portal.settings import *  # noqa: F403

BENCH_VIEWS_ENABLED = True
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "WARNING"}}
