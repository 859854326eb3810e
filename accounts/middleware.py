"""Ministry staff reach the admin only with a second factor (TOTP from an authenticator app, not SMS)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_MFA_REQUIRED and self._is_admin_request(request) and self._lacks_totp(request.user):
            messages.warning(
                request,
                _("Cán bộ cần bật xác thực hai lớp (ứng dụng xác thực) trước khi vào trang quản trị."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _is_admin_request(request) -> bool:
        admin_prefix = reverse("admin:index")
        return request.path.startswith(admin_prefix) or request.path_info.startswith("/admin/")

    @staticmethod
    def _lacks_totp(user) -> bool:
        if not (user.is_authenticated and user.is_staff):
            return False
        from allauth.mfa.utils import is_mfa_enabled

        return not is_mfa_enabled(user, types=["totp"])
