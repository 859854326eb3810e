"""Ministry staff reach the admin only with a second factor (TOTP from an authenticator app, not SMS); everyone
else answers the current privacy notice before using the portal."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
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
        admin_prefix = admin_index_path(
            get_urlconf(), settings.ROOT_URLCONF, get_script_prefix(), get_language()
        )
        return request.path.startswith(admin_prefix) or request.path_info.startswith("/admin/")

    @staticmethod
    def _lacks_totp(user) -> bool:
        if not (user.is_authenticated and user.is_staff):
            return False
        from allauth.mfa.utils import is_mfa_enabled

        return not is_mfa_enabled(user, types=["totp"])


@functools.lru_cache(maxsize=64)
def admin_index_path(urlconf: str | None, root_urlconf: str, script_prefix: str, language: str | None) -> str:
    """`reverse("admin:index")` for these inputs (what it depends on: the URLconf, the script prefix, and the
    language of `i18n_patterns`), computed once: reversing on every request cost 0.15 ms of the signed-in floor,
    and a URLconf never changes in a running process."""
    return reverse("admin:index", urlconf=urlconf)


# Staff act for the programme (their data is processed as employees): the notice asks the public's roles.
STAFF_ROLES = {"province_officer", "ministry_staff", "moit_staff"}
# Pages open without an answer: the question itself, the notice, signing out, and the person's own data
# (someone who refuses may still download or delete it); the API and the admin answer to keys and staff.
EXEMPT_VIEWS = {"accounts:consent", "account_logout", "set_language"}
EXEMPT_NAMESPACES = {"privacy", "api", "admin"}


class ConsentRequiredMiddleware:
    """A person who has not answered the current privacy notice (an account from before consent was asked,
    or a new notice version) is sent to the consent page at their next signed-in page, until they answer.

    The version answered is kept on the user row (loaded with every request anyway): the check costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_staff or user.is_superuser or user.role in STAFF_ROLES:
            return None
        if user.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION or request.method != "GET":
            return None
        match = request.resolver_match
        if match.view_name in EXEMPT_VIEWS or EXEMPT_NAMESPACES.intersection(match.namespaces):
            return None
        return redirect(f"{reverse('accounts:consent')}?{urlencode({'next': request.get_full_path()})}")
