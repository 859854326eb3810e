from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
