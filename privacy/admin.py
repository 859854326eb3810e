from django.contrib import admin

from accounts.permissions import ProvinceScopedAdminMixin
from privacy.models import DataRequest, Incident
from smedx_portal.personal import AccessLoggedAdminMixin


@admin.register(DataRequest)
class DataRequestAdmin(AccessLoggedAdminMixin, ProvinceScopedAdminMixin, admin.ModelAdmin):
    """Read-only: requests are handled in the staff queue (privacy:queue), where each step is audited."""

    list_display = ["pk", "kind", "status", "created_at", "acknowledge_by", "due_by", "handled_by"]
    list_filter = ["kind", "status"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["title", "found_at", "state", "notified_at"]
    list_filter = ["state"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_ministry_staff

    def has_module_permission(self, request):
        return request.user.is_ministry_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
