"""Cookies, HTTPS, the content security policy, logging, and the portal's own address and facts."""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from smedx_portal.env import env_bool, env_int, env_list, env_str
from smedx_portal.settings.base import ALLOWED_HOSTS, PRODUCTION

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
