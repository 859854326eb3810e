from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import PhoneChallenge, User
from smedx_portal.personal import AccessLoggedAdminMixin


@admin.register(User)
class UserAdmin(AccessLoggedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "phone", "full_name", "role", "province", "is_staff", "is_active"]
    list_filter = ["role", "province", "is_staff", "is_active"]
    search_fields = ["username", "phone", "full_name", "email"]
    list_select_related = ["province"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("Cổng SMEdx / RDX"),
            {"fields": ["phone", "phone_verified_at", "full_name", "role", "province", "language"]},
        ),
    )


@admin.register(PhoneChallenge)
class PhoneChallengeAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    """Read-only: who asked for codes, from where, and what happened (to investigate SMS pumping)."""

    list_display = [
        "phone",
        "purpose",
        "delivery",
        "requester_ip",
        "created_at",
        "sent_at",
        "attempts",
        "used_at",
    ]
    list_filter = ["purpose", "delivery", "created_at"]
    search_fields = ["phone", "requester_ip"]
    date_hierarchy = "created_at"
    exclude = ["code_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
