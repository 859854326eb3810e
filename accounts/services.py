"""One-time codes by SMS: request (with every anti-abuse limit), delivery by a Celery task, verification.

    challenge = otp_request(phone="+84912345678", purpose=ChallengePurpose.VERIFY, ip="1.2.3.4", user=user)
    # ... transaction.on_commit(lambda: tasks.deliver_phone_challenge.delay(challenge.pk))
    otp_verify(phone="+84912345678", purpose=ChallengePurpose.VERIFY, code="123456")

Rules (all in settings, `OTP_*`): a code has 6 digits, lives OTP_TTL_SECONDS, is single use and dies after
OTP_MAX_ATTEMPTS wrong tries. A phone gets a new code only OTP_RESEND_SECONDS after the previous one and at most
OTP_MAX_PER_PHONE_PER_DAY in 24 hours; an IP address asks at most OTP_MAX_PER_IP_PER_HOUR; wrong tries are also
counted per phone across codes (OTP_LOCKOUT_FAILURES in OTP_LOCKOUT_SECONDS), so asking for a new code does not
reset them; past OTP_MAX_PER_DAY SMS in 24 hours the portal stops sending and alerts staff. Every refusal is an
`OtpRefused` whose message (Vietnamese) says when to try again.

The code is made by the worker that sends it; only its keyed hash is stored (the session, the broker and the
database never hold it) and it is compared in constant time.
"""

from __future__ import annotations

import hmac
import logging
import math
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import mail_admins
from django.db import connection, transaction
from django.db.models import Count, Min, Sum
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import ChallengeDelivery, ChallengePurpose, PhoneChallenge
from smedx_portal.sms import TransportError, send_sms
from smedx_portal.text import strip_diacritics

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
_NOT_DIGITS = re.compile(r"\D")


class OtpError(Exception):
    """A refusal the user must read: `message` is translated, `retry_at` is when trying again can work."""

    def __init__(self, message: str, *, reason: str, retry_at: datetime | None = None):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.retry_at = retry_at


class OtpRefused(OtpError):
    """No code is sent (limits)."""


class OtpInvalid(OtpError):
    """The code entered does not verify."""


# --- helpers ------------------------------------------------------------------------------------------
def _when(retry_at: datetime, now: datetime) -> str:
    """'sau 42 giây', 'lúc 14:32 (khoảng 23 phút nữa)' or 'lúc 09:05 ngày 25/11/2026'."""
    seconds = max(1, math.ceil((retry_at - now).total_seconds()))
    if seconds < 90:
        return _("sau %(seconds)d giây") % {"seconds": seconds}
    local = timezone.localtime(retry_at)
    time = formats.time_format(local, "H:i")
    if local.date() == timezone.localdate(now):
        return _("lúc %(time)s (khoảng %(minutes)d phút nữa)") % {
            "time": time,
            "minutes": math.ceil(seconds / 60),
        }
    return _("lúc %(time)s ngày %(date)s") % {"time": time, "date": formats.date_format(local, "d/m/Y")}


def _serialise(*keys: str) -> None:
    """Make concurrent requests for the same phone / IP wait for each other (PostgreSQL advisory locks).

    SQLite serialises writers already."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def _hash(challenge: PhoneChallenge, code: str) -> str:
    return salted_hmac(
        "accounts.PhoneChallenge.code", f"{challenge.pk}:{challenge.phone}:{code}", algorithm="sha256"
    ).hexdigest()


def _failures(phone: str, now: datetime) -> tuple[int, datetime | None]:
    window = now - timedelta(seconds=settings.OTP_LOCKOUT_SECONDS)
    row = PhoneChallenge.objects.filter(phone=phone, created_at__gt=window, attempts__gt=0).aggregate(
        failures=Sum("attempts"), oldest=Min("created_at")
    )
    return row["failures"] or 0, row["oldest"]


def _check_lockout(phone: str, now: datetime) -> None:
    failures, oldest = _failures(phone, now)
    if failures >= settings.OTP_LOCKOUT_FAILURES:
        retry_at = oldest + timedelta(seconds=settings.OTP_LOCKOUT_SECONDS)
        raise OtpRefused(
            _("Bạn đã nhập sai mã quá %(limit)d lần. Vui lòng thử lại %(when)s.")
            % {"limit": settings.OTP_LOCKOUT_FAILURES, "when": _when(retry_at, now)},
            reason="locked",
            retry_at=retry_at,
        )


def _check_limits(*, phone: str, ip: str | None, now: datetime, sends_sms: bool) -> None:
    _check_lockout(phone, now)
    challenges = PhoneChallenge.objects.all()

    latest = (
        challenges.filter(phone=phone).order_by("-created_at").values_list("created_at", flat=True).first()
    )
    if latest and latest > now - timedelta(seconds=settings.OTP_RESEND_SECONDS):
        retry_at = latest + timedelta(seconds=settings.OTP_RESEND_SECONDS)
        raise OtpRefused(
            _("Mã vừa được gửi. Bạn có thể yêu cầu mã mới %(when)s.") % {"when": _when(retry_at, now)},
            reason="cooldown",
            retry_at=retry_at,
        )

    day = timedelta(days=1)
    row = challenges.filter(phone=phone, created_at__gt=now - day).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    if row["n"] >= settings.OTP_MAX_PER_PHONE_PER_DAY:
        retry_at = row["oldest"] + day
        raise OtpRefused(
            _("Số điện thoại này đã nhận %(limit)d mã trong 24 giờ qua. Vui lòng thử lại %(when)s.")
            % {"limit": settings.OTP_MAX_PER_PHONE_PER_DAY, "when": _when(retry_at, now)},
            reason="phone_daily",
            retry_at=retry_at,
        )

    if ip:
        hour = timedelta(hours=1)
        row = challenges.filter(requester_ip=ip, created_at__gt=now - hour).aggregate(
            n=Count("id"), oldest=Min("created_at")
        )
        if row["n"] >= settings.OTP_MAX_PER_IP_PER_HOUR:
            retry_at = row["oldest"] + hour
            raise OtpRefused(
                _("Có quá nhiều yêu cầu gửi mã từ mạng của bạn. Vui lòng thử lại %(when)s.")
                % {"when": _when(retry_at, now)},
                reason="ip_hourly",
                retry_at=retry_at,
            )

    if sends_sms:
        row = (
            challenges.filter(created_at__gt=now - day)
            .exclude(delivery=ChallengeDelivery.NONE)
            .aggregate(n=Count("id"), oldest=Min("created_at"))
        )
        if row["n"] >= settings.OTP_MAX_PER_DAY:
            _alert_ceiling(row["n"], now)
            retry_at = row["oldest"] + day
            raise OtpRefused(
                _(
                    "Hệ thống tạm ngừng gửi mã xác thực vì quá nhiều yêu cầu. Vui lòng thử lại %(when)s "
                    "hoặc gọi đường dây hỗ trợ %(hotline)s."
                )
                % {"when": _when(retry_at, now), "hotline": settings.PORTAL["hotline"]},
                reason="global_daily",
                retry_at=retry_at,
            )


def _alert_ceiling(count: int, now: datetime) -> None:
    """Tell staff once a day that the global SMS ceiling stopped OTP delivery (a sign of SMS pumping)."""
    if not cache.add(f"otp:ceiling-alert:{timezone.localdate(now).isoformat()}", 1, timeout=24 * 3600):
        return
    logger.critical(
        "OTP ceiling reached: %s SMS in 24 hours (OTP_MAX_PER_DAY=%s)", count, settings.OTP_MAX_PER_DAY
    )
    mail_admins(
        "OTP SMS ceiling reached",
        f"{count} one-time-code SMS were requested in the last 24 hours (OTP_MAX_PER_DAY="
        f"{settings.OTP_MAX_PER_DAY}). Sending is paused until the count falls. Check for SMS pumping.",
        fail_silently=True,
    )


# --- services -----------------------------------------------------------------------------------------
@transaction.atomic
def otp_request(
    *,
    phone: str,
    purpose: str,
    ip: str | None,
    user=None,
    delivery: str = ChallengeDelivery.CODE,
) -> PhoneChallenge:
    """Record a request for a code to `phone` (E.164) after checking every limit; raises OtpRefused.

    The caller queues `accounts.tasks.deliver_phone_challenge` on commit (unless delivery is NONE)."""
    now = timezone.now()
    _serialise(f"otp:phone:{phone}", f"otp:ip:{ip}")
    _check_limits(phone=phone, ip=ip, now=now, sends_sms=delivery != ChallengeDelivery.NONE)
    challenge = PhoneChallenge(
        phone=phone,
        purpose=purpose,
        delivery=delivery,
        user=user if getattr(user, "pk", None) else None,
        requester_ip=ip,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.OTP_TTL_SECONDS),
    )
    challenge.full_clean()
    challenge.save()
    return challenge


def _sms_text(challenge: PhoneChallenge, code: str | None) -> str:
    language = getattr(challenge.user, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        if code and challenge.purpose == ChallengePurpose.CLAIM:
            text = _(
                "Ma %(code)s xac nhan mot nguoi xin lam dai dien don vi cua ban tren Cong chuyen doi so "
                "(hieu luc %(minutes)d phut). Khong phai ban yeu cau thi dung dua ma cho ai."
            ) % {"code": code, "minutes": settings.OTP_TTL_SECONDS // 60}
        elif code:
            text = _(
                "Ma xac thuc Cong chuyen doi so cua ban la %(code)s, hieu luc %(minutes)d phut. "
                "Tuyet doi khong chia se ma nay cho nguoi khac."
            ) % {"code": code, "minutes": settings.OTP_TTL_SECONDS // 60}
        else:
            text = _(
                "So nay da co tai khoan tren Cong chuyen doi so. Dang nhap tai %(url)s, "
                "quen mat khau thi chon dang nhap bang ma SMS."
            ) % {"url": settings.PORTAL_BASE_URL + reverse("account_login")}
    # One GSM-7 part (160 characters) whatever the translation: an OTP must not cost two SMS.
    return strip_diacritics(text)


def otp_deliver(*, challenge_id: int) -> bool:
    """Make the code, keep its hash, send the SMS. Called by the Celery task; safe to run again.

    Returns False when there is nothing to send (already sent, used, expired, or a silent request)."""
    now = timezone.now()
    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=challenge_id)
            .first()
        )
        if (
            challenge is None
            or challenge.delivery == ChallengeDelivery.NONE
            or challenge.sent_at
            or challenge.used_at
            or challenge.expires_at <= now
        ):
            return False
        code = None
        if challenge.delivery == ChallengeDelivery.CODE:
            code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            challenge.code_hash = _hash(challenge, code)
            challenge.save(update_fields=["code_hash"])
    # Committed before the SMS leaves: the code verifies as soon as it arrives. A retry makes a new code
    # (and a new gateway reference), so a code is never sent twice and an earlier one stops working.
    reference = f"otp-{challenge.pk}-{challenge.code_hash[:8] or 'notice'}"
    try:
        send_sms(challenge.phone, _sms_text(challenge, code), reference=reference)
    except TransportError as exc:
        PhoneChallenge.objects.filter(pk=challenge.pk).update(delivery_error=str(exc)[:255])
        raise
    PhoneChallenge.objects.filter(pk=challenge.pk).update(sent_at=timezone.now(), delivery_error="")
    return True


def otp_verify(*, phone: str, purpose: str, code: str) -> PhoneChallenge:
    """Check `code` against the phone's latest challenge for `purpose`; single use. Raises OtpInvalid/OtpRefused."""
    now = timezone.now()
    code = _NOT_DIGITS.sub("", code or "")
    with transaction.atomic():
        _check_lockout(phone, now)
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(phone=phone, purpose=purpose)
            .order_by("-created_at", "-id")
            .first()
        )
        if challenge is None:
            raise OtpInvalid(_("Chưa có mã nào được gửi. Hãy bấm “Gửi lại mã”."), reason="none")
        if challenge.used_at:
            error = OtpInvalid(_("Mã này đã được sử dụng. Hãy yêu cầu mã mới."), reason="used")
        elif challenge.expires_at <= now:
            error = OtpInvalid(_("Mã đã hết hạn. Hãy yêu cầu mã mới."), reason="expired")
        elif challenge.attempts >= settings.OTP_MAX_ATTEMPTS:
            error = OtpInvalid(
                _("Mã này đã bị hủy vì nhập sai quá %(limit)d lần. Hãy yêu cầu mã mới.")
                % {"limit": settings.OTP_MAX_ATTEMPTS},
                reason="dead",
            )
        elif challenge.code_hash and hmac.compare_digest(_hash(challenge, code), challenge.code_hash):
            challenge.used_at = now
            challenge.save(update_fields=["used_at"])
            return challenge
        else:
            challenge.attempts += 1
            challenge.save(update_fields=["attempts"])
            left = settings.OTP_MAX_ATTEMPTS - challenge.attempts
            if left > 0:
                error = OtpInvalid(
                    _("Mã không đúng. Bạn còn %(left)d lần thử với mã này.") % {"left": left}, reason="wrong"
                )
            else:
                error = OtpInvalid(
                    _("Mã không đúng. Mã này đã bị hủy vì nhập sai %(limit)d lần. Hãy yêu cầu mã mới.")
                    % {"limit": settings.OTP_MAX_ATTEMPTS},
                    reason="dead",
                )
    # Raised after the commit, so the wrong try is counted.
    _check_lockout(phone, now)
    raise error


def otp_resend_wait(phone: str) -> int:
    """Seconds before `phone` may ask for a new code (0 = now): the verification page's countdown."""
    if not phone:
        return 0
    latest = (
        PhoneChallenge.objects.filter(phone=phone)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if not latest:
        return 0
    ready = latest + timedelta(seconds=settings.OTP_RESEND_SECONDS)
    return max(0, math.ceil((ready - timezone.now()).total_seconds()))


def otp_prune(*, older_than_days: int = 30) -> int:
    """Delete challenges older than every limit's window (kept a while for investigating SMS abuse)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _rows = PhoneChallenge.objects.filter(created_at__lt=cutoff).delete()
    return deleted
