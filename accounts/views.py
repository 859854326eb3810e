from __future__ import annotations

import time

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.consents import consent_answer
from accounts.forms import ConsentForm, NewPasswordForm
from smedx_portal.redirects import safe_next


def _signed_in_by_code_recently(request) -> bool:
    window = settings.ACCOUNTS_PASSWORD_RESET_SECONDS
    return any(
        record.get("method") == "code" and time.time() - record.get("at", 0) <= window
        for record in get_authentication_records(request, request.user)
    )


@never_cache
@login_required
def set_password_by_code(request):
    """Forgotten password: sign in with an SMS code (the phone is the identity), then choose a new password.

    Only within ACCOUNTS_PASSWORD_RESET_SECONDS of a sign-in by code; otherwise the usual change-password page
    (which asks for the current password)."""
    if not _signed_in_by_code_recently(request):
        messages.info(
            request, _("Để đặt mật khẩu mới mà không cần mật khẩu cũ, hãy đăng nhập bằng mã SMS trước.")
        )
        return redirect("account_change_password")
    form = NewPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Đã đặt mật khẩu mới."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/set_password.html", {"form": form})


@never_cache
@login_required
def consent(request):
    """The privacy notice's questions: asked at the next sign-in of a person who has not answered this version."""
    form = ConsentForm(
        request.POST if request.method == "POST" else None
    )  # never ticked in advance, even for a person answering again
    if request.method == "POST" and form.is_valid():
        consent_answer(user_id=request.user.pk, chosen=form.chosen_purposes())
        messages.success(
            request, _("Đã ghi nhận lựa chọn của bạn. Bạn có thể thay đổi tại trang “Dữ liệu của tôi”.")
        )
        return redirect(safe_next(request, settings.LOGIN_REDIRECT_URL))
    return render(
        request,
        "accounts/consent.html",
        {"form": form, "next": safe_next(request, settings.LOGIN_REDIRECT_URL)},
    )
