"""allauth's forms in Vietnamese, with our phone field, the sign-up's name and role, and OTP checking."""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from allauth.account.internal.flows.phone_verification import phone_already_exists
from allauth.core import context
from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.consents import OPTIONAL_PURPOSES, REQUIRED_PURPOSES, consent_answer
from accounts.models import ChallengePurpose, ConsentPurpose, Role
from accounts.phones import normalise_phone
from accounts.services import OtpError, otp_verify

SIGNUP_ROLES = [
    (Role.BUSINESS, _("Chủ cửa hàng, hộ kinh doanh, đại diện doanh nghiệp / hợp tác xã")),
    (Role.PROVIDER, _("Nhà cung cấp nền tảng số")),
    (Role.EXPERT, _("Chuyên gia tư vấn chuyển đổi số")),
]


class PhoneInput(forms.TextInput):
    input_type = "tel"

    def __init__(self, attrs=None):
        defaults = {"inputmode": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}
        super().__init__({**defaults, **(attrs or {})})


class PhoneField(forms.CharField):
    """A Vietnamese mobile number in any usual spelling, cleaned to E.164 (+84...)."""

    widget = PhoneInput

    def __init__(self, **kwargs):
        kwargs["label"] = _("Số điện thoại di động")
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("Ví dụ: 0912 345 678. Mã xác thực sẽ được gửi qua SMS tới số này."))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        return normalise_phone(value)


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mã xác thực (6 chữ số)"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "autocomplete": "one-time-code",
                    "inputmode": "numeric",
                    "pattern": "[0-9 ]*",
                    "maxlength": "7",
                    "placeholder": "123456",
                }
            ),
        )
        super().__init__(**kwargs)


def _vietnamese_password(field: forms.Field, label) -> None:
    field.label = label
    field.widget.attrs["placeholder"] = ""


class ConsentFieldsMixin:
    """One checkbox per purpose of the privacy notice, never ticked in advance; taking part is required."""

    def add_consent_fields(self) -> None:
        for purpose in (*REQUIRED_PURPOSES, *OPTIONAL_PURPOSES):
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=ConsentPurpose(purpose).label,
                required=purpose in REQUIRED_PURPOSES,
                initial=False,
                error_messages={"required": _("Cần đồng ý tham gia Chương trình để sử dụng cổng.")},
            )

    def consent_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("consent_")]

    def chosen_purposes(self) -> list[str]:
        return [
            name.removeprefix("consent_")
            for name, value in self.cleaned_data.items()
            if name.startswith("consent_") and value
        ]


class ConsentForm(ConsentFieldsMixin, forms.Form):
    """The notice's questions on their own (existing users at their next sign-in, a new notice version)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_consent_fields()


class SignupForm(ConsentFieldsMixin, allauth_forms.SignupForm):
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=150, widget=forms.TextInput({"autocomplete": "name"})
    )
    role = forms.ChoiceField(
        label=_("Bạn là"), choices=SIGNUP_ROLES, initial=Role.BUSINESS, widget=forms.RadioSelect
    )
    field_order = ["full_name", "phone", "role", "password1", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _vietnamese_password(self.fields["password1"], _("Mật khẩu"))
        self.fields["password1"].help_text = _("Ít nhất 8 ký tự, không chỉ gồm chữ số.")
        if "email" in self.fields:
            self.fields["email"].label = _("Email (không bắt buộc)")
            self.fields["email"].widget.attrs["placeholder"] = ""
        self.add_consent_fields()

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def custom_signup(self, request, user) -> None:
        consent_answer(user_id=user.pk, chosen=self.chosen_purposes())


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].help_text = ""
        _vietnamese_password(self.fields["password"], _("Mật khẩu"))
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Ghi nhớ đăng nhập trên thiết bị này")


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("Chúng tôi sẽ gửi mã đăng nhập gồm 6 chữ số qua SMS.")


def _check_code(*, phone: str | None, purpose: str, code: str) -> None:
    if not phone:
        raise ValidationError(_("Mã không đúng."), code="incorrect_code")
    try:
        otp_verify(phone=phone, purpose=purpose, code=code)
    except OtpError as exc:
        raise ValidationError(exc.message, code=exc.reason)


class VerifyPhoneForm(allauth_forms.VerifyPhoneForm):
    """The phone-verification stage (after sign-up, or a sign-in with an unverified phone)."""

    code = CodeField()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        _check_code(phone=self.phone, purpose=ChallengePurpose.VERIFY, code=code)
        phone_already_exists(self.user, self.phone, always_raise=True)
        return code


class ConfirmLoginCodeForm(allauth_forms.ConfirmLoginCodeForm):
    code = CodeField()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        # allauth's login-by-code view runs inside its login stage, which holds the phone.
        stage = getattr(context.request, "_login_stage", None)
        phone = stage.state.get("phone") if stage else None
        _check_code(phone=phone, purpose=ChallengePurpose.LOGIN, code=code)
        return code


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _vietnamese_password(self.fields["oldpassword"], _("Mật khẩu hiện tại"))
        self.fields["oldpassword"].help_text = ""
        _vietnamese_password(self.fields["password1"], _("Mật khẩu mới"))
        _vietnamese_password(self.fields["password2"], _("Nhập lại mật khẩu mới"))


class NewPasswordForm(SetPasswordForm):
    """A new password without the old one, right after proving the phone with an SMS code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password1"].help_text = _("Ít nhất 8 ký tự, không chỉ gồm chữ số.")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
