"""The core settings: environment, keys, apps, middleware, database, cache, Celery, SMS, sign-in, languages, files.

Development needs nothing set (SQLite, local-memory cache, eager Celery, SMS to the console).
`DJANGO_ENV=production` refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from smedx_portal.env import database_config, env_bool, env_fernet_keys, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, test or production")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET_KEY = "dev-insecure-secret-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])

if PRODUCTION:
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET_KEY or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("Production needs SECRET_KEY: at least 50 random characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS (comma-separated host names).")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")

# Identity numbers (CCCD used as a household's tax code) at rest: smedx_portal/identity.py. Comma-separated, newest
# first: the first Fernet key encrypts and every one decrypts; the first hash key hashes and every one is looked up.
# After putting a new key first, `manage.py rotate_identity_keys` re-encrypts and re-hashes every row.
_DEV_IDENTITY_ENCRYPTION_KEY = "ZGV2LWlkZW50aXR5LWtleS1ub3QtZm9yLXByb2R1Y3Q="
_DEV_IDENTITY_HASH_KEY = "dev-identity-hash-key-not-for-production"
IDENTITY_ENCRYPTION_KEYS = env_fernet_keys(
    "IDENTITY_ENCRYPTION_KEYS", [] if PRODUCTION else [_DEV_IDENTITY_ENCRYPTION_KEY]
)
IDENTITY_HASH_KEYS = env_list("IDENTITY_HASH_KEYS", [] if PRODUCTION else [_DEV_IDENTITY_HASH_KEY])
if PRODUCTION:
    if not IDENTITY_ENCRYPTION_KEYS or _DEV_IDENTITY_ENCRYPTION_KEY in IDENTITY_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "Production needs IDENTITY_ENCRYPTION_KEYS: Fernet keys, comma-separated, newest first "
            '(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
        )
    if not IDENTITY_HASH_KEYS or any(
        len(key) < 32 or key == _DEV_IDENTITY_HASH_KEY for key in IDENTITY_HASH_KEYS
    ):
        raise ImproperlyConfigured(
            "Production needs IDENTITY_HASH_KEYS: at least 32 random characters each, comma-separated, newest first."
        )
if not IDENTITY_ENCRYPTION_KEYS or not IDENTITY_HASH_KEYS:
    raise ImproperlyConfigured("IDENTITY_ENCRYPTION_KEYS and IDENTITY_HASH_KEYS may not be empty.")

INSTALLED_APPS = [
    "accounts.admin_apps.PortalAdminConfig",  # django.contrib.admin, scoped to an officer's province
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "import_export",
    "simple_history",
    "csp",
    # the portal: core first, then apps in dependency order (see DESIGN.md)
    "smedx_portal",
    "accounts",
    "businesses",
    "platforms",
    "experts",
    "assessment",
    "campaigns",
    "reports",
    "programmes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "smedx_portal.middleware.PrivateCacheMiddleware",  # a signed-in person's pages: private, no-store
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "smedx_portal.middleware.CSPMiddleware",  # django-csp's, the policy built once per process
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "smedx_portal.urls"
WSGI_APPLICATION = "smedx_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "smedx_portal.context_processors.portal",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------------
WEB_CONCURRENCY = env_int("WEB_CONCURRENCY", 2)
GUNICORN_THREADS = env_int("GUNICORN_THREADS", 4)
DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL"),
        pool_max_size=env_int("DATABASE_POOL_MAX_SIZE", GUNICORN_THREADS + 2),
        sqlite_default=str(BASE_DIR / "db.sqlite3"),
        prepare_threshold=env_int("DATABASE_PREPARE_THRESHOLD", 5),
    )
}
if not env_bool("DATABASE_POOL", default=True):
    DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# --- cache and Celery -----------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "smedx"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments that depend only on the language and the visitor's role (base.html's menu and footer: URLs
# and translations, which change only with a deploy), kept in each process's memory: a Redis round trip would
# cost more than rendering them.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
}
# Caches hold only what can lag (dashboards, open data: each says when it was computed) or never changes once
# written (a published criteria version's content, kept per process by `assessment.structure`, keyed by its id).

# Sessions read from Redis when there is one (written through to the database): one query less per request, and
# revocable on the server (sign-out and a password change end a session at once; Redis lost: sessions reload from
# PostgreSQL). `cache` reads the same (Redis only: lost with Redis), `signed_cookies` saves the one Redis read
# (~0.2 ms) but a copied cookie outlives sign-out: README "Sessions", measured by tests/bench/floor.py.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
# Longer than the longest task, or Redis hands an unacknowledged task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 10 * 60}
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE: dict = {}

# --- SMS ------------------------------------------------------------------------------------------
SMS_BACKEND = env_str("SMS_BACKEND", "smedx_portal.sms.backends.console.SmsBackend")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN")
SMS_BRANDNAME = env_str("SMS_BRANDNAME", "SMEDX")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)
SMS_GATEWAY_RETRIES = env_int("SMS_GATEWAY_RETRIES", 2)

# --- authentication -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [  # Django's and allauth's, loading each request's user with one prepared statement
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)

# --- internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Not on globally: ids and page numbers printed into forms and links must stay plain digits ("1234", not
# "1.234"). Displayed figures group explicitly (`intcomma`, `floatformat:"0g"`, the chart helpers).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["smedx_portal.formats"]

# --- static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
