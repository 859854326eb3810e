"""Who may do what with a business: built on accounts.permissions (roles, province scope)."""

from __future__ import annotations

from accounts.models import Role
from accounts.permissions import has_role, in_province_scope
from businesses.models import Business, Membership, MembershipRole, MembershipStatus


def can_review_business(user, business: Business) -> bool:
    """Verify / reject: ministry staff anywhere, a province officer in their province."""
    return has_role(user, Role.MINISTRY_STAFF, Role.PROVINCE_OFFICER) and in_province_scope(
        user, business.province_id
    )


def active_membership(user, business: Business) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, business=business, status=MembershipStatus.ACTIVE).first()


def is_owner(user, business: Business) -> bool:
    membership = active_membership(user, business)
    return membership is not None and membership.role == MembershipRole.OWNER


def can_edit_business(user, business: Business) -> bool:
    return active_membership(user, business) is not None


def can_decide_membership(user, business: Business) -> bool:
    """Approve or refuse a request to join: the business's owner, or staff in scope."""
    return is_owner(user, business) or can_review_business(user, business)
