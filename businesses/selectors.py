"""Read-side queries about businesses that other apps use."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from accounts.permissions import is_staff_or_officer, scope_to_province
from businesses.models import Business, MembershipStatus


def businesses_of(user):
    """Businesses the user actively represents."""
    if not getattr(user, "is_authenticated", False):
        return Business.objects.none()
    return Business.objects.filter(memberships__user=user, memberships__status=MembershipStatus.ACTIVE)


def represented_business_or_404(user, business_id: int) -> Business:
    """A business the user represents; 404 (not 403) for anyone else's, so ids leak nothing."""
    return get_object_or_404(businesses_of(user).select_related("province", "ward", "sector"), pk=business_id)


def visible_business_or_404(user, business_id: int) -> Business:
    """A business the user represents, or one in a staff member's or province officer's scope."""
    if is_staff_or_officer(user):
        queryset = scope_to_province(Business.objects.all(), user)
        return get_object_or_404(queryset.select_related("province", "ward", "sector"), pk=business_id)
    return represented_business_or_404(user, business_id)
