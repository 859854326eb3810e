"""Personal data (Law 91/2025/QH15, Nghị định 356/2025/NĐ-CP; README "Dữ liệu cá nhân"): the privacy notice,
the hash that outlives an erased phone, the deadlines of people's requests, and the `privacy` app."""

from django.core.exceptions import ImproperlyConfigured

from smedx_portal.env import env_str
from smedx_portal.settings.api import CELERY_IMPORTS
from smedx_portal.settings.base import BASE_DIR, CELERY_BEAT_SCHEDULE, INSTALLED_APPS, MIDDLEWARE, PRODUCTION

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
