"""The data-sharing API (/api/v1/, smedx_portal/api/): API keys, scopes, throttles, errors, webhooks."""

from django.core.exceptions import ImproperlyConfigured

from smedx_portal.api.schema_text import API_DESCRIPTION  # plain text, no Django imports
from smedx_portal.env import env_bool, env_int, env_str
from smedx_portal.settings.base import (
    CELERY_BEAT_SCHEDULE,
    DJANGO_ENV,
    INSTALLED_APPS,
    MIDDLEWARE,
    PRODUCTION,
)
from smedx_portal.settings.security import PORTAL_BASE_URL

MIDDLEWARE.append("smedx_portal.api.middleware.ApiMiddleware")  # Accept-Language and the call log of /api/
INSTALLED_APPS.append("drf_spectacular_sidecar")  # Swagger UI served locally (no CDN)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "smedx_portal.api.schema.ApiAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["smedx_portal.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["smedx_portal.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["smedx_portal.api.throttling.ApiKeyThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "smedx_portal.api.pagination.ApiCursorPagination",
    "EXCEPTION_HANDLER": "smedx_portal.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SMEdx / RDX portal API",
    "VERSION": "1.0.0",
    "DESCRIPTION": API_DESCRIPTION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["smedx_portal.api.schema.only_api_v1"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "smedx_portal.levels.Level",
        "ProgrammeEnum": "smedx_portal.programmes.Programme",
        "ErrorCodeEnum": "smedx_portal.api.errors.ERROR_CODES",
        "LevelFilterEnum": "businesses.api.LEVEL_FILTER_CHOICES",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False, "validatorUrl": None},
    "SERVERS": [{"url": PORTAL_BASE_URL}],
}
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/min")  # per key, unless the key has its own rate
# The identity API, per key: identity numbers are personal data (businesses/identity_api.py).
API_IDENTITY_THROTTLE_RATE = env_str("API_IDENTITY_THROTTLE_RATE", "60/min")
API_LOG_RETENTION_DAYS = env_int("API_LOG_RETENTION_DAYS", 90)  # the call log is purged after this
API_STATS_MIN_CELL = env_int("API_STATS_MIN_CELL", 5)  # open statistics hide any smaller cell
API_STATS_CACHE_SECONDS = env_int("API_STATS_CACHE_SECONDS", 300)  # open statistics may be this old
API_KEY_OWNER_MODELS = ["platforms.Provider"]  # what a key (and a webhook endpoint) can belong to
# Webhooks: private/loopback URLs and plain http are accepted only in development (no SSRF elsewhere).
API_WEBHOOK_ALLOW_PRIVATE = env_bool("API_WEBHOOK_ALLOW_PRIVATE", default=DJANGO_ENV == "development")
if PRODUCTION and API_WEBHOOK_ALLOW_PRIVATE:
    raise ImproperlyConfigured("API_WEBHOOK_ALLOW_PRIVATE must be off in production (SSRF).")
API_WEBHOOK_TIMEOUT = env_int("API_WEBHOOK_TIMEOUT", 10)  # seconds per attempt
API_WEBHOOK_RETRY_BASE_SECONDS = env_int("API_WEBHOOK_RETRY_BASE_SECONDS", 60)  # 1, 2, 4, … minutes
API_WEBHOOK_RETRY_MAX_DELAY = env_int("API_WEBHOOK_RETRY_MAX_DELAY", 8 * 3600)  # at most 8 h between attempts
API_WEBHOOK_MAX_RETRIES = env_int("API_WEBHOOK_MAX_RETRIES", 11)  # 1+2+…+256 min + 2 × 8 h ≈ 24.5 h in all
API_WEBHOOK_LOG_RETENTION_DAYS = env_int("API_WEBHOOK_LOG_RETENTION_DAYS", 30)
CELERY_IMPORTS = ["smedx_portal.api.tasks"]
CELERY_BEAT_SCHEDULE["api-retry-webhooks"] = {
    "task": "smedx_portal.api.tasks.retry_webhooks",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["api-purge-logs"] = {
    "task": "smedx_portal.api.tasks.purge_api_logs",
    "schedule": 24 * 3600.0,
}
