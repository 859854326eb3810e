"""The admin site: every ModelAdmin registered on it is scoped for staff users with a province scope.

Ministry staff (and superusers) see everything. A province officer given admin access sees only rows of their
province: through the ModelAdmin's `province_field` when it declares one, else the model's own `province`, else
its business's province (`business__province`). A model with no province at all (API keys, criteria, the
catalogue, audit log...) is national: an officer cannot open it. Anyone else with `is_staff` sees nothing.
Applied in `register`, so no ModelAdmin of any app can forget it (tests/core/test_admin_scope.py walks them).
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from accounts.permissions import is_ministry_staff, scope_to_province

UNSET = object()


def province_path(model_admin: admin.ModelAdmin) -> str | None:
    """The lookup from the admin's model to its province ("province", "business__province", ...), or None."""
    declared = getattr(model_admin, "province_field", UNSET)
    if declared is not UNSET:
        return declared
    names = {field.name: field for field in model_admin.model._meta.concrete_fields}
    if "province" in names and names["province"].is_relation:
        return "province"
    business = names.get("business")
    if (
        business is not None
        and business.is_relation
        and "province" in {field.name for field in business.related_model._meta.concrete_fields}
    ):
        return "business__province"
    return None


class OfficerScopeMixin:
    """Put before a ModelAdmin's own classes by PortalAdminSite.register."""

    def _national_only(self, request) -> bool:
        return not is_ministry_staff(request.user) and province_path(self) is None

    def get_queryset(self, request):
        queryset: models.QuerySet = super().get_queryset(request)
        if is_ministry_staff(request.user):
            return queryset
        path = province_path(self)
        return scope_to_province(queryset, request.user, path) if path else queryset.none()

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """simple_history's history page falls back to the records of rows it cannot find: not for officers."""
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        if is_ministry_staff(request.user) or self.get_queryset(request).filter(pk=object_id).exists():
            return records
        return records.none()

    def has_module_permission(self, request):
        return not self._national_only(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return not self._national_only(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return not self._national_only(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._national_only(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._national_only(request) and super().has_delete_permission(request, obj)


class PortalAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        scoped = type(base.__name__, (OfficerScopeMixin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, scoped, **options)
