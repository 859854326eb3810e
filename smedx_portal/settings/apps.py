"""Each app's own settings: experts, platforms, accounts (one-time codes, allauth), campaigns, reports and
programmes. Apps add their beat schedules and middleware to the lists of `base`."""

from celery.schedules import crontab

from smedx_portal.env import env_bool, env_int, env_str
from smedx_portal.settings.base import CELERY_BEAT_SCHEDULE, MIDDLEWARE, PRODUCTION

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
# people reached and trial results (reports.ReachCount, TrialResultCount): recounted this often by a task;
# a page recounts them itself when they are twice as old
REPORTS_RECOUNT_SECONDS = env_int("REPORTS_RECOUNT_SECONDS", 600)
CELERY_BEAT_SCHEDULE.update(
    {
        "reports-expire-files": {"task": "reports.tasks.expire_report_files", "schedule": 3600.0},
        "reports-refresh-segments": {"task": "reports.tasks.refresh_segments", "schedule": 24 * 3600.0},
        "reports-recount-figures": {
            "task": "reports.tasks.recount_figures",
            "schedule": float(REPORTS_RECOUNT_SECONDS),
        },
    }
)

# --- programmes (province plans, monitoring, reports to the ministry) ------------------------------------
PROGRAMME_REPORT_DEADLINE_DAYS = env_int("PROGRAMME_REPORT_DEADLINE_DAYS", 15)  # days after a period's end
PROGRAMME_BEHIND_MARGIN_PERCENT = env_int("PROGRAMME_BEHIND_MARGIN_PERCENT", 10)  # of the expected progress
CELERY_BEAT_SCHEDULE["programmes-check-progress"] = {
    "task": "programmes.tasks.check_progress",
    "schedule": crontab(hour=1, minute=30),  # nightly, Vietnam time
}
PROGRAMME_DOCUMENT_MAX_BYTES = env_int("PROGRAMME_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)  # decisions' PDFs
