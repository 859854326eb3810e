"""Who may do what in the expert network and the Q&A: one function per question."""

from __future__ import annotations

from accounts.models import Role
from accounts.permissions import is_ministry_staff
from businesses.selectors import businesses_of
from experts.models import Expert


def expert_of(user) -> Expert | None:
    """The user's expert profile, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "experts_profile"):
        user.experts_profile = Expert.objects.select_related("certificate").filter(user=user).first()
    return user.experts_profile


def is_certified_expert(user) -> bool:
    expert = expert_of(user)
    return expert is not None and expert.is_certified


def is_verified_account(user) -> bool:
    """A verified account posts without waiting for moderation: staff, a certified expert, or a phone-verified
    account that (if it is a business representative) represents at least one verified business."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_ministry_staff(user) or is_certified_expert(user):
        return True
    if user.phone_verified_at is None:
        return False
    if user.role == Role.BUSINESS:
        return businesses_of(user).verified().exists()
    return True


def can_answer(user) -> bool:
    return is_ministry_staff(user) or is_certified_expert(user)


def can_moderate(user) -> bool:
    """Hide content with a reason: staff and certified experts."""
    return is_ministry_staff(user) or is_certified_expert(user)
