"""Role checks in one place, used by views, admin and API alike.

    @role_required(Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)
    def view(request): ...

Province scoping: `province_scope(user)` is None for ministry staff (every province), a province id for a
province officer, and `NO_PROVINCE` for everyone else. Querysets filter with `scope_to_province`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.models import Role

NO_PROVINCE = -1


def has_role(user, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or (Role.MINISTRY_STAFF in roles and user.role == Role.MINISTRY_STAFF):
        return True
    return user.role in roles


def is_ministry_staff(user) -> bool:
    return has_role(user, Role.MINISTRY_STAFF)


def is_staff_or_officer(user) -> bool:
    return has_role(user, Role.MINISTRY_STAFF, Role.PROVINCE_OFFICER)


def province_scope(user) -> int | None:
    """None = all provinces (ministry staff); an id = that province only; NO_PROVINCE = none."""
    if is_ministry_staff(user):
        return None
    if has_role(user, Role.PROVINCE_OFFICER) and user.province_id:
        return user.province_id
    return NO_PROVINCE


def scope_to_province(queryset: QuerySet, user, field: str = "province") -> QuerySet:
    """Restrict a queryset to the rows the user's province scope allows."""
    scope = province_scope(user)
    if scope is None:
        return queryset
    if scope == NO_PROVINCE:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": scope})


def role_required(*roles: str):
    """View decorator: sign-in required, then one of the roles (ministry staff always pass), else 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def in_province_scope(user, province_id: int | None) -> bool:
    """Whether a row of this province is in the user's scope (ministry staff: every province)."""
    scope = province_scope(user)
    if scope is None:
        return True
    return scope != NO_PROVINCE and scope == province_id


class RoleRequiredMixin:
    """Class-based views: `roles = (Role.PROVINCE_OFFICER,)`; ministry staff always pass (like role_required)."""

    roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not getattr(request.user, "is_authenticated", False):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, *self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProvinceScopedAdminMixin:
    """ModelAdmin: a staff member with a province (an officer given admin access) sees only that province."""

    province_field = "province"

    def get_queryset(self, request):
        return scope_to_province(super().get_queryset(request), request.user, self.province_field)
