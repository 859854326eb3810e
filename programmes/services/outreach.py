"""Outreach after the survey (seed 001 II.7b): the province assigns a segment of surveyed businesses to
selected providers, split evenly; only businesses that consented to be contacted by programme-assigned
providers (an active representative's `assigned_contact` consent in force) are assigned or shown; providers
record each follow-up, which the province's report counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from accounts.consents import consenting_user_ids
from accounts.models import ConsentPurpose
from businesses.models import Business, Membership, MembershipStatus
from platforms.models import ListingStatus, Provider
from programmes import access
from programmes.models import FollowUp, FollowUpStep, OutreachAssignment
from smedx_portal.phases import phase_state
from smedx_portal.programmes import Programme
from smedx_portal.services import audit_log


@dataclass(frozen=True)
class OutreachSegment:
    programme: str
    ward_id: int | None = None
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"ward": self.ward_id, "kinds": list(self.kinds), "levels": list(self.levels)}


def consenting_businesses(queryset: QuerySet) -> QuerySet:
    """Businesses with an active representative whose `assigned_contact` consent is in force."""
    consenting = Membership.objects.filter(
        business=OuterRef("pk"),
        status=MembershipStatus.ACTIVE,
        user_id__in=consenting_user_ids(ConsentPurpose.ASSIGNED_CONTACT),
    )
    return queryset.filter(Exists(consenting))


def eligible_businesses(*, province_id: int, segment: OutreachSegment) -> QuerySet:
    """Surveyed businesses of the segment that consented and have no provider assigned in the programme."""
    flag = "in_rdx" if segment.programme == Programme.RDX else "in_smedx"
    surveyed = {"results__programme": segment.programme}  # its result in this programme (one join, one row)
    if segment.levels:
        surveyed["results__level__in"] = segment.levels
    businesses = Business.objects.filter(province_id=province_id, **{flag: True}).filter(**surveyed)
    if segment.ward_id:
        businesses = businesses.filter(ward_id=segment.ward_id)
    if segment.kinds:
        businesses = businesses.filter(kind__in=segment.kinds)
    assigned = OutreachAssignment.objects.filter(programme=segment.programme, business=OuterRef("pk"))
    return consenting_businesses(businesses).exclude(Exists(assigned))


def selected_providers(programmes) -> QuerySet:
    """Providers with a platform selected in a category group of one of the programmes."""
    return Provider.objects.filter(
        platforms__listings__status=ListingStatus.SELECTED,
        platforms__listings__group__programme__in=programmes,
    ).distinct()


@transaction.atomic
def outreach_assign(
    *, actor: Any, segment: OutreachSegment, provider_ids: list[int], limit: int
) -> list[OutreachAssignment]:
    """Assign up to `limit` eligible businesses of the actor's province to the providers, in turn."""
    if not access.is_officer(actor) or segment.programme not in access.programmes_for(actor):
        raise PermissionDenied
    state = phase_state(segment.programme, actor.province_id)
    if not state.allowed:
        raise ValidationError(state.closed_message())
    providers = list(selected_providers([segment.programme]).filter(pk__in=provider_ids).order_by("pk"))
    if not providers or len(providers) != len(set(provider_ids)):
        raise ValidationError(
            {"providers": [_("Chọn nhà cung cấp có nền tảng được lựa chọn của chương trình.")]}
        )
    if limit < 1:
        raise ValidationError({"limit": [_("Số đơn vị phải lớn hơn 0.")]})
    businesses = list(
        eligible_businesses(province_id=actor.province_id, segment=segment)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not businesses:
        raise ValidationError(_("Không có đơn vị nào trong nhóm này đồng ý được nhà cung cấp liên hệ."))
    rows = [
        OutreachAssignment(
            programme=segment.programme,
            province_id=actor.province_id,
            business_id=business_id,
            provider=providers[index % len(providers)],
            segment=segment.as_json(),
            assigned_by=actor,
        )
        for index, business_id in enumerate(businesses)
    ]
    try:
        with transaction.atomic():
            made = OutreachAssignment.objects.bulk_create(rows)
    except IntegrityError as error:
        raise ValidationError(_("Một số đơn vị vừa được phân công: hãy thử lại.")) from error
    for provider in providers:
        audit_log(
            actor=actor,
            obj=provider,
            action="outreach.assign",
            data={"programme": segment.programme, "province": actor.province_id, **segment.as_json()},
        )
    return made


def assignments_for_provider(user) -> QuerySet:
    """A provider's assigned businesses, still consenting (a withdrawn consent hides the business)."""
    provider = (
        Provider.objects.filter(owner=user).first() if getattr(user, "is_authenticated", False) else None
    )
    if provider is None:
        return OutreachAssignment.objects.none()
    consenting = consenting_businesses(Business.objects.all()).values("pk")
    return OutreachAssignment.objects.filter(provider=provider, business_id__in=consenting)


@transaction.atomic
def follow_up_record(*, actor: Any, assignment: OutreachAssignment, step: str, note: str = "") -> FollowUp:
    if not assignments_for_provider(actor).filter(pk=assignment.pk).exists():
        raise PermissionDenied
    if step not in FollowUpStep.values:
        raise ValidationError({"step": [_("Bước không hợp lệ.")]})
    follow_up, created = FollowUp.objects.get_or_create(
        assignment=assignment, step=step, defaults={"note": note.strip()[:500], "recorded_by": actor}
    )
    if created:
        audit_log(actor=actor, obj=assignment, action=f"outreach.{step}", reason=note.strip()[:500])
    return follow_up
