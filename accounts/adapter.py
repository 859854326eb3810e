"""django-allauth, told about our User (phone in E.164, full name, role) and our one-time codes.

allauth runs the flows (sign-up → phone verification stage, sign-in by password or by code); the codes are
PhoneChallenges (accounts/services.py): allauth keeps only the challenge's id in its session state, the code
is made and sent by a Celery task, and the verify forms (accounts/forms.py) check it with `otp_verify`.
"""

from __future__ import annotations

import ipaddress
from functools import partial

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ChallengeDelivery, ChallengePurpose, Role
from accounts.phones import mask_phone, normalise_phone
from accounts.services import OtpRefused, otp_request

SENT_MESSAGES = {
    "account/messages/phone_verification_sent.txt": _(
        "Đã gửi tin nhắn tới số %(phone)s: mã xác thực 6 chữ số (hiệu lực %(minutes)d phút) nếu đây là số mới, "
        "hoặc hướng dẫn đăng nhập nếu số đã có tài khoản."
    ),
    "account/messages/login_code_sent.txt": _(
        "Nếu số %(phone)s đã có tài khoản, mã đăng nhập 6 chữ số (hiệu lực %(minutes)d phút) đã được gửi tới số đó."
    ),
}
SENT_MESSAGE_TEMPLATES = set(SENT_MESSAGES)
LOGIN_CODE_URL_NAMES = {"account_request_login_code", "account_confirm_login_code"}
SELF_SERVICE_ROLES = (Role.BUSINESS, Role.PROVIDER, Role.EXPERT)


def _outcomes(request) -> dict[str, str | None]:
    """What happened to each phone's code request in this HTTP request: None = sent, else the refusal."""
    if not hasattr(request, "otp_outcomes"):
        request.otp_outcomes = {}
    return request.otp_outcomes


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "phone_password_mismatch": _("Số điện thoại hoặc mật khẩu không đúng."),
        "phone_taken": _("Số điện thoại này đã được đăng ký."),
        "unknown_phone": _("Số điện thoại này chưa được đăng ký."),
        "incorrect_code": _("Mã không đúng."),
        "too_many_login_attempts": _("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 5 phút."),
        "rate_limited": _("Bạn thao tác quá nhanh. Vui lòng thử lại sau 1 phút."),
        "account_inactive": _("Tài khoản này đang bị khóa. Vui lòng liên hệ đường dây hỗ trợ."),
        "email_taken": _("Email này đã được dùng cho một tài khoản khác."),
        "enter_current_password": _("Vui lòng nhập mật khẩu hiện tại."),
        "incorrect_password": _("Mật khẩu không đúng."),
        "same_as_current": _("Giá trị mới phải khác giá trị hiện tại."),
    }

    # --- the user's phone -------------------------------------------------------------------------
    def phone_form_field(self, **kwargs):
        from accounts.forms import PhoneField

        return PhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalise_phone(phone)

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified_at = timezone.now() if verified else None
        user.save(update_fields=["phone", "phone_verified_at"])

    def get_phone(self, user) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return user.phone, user.phone_verified_at is not None

    def set_phone_verified(self, user, phone: str) -> None:
        if user.phone == phone and user.phone_verified_at is None:
            user.phone_verified_at = timezone.now()
            user.save(update_fields=["phone_verified_at"])

    def get_user_by_phone(self, phone: str):
        return get_user_model().objects.filter(phone=phone).order_by("pk").first()

    # --- sign-up ----------------------------------------------------------------------------------
    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        role = data.get("role")
        user.role = role if role in SELF_SERVICE_ROLES else Role.BUSINESS
        user.language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
        user.phone = data.get("phone") or None
        return super().save_user(request, user, form, commit=commit)

    def populate_username(self, request, user) -> None:
        """The username (kept for Django's admin login) is the phone, or a generated one if that is taken."""
        if (
            not user.username
            and user.phone
            and not get_user_model().objects.filter(username=user.phone).exists()
        ):
            user.username = user.phone
        super().populate_username(request, user)

    def get_signup_redirect_url(self, request) -> str:
        role = getattr(request.user, "role", "")
        return resolve_url(
            settings.ACCOUNTS_SIGNUP_REDIRECT_BY_ROLE.get(role) or self._home_for(request.user)
        )

    def get_login_redirect_url(self, request) -> str:
        return self._home_for(request.user)

    def _home_for(self, user) -> str:
        role = getattr(user, "role", "")
        return resolve_url(settings.ACCOUNTS_HOME_BY_ROLE.get(role) or settings.LOGIN_REDIRECT_URL)

    # --- one-time codes ---------------------------------------------------------------------------
    def _request(self):
        return self.request or context.request

    def _client_network(self, request) -> str:
        """The client's IPv4 address, or its IPv6 /64 (one subscriber's block): what the per-IP cap counts."""
        address = ipaddress.ip_address(self.get_client_ip(request))
        if isinstance(address, ipaddress.IPv6Address):
            return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
        return str(address)

    def _purpose(self) -> str:
        match = getattr(self._request(), "resolver_match", None)
        if match and match.url_name in LOGIN_CODE_URL_NAMES:
            return ChallengePurpose.LOGIN
        return ChallengePurpose.VERIFY

    def _issue(self, *, phone: str, user, delivery: str) -> str:
        """Ask accounts.services for a code; return the challenge id ('' if refused) and note the outcome."""
        request = self._request()
        try:
            challenge = otp_request(
                phone=phone,
                purpose=self._purpose(),
                ip=self._client_network(request),
                user=user,
                delivery=delivery,
            )
        except OtpRefused as exc:
            _outcomes(request)[phone] = exc.message
            return ""
        _outcomes(request)[phone] = None
        return str(challenge.pk)

    @staticmethod
    def _deliver(challenge_id: str) -> None:
        if challenge_id:
            from accounts.tasks import deliver_phone_challenge

            transaction.on_commit(partial(deliver_phone_challenge.delay, int(challenge_id)))

    def generate_phone_verification_code(self, *, user, phone: str) -> str:
        # What allauth keeps in its session as "the code" is only the PhoneChallenge's id: the code itself is
        # made by the task that sends it, and only its hash is stored.
        return self._issue(phone=phone, user=user, delivery=ChallengeDelivery.CODE)

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        """`code` is what generate_phone_verification_code returned: the challenge id ('' when refused)."""
        self._deliver(code)

    def send_account_already_exists_sms(self, phone: str) -> None:
        """A sign-up with a registered phone: the owner gets a notice instead of a code; the page is the same."""
        self._deliver(
            self._issue(phone=phone, user=self.get_user_by_phone(phone), delivery=ChallengeDelivery.NOTICE)
        )

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        """A sign-in code for an unknown phone: nothing is sent (no SMS to numbers without an account), but
        the request is counted like a real one so the answers are the same."""
        self._issue(phone=phone, user=None, delivery=ChallengeDelivery.NONE)

    def add_message(
        self, request, level, message_template=None, message_context=None, extra_tags="", message=None
    ) -> None:
        if message_template in SENT_MESSAGE_TEMPLATES and (message_context or {}).get("phone"):
            phone = message_context["phone"]
            outcomes = _outcomes(request)
            if phone not in outcomes:
                # A resend that allauth answers without asking us (no account behind the phone): count it.
                self._issue(phone=phone, user=None, delivery=ChallengeDelivery.NONE)
            refusal = outcomes.get(phone)
            if refusal:
                return super().add_message(request, messages.ERROR, message=refusal, extra_tags=extra_tags)
            # The same words whether or not the phone has an account, and nothing promised that isn't sent.
            message = SENT_MESSAGES[message_template] % {
                "phone": mask_phone(phone),
                "minutes": settings.OTP_TTL_SECONDS // 60,
            }
            return super().add_message(request, messages.SUCCESS, message=message, extra_tags=extra_tags)
        return super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=message_context,
            extra_tags=extra_tags,
            message=message,
        )
