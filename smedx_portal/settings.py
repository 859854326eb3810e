"""Settings of the SMEdx / RDX portal: one file, every value from the environment.

Development needs nothing set (SQLite, local-memory cache, eager Celery, SMS to the console).
`DJANGO_ENV=production` refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from smedx_portal.env import database_config, env_bool, env_fernet_keys, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

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
    "csp.middleware.CSPMiddleware",
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
# Caches hold only what can lag (dashboards, open data: each says when it was computed) or never changes once
# written (a published criteria version's content, kept per process by `assessment.structure`, keyed by its id).

# Sessions read from Redis when there is one (written through to the database): one query less per request.
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

# --- security -------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# The language cookie (django_language): sent back only over HTTPS in production, never on cross-site requests.
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS])
    if not SECURE_SSL_REDIRECT:
        # check --deploy wants the redirect; turning it off is only for a proxy that already redirects.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SMEdx / RDX portal API",
    "VERSION": "1.0.0",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Absolute links in SMS, PDFs and QR codes (also those made by Celery workers, which have no request).
# Production refuses to start without it; `make run` sets it from its HOST and PORT.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not PORTAL_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "Production needs PORTAL_BASE_URL: the portal's public address, e.g. https://smedx.gov.vn"
    )

# --- the programmes' fixed facts (one place; templates read them via the context processor) ------
PORTAL = {
    "name": _("Cổng chuyển đổi số doanh nghiệp"),
    "ministry": _("Bộ Khoa học và Công nghệ"),
    "ministry_en": "Ministry of Science and Technology",
    "partner_ministry": _("Bộ Công Thương"),
    "decision_issuer": _("Bộ Thông tin và Truyền thông"),
    "hotline": env_str("PORTAL_HOTLINE", "1800 0000"),
    "support_email": env_str("PORTAL_SUPPORT_EMAIL", "hotro@smedx.gov.vn"),
}

# --- experts ---------------------------------------------------------------------------------------
EXPERTS_YEARLY_TARGET = env_int("EXPERTS_YEARLY_TARGET", 100)  # seed 000 II.2d: at least 100 in the network
EXPERTS_DOCUMENT_MAX_BYTES = env_int("EXPERTS_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024)
EXPERTS_RESPONSE_HOURS = env_int("EXPERTS_RESPONSE_HOURS", 48)  # an expert's deadline to accept a request
EXPERTS_MAX_OPEN_CONSULTATIONS = env_int(
    "EXPERTS_MAX_OPEN_CONSULTATIONS", 8
)  # fuller experts are not proposed
EXPERTS_PROPOSALS = env_int("EXPERTS_PROPOSALS", 5)  # experts proposed to a business at a time
EXPERTS_POST_RATE = (env_int("EXPERTS_POST_RATE_COUNT", 5), env_int("EXPERTS_POST_RATE_SECONDS", 600))
EXPERTS_SUPPORT_RATE = (
    env_int("EXPERTS_SUPPORT_RATE_COUNT", 3),
    env_int("EXPERTS_SUPPORT_RATE_SECONDS", 3600),
)
CELERY_BEAT_SCHEDULE["experts-expire-consultation-requests"] = {
    "task": "experts.tasks.expire_consultation_requests",
    "schedule": 15 * 60,
}

# --- platforms -------------------------------------------------------------------------------------
PLATFORMS_DOCUMENT_MAX_BYTES = env_int("PLATFORMS_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
PLATFORMS_LOGO_MAX_BYTES = env_int("PLATFORMS_LOGO_MAX_BYTES", 2 * 1024 * 1024)
PLATFORMS_PAGE_SIZE = 20
TRIAL_SETUP_DAYS = env_int("TRIAL_SETUP_DAYS", 7)  # the deadline a provider is offered to set a trial up
TRIAL_SETUP_MAX_DAYS = env_int("TRIAL_SETUP_MAX_DAYS", 30)
AGREEMENT_TERM_DAYS = env_int("AGREEMENT_TERM_DAYS", 365)  # an agreement's default length
AGREEMENT_GRACE_DAYS = env_int("AGREEMENT_GRACE_DAYS", 60)  # platforms selected before agreements existed
AGREEMENT_EXPIRY_WARNING_DAYS = env_int("AGREEMENT_EXPIRY_WARNING_DAYS", 30)
CELERY_BEAT_SCHEDULE["platforms-agreements-expiry"] = {
    "task": "platforms.tasks.agreements_expire_and_warn",
    "schedule": 24 * 3600.0,
}

# --- accounts ---------------------------------------------------------------------------------------
# One-time codes by SMS (accounts/services.py enforces every limit and tells the user when to try again).
OTP_TTL_SECONDS = env_int("OTP_TTL_SECONDS", 5 * 60)  # a code lives 5 minutes (NIST SP 800-63B: at most 10)
OTP_MAX_ATTEMPTS = env_int("OTP_MAX_ATTEMPTS", 5)  # wrong tries per code, then the code is dead
OTP_RESEND_SECONDS = env_int("OTP_RESEND_SECONDS", 60)  # cooldown between two codes to one phone
OTP_MAX_PER_PHONE_PER_DAY = env_int("OTP_MAX_PER_PHONE_PER_DAY", 5)  # rolling 24 hours
OTP_MAX_PER_IP_PER_HOUR = env_int("OTP_MAX_PER_IP_PER_HOUR", 20)  # rolling hour
OTP_LOCKOUT_FAILURES = env_int(
    "OTP_LOCKOUT_FAILURES", 10
)  # wrong tries per phone, across codes (resend ≠ reset)
OTP_LOCKOUT_SECONDS = env_int("OTP_LOCKOUT_SECONDS", 60 * 60)
OTP_MAX_PER_DAY = env_int(
    "OTP_MAX_PER_DAY", 50_000
)  # global ceiling of SMS per 24 hours: refuse and alert staff
OTP_FLOW_SECONDS = env_int("OTP_FLOW_SECONDS", 30 * 60)  # how long a verification page stays usable (resends)
OTP_KEEP_DAYS = env_int("OTP_KEEP_DAYS", 30)  # challenges are deleted after this (nightly)
CELERY_BEAT_SCHEDULE["accounts-prune-phone-challenges"] = {
    "task": "accounts.tasks.prune_phone_challenges",
    "schedule": 24 * 3600,
}

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"phone"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # email is optional; the phone is the identity
ACCOUNT_PREVENT_ENUMERATION = True  # sign-up and sign-in by code never reveal whether a phone is registered
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# allauth keeps only a reference to the PhoneChallenge in the session; the code's own lifetime and tries are
# counted by accounts.services. These are allauth's outer limits on one verification page (a backstop).
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = OTP_FLOW_SECONDS
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = OTP_FLOW_SECONDS
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = OTP_LOCKOUT_FAILURES + OTP_MAX_ATTEMPTS
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = OTP_LOCKOUT_FAILURES + OTP_MAX_ATTEMPTS
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = OTP_MAX_PER_PHONE_PER_DAY
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = OTP_MAX_PER_PHONE_PER_DAY
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "verify_phone": "accounts.forms.VerifyPhoneForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "accounts.forms.ConfirmLoginCodeForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
ACCOUNTS_PASSWORD_RESET_SECONDS = env_int(
    "ACCOUNTS_PASSWORD_RESET_SECONDS", 15 * 60
)  # after a sign-in by code
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",  # wrong passwords: 5 per phone per 5 minutes
    "signup": "20/m/ip",
    "request_login_code": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    # Sending codes is limited by accounts.services (per phone, per IP, per day), with messages saying when.
    "verify_phone": None,
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]  # ministry staff use an authenticator app, not SMS
# Staff must have TOTP turned on to open the admin (off by default in development so demo staff can look).
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=PRODUCTION)
MIDDLEWARE.append("accounts.middleware.StaffMfaRequiredMiddleware")
# Where each role lands after signing in / signing up (URL names; apps add theirs).
ACCOUNTS_HOME_BY_ROLE = {
    "business": "businesses:mine",
    "province_officer": "businesses:verification_queue",
    "ministry_staff": "businesses:verification_queue",
}
ACCOUNTS_SIGNUP_REDIRECT_BY_ROLE = {"business": "businesses:create"}
ACCOUNT_UNIQUE_EMAIL = False  # email is optional and not a way to sign in

# --- campaigns ---
# SMS campaigns: batches at a bounded rate, the anti-spam rules of Nghị định 91/2020/NĐ-CP, approval above a size.
CAMPAIGN_BATCH_SIZE = env_int("CAMPAIGN_BATCH_SIZE", 100)
CAMPAIGN_RATE_PER_SECOND = env_int("CAMPAIGN_RATE_PER_SECOND", 50)
CAMPAIGN_APPROVAL_THRESHOLD = env_int(
    "CAMPAIGN_APPROVAL_THRESHOLD", 1000
)  # above: a second staff member approves
CAMPAIGN_PROMO_DAILY_CAP = env_int(
    "CAMPAIGN_PROMO_DAILY_CAP", 3
)  # promotional messages to one number in 24 h
CAMPAIGN_SEND_HOURS = (7, 22)  # Vietnam time: sending only from 07:00 to 22:00
CAMPAIGN_MAX_ATTEMPTS = env_int("CAMPAIGN_MAX_ATTEMPTS", 5)  # transient gateway failures before giving up
CAMPAIGN_LEASE_SECONDS = env_int("CAMPAIGN_LEASE_SECONDS", 600)  # one batch at a time per campaign
# Gateway calls recorded together; if a worker dies, at most this many recipients are left "unknown".
CAMPAIGN_SEND_CHUNK = env_int("CAMPAIGN_SEND_CHUNK", 20)
# Shared secret of the gateway's inbound webhook (HMAC-SHA256 of the body in X-Signature). Empty: refused.
CAMPAIGN_INBOUND_SECRET = env_str("CAMPAIGN_INBOUND_SECRET", "" if PRODUCTION else "dev-inbound-secret")
CAMPAIGN_OPTOUT_SHORTCODE = env_str("CAMPAIGN_OPTOUT_SHORTCODE", "")  # the number people reply "TC" to
CELERY_BEAT_SCHEDULE.update(
    {
        "campaigns-dispatch": {"task": "campaigns.tasks.dispatch_campaigns", "schedule": 60.0},
        "campaigns-event-reminders": {"task": "campaigns.tasks.send_event_reminders", "schedule": 30 * 60.0},
        "campaigns-publish-articles": {"task": "campaigns.tasks.publish_due_articles", "schedule": 5 * 60.0},
        "campaigns-honour-proposals": {"task": "campaigns.tasks.propose_honours", "schedule": 6 * 3600.0},
    }
)

# --- reports ---
REPORTS_DASHBOARD_CACHE_SECONDS = env_int("REPORTS_DASHBOARD_CACHE_SECONDS", 60)  # per scope, programme, year
REPORTS_FILE_TTL_HOURS = env_int("REPORTS_FILE_TTL_HOURS", 72)  # report files are deleted after this
CELERY_BEAT_SCHEDULE.update(
    {
        "reports-expire-files": {"task": "reports.tasks.expire_report_files", "schedule": 3600.0},
        "reports-refresh-segments": {"task": "reports.tasks.refresh_segments", "schedule": 24 * 3600.0},
    }
)

# --- api ---------------------------------------------------------------------------------------------
# The data-sharing API (/api/v1/, smedx_portal/api/): API keys, scopes, throttles, errors, webhooks.
from smedx_portal.api.schema_text import API_DESCRIPTION  # noqa: E402 - plain text, no Django imports

MIDDLEWARE.append("smedx_portal.api.middleware.ApiMiddleware")  # Accept-Language and the call log of /api/
INSTALLED_APPS.append("drf_spectacular_sidecar")  # Swagger UI served locally (no CDN)
REST_FRAMEWORK.update(
    {
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
)
SPECTACULAR_SETTINGS.update(
    {
        "TITLE": "SMEdx / RDX portal API",
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
)
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
CELERY_IMPORTS = [*globals().get("CELERY_IMPORTS", []), "smedx_portal.api.tasks"]
CELERY_BEAT_SCHEDULE["api-retry-webhooks"] = {
    "task": "smedx_portal.api.tasks.retry_webhooks",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["api-purge-logs"] = {
    "task": "smedx_portal.api.tasks.purge_api_logs",
    "schedule": 24 * 3600.0,
}

# --- personal data (Law 91/2025/QH15, Nghị định 356/2025/NĐ-CP; README "Dữ liệu cá nhân") ---
# The privacy notice's version: bump it when the notice's text changes, and every person is asked again.
PRIVACY_NOTICE_VERSION = "2026-01"
# Key of the keyed hash that outlives a deleted person's phone (people-reached counts): never rotate it.
PERSONAL_HASH_KEY = env_str("PERSONAL_HASH_KEY", "" if PRODUCTION else "dev-personal-hash-key")
if PRODUCTION and len(PERSONAL_HASH_KEY) < 32:
    raise ImproperlyConfigured("Production needs PERSONAL_HASH_KEY: at least 32 random characters.")
# A person's request: acknowledged within 2 working days, done within 15 days (NĐ 356/2025).
DATA_REQUEST_ACK_WORKING_DAYS = 2
DATA_REQUEST_DONE_DAYS = 15
# Tết, Giỗ Tổ Hùng Vương and the Government's yearly days off, per year (privacy/holidays.py has the fixed dates).
PUBLIC_HOLIDAYS_FILE = env_str(
    "PUBLIC_HOLIDAYS_FILE", str(BASE_DIR / "privacy" / "data" / "public_holidays.json")
)
INCIDENT_NOTIFY_HOURS = 72  # a breach is notified to the Ministry of Public Security (A05) within 72 hours
INSTALLED_APPS.append("privacy")  # at the top of the graph: it reads every app's data about a person
MIDDLEWARE.append("accounts.middleware.ConsentRequiredMiddleware")
CELERY_IMPORTS = [*CELERY_IMPORTS, "privacy.tasks"]
CELERY_BEAT_SCHEDULE["privacy-alert-overdue-requests"] = {
    "task": "privacy.tasks.alert_overdue_requests",
    "schedule": 3600.0,
}

# --- programmes (province plans, monitoring, reports to the ministry) ------------------------------------
PROGRAMME_REPORT_DEADLINE_DAYS = env_int("PROGRAMME_REPORT_DEADLINE_DAYS", 15)  # days after a period's end
PROGRAMME_BEHIND_MARGIN_PERCENT = env_int("PROGRAMME_BEHIND_MARGIN_PERCENT", 10)  # of the expected progress
from celery.schedules import crontab  # noqa: E402 - beat schedules live in settings

CELERY_BEAT_SCHEDULE["programmes-check-progress"] = {
    "task": "programmes.tasks.check_progress",
    "schedule": crontab(hour=1, minute=30),  # nightly, Vietnam time
}
PROGRAMME_DOCUMENT_MAX_BYTES = env_int("PROGRAMME_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)  # decisions' PDFs
