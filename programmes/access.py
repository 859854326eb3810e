"""Who runs which programme where. Every view, queryset and admin of this app asks here.

* Ministry staff (Bộ Khoa học và Công nghệ): every programme, every province.
* MoIT staff (Bộ Công Thương): RDX only, every province; SMEdx-only pages refuse them.
* A province officer: their province, for the programmes their department runs. Seed 001 II.6b gives RDX's
  plan to both the Department of Industry and Trade and the science/digital department (then the
  Department of Information and Communications, merged into Science and Technology); seed 000 III.2.7 gives
  SMEdx to the science/digital department alone. So: science → SMEdx and RDX; industry and trade → RDX.
  An officer without a department (accounts made before departments existed) counts as science/digital,
  the department that ran the portal's province work until then.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.models import Department, Role
from accounts.permissions import has_role, is_ministry_staff
from smedx_portal.programmes import Programme

ALL_PROGRAMMES: tuple[str, ...] = (Programme.SMEDX, Programme.RDX)
DEPARTMENT_PROGRAMMES: dict[str, tuple[str, ...]] = {
    Department.SCIENCE: ALL_PROGRAMMES,
    Department.INDUSTRY_TRADE: (Programme.RDX,),
    "": ALL_PROGRAMMES,
}


def programmes_for(user) -> tuple[str, ...]:
    """The programmes whose province work `user` may see (empty for everyone else)."""
    if is_ministry_staff(user):
        return ALL_PROGRAMMES
    if has_role(user, Role.MOIT_STAFF):
        return (Programme.RDX,)
    if has_role(user, Role.PROVINCE_OFFICER) and user.province_id:
        return DEPARTMENT_PROGRAMMES.get(user.department, ())
    return ()


def is_national(user) -> bool:
    """Ministry or MoIT staff: every province (of the programmes they may see)."""
    return is_ministry_staff(user) or has_role(user, Role.MOIT_STAFF)


def is_officer(user) -> bool:
    return has_role(user, Role.PROVINCE_OFFICER) and not is_ministry_staff(user) and bool(user.province_id)


def can_see(user, *, province_id: int, programme: str) -> bool:
    if programme not in programmes_for(user):
        return False
    return is_national(user) or user.province_id == province_id


def can_review(user, programme: str) -> bool:
    """Return or approve plans and reports: ministry staff, and MoIT staff for RDX."""
    return is_national(user) and programme in programmes_for(user)


def scope(queryset: QuerySet, user, *, province_field: str = "province", programme_field: str = "programme"):
    """Rows of the programmes the user may see, in their province unless national."""
    programmes = programmes_for(user)
    if not programmes:
        return queryset.none()
    condition = Q(**{f"{programme_field}__in": programmes})
    if not is_national(user):
        condition &= Q(**{f"{province_field}_id": user.province_id})
    return queryset.filter(condition)


def require_programme(user, programme: str) -> None:
    """403 for a programme the user does not run (a MoIT user on an SMEdx page)."""
    if programme not in programmes_for(user):
        raise PermissionDenied
