"""Read-side queries about businesses that other apps use."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from accounts.consents import consenting_user_ids
from accounts.models import ConsentPurpose
from accounts.permissions import is_staff_or_officer, scope_to_province
from businesses.models import Business, Membership, MembershipStatus, VerificationStatus
from smedx_portal import identity
from smedx_portal.models import AuditEntry
from smedx_portal.text import search_key


def businesses_of(user):
    """Businesses the user actively represents."""
    if not getattr(user, "is_authenticated", False):
        return Business.objects.none()
    return Business.objects.filter(memberships__user=user, memberships__status=MembershipStatus.ACTIVE)


def consenting_business_ids(purpose: ConsentPurpose | str):
    """A subquery of the ids of businesses that consented to `purpose`: one of their active representatives
    did (use with `__in`). Withdrawing the consent takes the business out at once."""
    return Membership.objects.filter(
        status=MembershipStatus.ACTIVE, user_id__in=consenting_user_ids(purpose)
    ).values("business_id")


def business_has_consent(business_id: int, purpose: ConsentPurpose | str) -> bool:
    return Business.objects.filter(pk=business_id, pk__in=consenting_business_ids(purpose)).exists()


def _one_business_or_404(queryset, business_id: int, only: tuple[str, ...]) -> Business:
    if only:  # the caller reads these columns only: no place or sector joined
        return get_object_or_404(queryset.only(*only), pk=business_id)
    return get_object_or_404(queryset.select_related("province", "ward", "sector"), pk=business_id)


def represented_business_or_404(user, business_id: int, *, only: tuple[str, ...] = ()) -> Business:
    """A business the user represents; 404 (not 403) for anyone else's, so ids leak nothing. With `only`,
    just those columns are read."""
    return _one_business_or_404(businesses_of(user), business_id, only)


def visible_business_or_404(user, business_id: int, *, only: tuple[str, ...] = ()) -> Business:
    """A business the user represents, or one in a staff member's or province officer's scope."""
    if is_staff_or_officer(user):
        return _one_business_or_404(scope_to_province(Business.objects.all(), user), business_id, only)
    return represented_business_or_404(user, business_id, only=only)


def reviewable_business_or_404(user, business_id: int) -> Business:
    """A business a reviewer may verify: ministry staff any, a province officer only their province's (404)."""
    queryset = scope_to_province(Business.objects.select_related("province", "ward", "sector"), user)
    return get_object_or_404(queryset, pk=business_id)


def memberships_of(user):
    """The user's memberships (active and pending requests) with their businesses, for "my businesses"."""
    return (
        Membership.objects.filter(user=user)
        .exclude(status=MembershipStatus.REFUSED)
        .select_related("business__province", "business__ward", "business__sector")
        .prefetch_related("business__results")
        .order_by("-created_at", "-pk")
    )


def representatives(business: Business):
    return (
        business.memberships.filter(status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("role", "created_at")
    )


def pending_requests(business: Business):
    return (
        business.memberships.filter(status=MembershipStatus.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def decisions(business: Business):
    """Staff decisions on the business (verification, join requests), newest first."""
    return AuditEntry.objects.for_object(business).select_related("actor")[:20]


def tax_code_condition(query: str) -> Q:
    """Businesses whose tax code starts with the typed digits (enterprise codes are stored in full) or, for 12
    digits, whose CCCD is exactly that number (found by its keyed hash: a CCCD is never stored in clear)."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) == identity.PERSONAL_ID_LENGTH:
        return Q(tax_code_hash__in=identity.hashes(digits))
    if len(digits) >= 4:
        return Q(tax_code__startswith=digits[:10])
    return Q(pk__in=[])


def verification_queue(user, *, status: str = VerificationStatus.UNVERIFIED, query: str = ""):
    """Businesses in the reviewer's province scope, oldest waiting first, with what the list shows."""
    queryset = scope_to_province(Business.objects.all(), user).select_related("province", "ward", "sector")
    if status:
        queryset = queryset.filter(verification_status=status)
    if query:
        key = search_key(query)
        queryset = queryset.filter(Q(search_name__contains=key) | tax_code_condition(query))
    return queryset.annotate(
        representative_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
    ).order_by("created_at", "pk")
