"""Business operations: register, update, verify / reject, join requests. Views, admin and import call these.

Every change keeps the dashboards' summary tables current (`businesses.stats.stats_apply`) in the same
transaction; staff decisions are written to the audit log with who, when and why; the business's own history
(simple_history) records every saved version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.consents import consent_give
from accounts.models import ChallengeDelivery, ChallengePurpose, Consent, ConsentChannel, ConsentPurpose, Role
from accounts.services import otp_request, otp_verify
from accounts.tasks import deliver_phone_challenge
from businesses.models import (
    Business,
    Membership,
    MembershipRole,
    MembershipStatus,
    VerificationStatus,
)
from businesses.permissions import can_decide_membership, can_review_business
from businesses.sizing import size_class_for
from businesses.stats import BusinessFacts, stats_apply
from businesses.validators import normalise_tax_code
from smedx_portal import identity
from smedx_portal.services import audit_log
from smedx_portal.text import search_key

# Changing one of these after verification sends the business back to review.
KEY_FIELDS = ("name", "kind", "tax_code", "province", "ward", "address")
EDITABLE_FIELDS = (
    "kind",
    "in_smedx",
    "in_rdx",
    "name",
    "tax_code",
    "sector",
    "employees",
    "annual_revenue",
    "province",
    "ward",
    "address",
    "phone",
)


@dataclass(frozen=True)
class Registration:
    business: Business
    membership: Membership
    joined_existing: bool  # the tax code was already registered: the membership is a pending join request


def _apply(business: Business, data: dict[str, Any]) -> None:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in data.items():
        setattr(business, name, value)


def business_derive(business: Business) -> None:
    """Fill the stored derived values: the search key and the size class (Nghị định 80/2021)."""
    business.search_name = search_key(business.name)
    business.size_class = size_class_for(
        sector_code=business.sector.code if business.sector_id else None,
        employees=business.employees,
        revenue=business.annual_revenue,
    )


def _valid_tax_code(data: dict[str, Any]) -> str | None:
    try:
        return normalise_tax_code(data.get("tax_code") or "", kind=data.get("kind"))
    except ValidationError:
        return None  # full_clean reports it with the other fields


def _same_tax_code(business: Business, data: dict[str, Any]) -> dict[str, Any]:
    """The stored (masked) tax code when the one typed is the same number, so retyping it changes nothing."""
    typed = data.get("tax_code")
    if typed and not identity.is_masked(typed) and business.tax_code_hash in identity.hashes(typed):
        return {**data, "tax_code": business.tax_code}
    return data


def _history_reason(business: Business, reason: str) -> None:
    business._change_reason = reason


@transaction.atomic
def business_create(*, actor, data: dict[str, Any], history_reason: str = "") -> Business:
    """A new business with no representative (staff, import). Raises ValidationError."""
    business = Business()
    _apply(business, data)
    business_derive(business)
    business.full_clean()
    _history_reason(business, history_reason or _("Tạo mới"))
    business._history_user = actor if getattr(actor, "pk", None) else None
    business.save()
    stats_apply(before=None, after=BusinessFacts.of(business))
    return business


@transaction.atomic
def business_register(*, user, data: dict[str, Any]) -> Registration:
    """A representative describes their business. A tax code already registered becomes a join request.

    Raises ValidationError for invalid data."""
    tax_code = _valid_tax_code(data)
    if tax_code:
        existing = Business.objects.select_for_update().with_tax_code(tax_code).first()
        if existing:
            return Registration(
                existing, membership_request(user=user, business=existing), joined_existing=True
            )
    business = Business()
    _apply(business, data)
    business_derive(business)
    business.full_clean()
    _history_reason(business, _("Người đại diện đăng ký"))
    business._history_user = user
    try:
        with transaction.atomic():
            business.save()
    except IntegrityError:
        # Someone registered the same tax code a moment ago: join it instead.
        existing = Business.objects.select_for_update().with_tax_code(tax_code).get()
        return Registration(existing, membership_request(user=user, business=existing), joined_existing=True)
    membership = Membership.objects.create(
        user=user, business=business, role=MembershipRole.OWNER, status=MembershipStatus.ACTIVE
    )
    stats_apply(before=None, after=BusinessFacts.of(business))
    return Registration(business, membership, joined_existing=False)


@transaction.atomic
def business_update(*, business: Business, actor, data: dict[str, Any]) -> Business:
    """Change a business. Changing a key field of a verified business sends it back to review (logged)."""
    locked = Business.objects.select_for_update().get(pk=business.pk)
    before = BusinessFacts.of(locked)
    data = _same_tax_code(locked, data)
    old = {
        name: getattr(locked, f"{name}_id" if name in ("province", "ward") else name) for name in KEY_FIELDS
    }
    _apply(locked, data)
    business_derive(locked)
    locked.full_clean()
    changed = [
        name
        for name in KEY_FIELDS
        if getattr(locked, f"{name}_id" if name in ("province", "ward") else name) != old[name]
    ]
    reason = _("Cập nhật thông tin")
    if changed and locked.verification_status == VerificationStatus.VERIFIED:
        locked.verification_status = VerificationStatus.UNVERIFIED
        locked.verified_at = None
        locked.verification_reason = ""
        reason = _("Thay đổi thông tin chính sau khi đã xác minh: chờ xác minh lại")
        audit_log(
            actor=actor,
            obj=locked,
            action="business.back_to_review",
            reason=reason,
            data={"fields": changed},
        )
    _history_reason(locked, reason)
    locked._history_user = actor
    locked.save()
    stats_apply(before=before, after=BusinessFacts.of(locked))
    return locked


def _decide(*, business: Business, actor, status: str, reason: str, action: str) -> Business:
    if not can_review_business(actor, business):
        raise PermissionDenied
    locked = Business.objects.select_for_update().get(pk=business.pk)
    locked.verification_status = status
    locked.verification_reason = reason
    locked.verified_at = timezone.now() if status == VerificationStatus.VERIFIED else None
    _history_reason(locked, reason or action)
    locked._history_user = actor
    locked.save(update_fields=["verification_status", "verification_reason", "verified_at", "updated_at"])
    audit_log(actor=actor, obj=locked, action=action, reason=reason)
    return locked


@transaction.atomic
def business_verify(*, business: Business, actor, reason: str = "") -> Business:
    """Staff (or the province's officer) confirm the business is who it says it is."""
    return _decide(
        business=business,
        actor=actor,
        status=VerificationStatus.VERIFIED,
        reason=reason,
        action="business.verified",
    )


@transaction.atomic
def business_reject(*, business: Business, actor, reason: str) -> Business:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Vui lòng ghi lý do từ chối để doanh nghiệp biết cần sửa gì.")})
    return _decide(
        business=business,
        actor=actor,
        status=VerificationStatus.REJECTED,
        reason=reason,
        action="business.rejected",
    )


# --- join requests ------------------------------------------------------------------------------------
@transaction.atomic
def membership_request(*, user, business: Business) -> Membership:
    """Ask to represent an existing business (pending until its owner or staff decide)."""
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user,
        business=business,
        defaults={"role": MembershipRole.MEMBER, "status": MembershipStatus.PENDING},
    )
    if not created and membership.status == MembershipStatus.REFUSED:
        membership.status = MembershipStatus.PENDING
        membership.save(update_fields=["status"])
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, actor) -> Membership:
    business = membership.business
    if not can_decide_membership(actor, business):
        raise PermissionDenied
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != MembershipStatus.PENDING:
        raise ValidationError(_("Yêu cầu này đã được xử lý."))
    has_owner = business.memberships.filter(
        role=MembershipRole.OWNER, status=MembershipStatus.ACTIVE
    ).exists()
    locked.status = MembershipStatus.ACTIVE
    locked.role = MembershipRole.MEMBER if has_owner else MembershipRole.OWNER
    locked.save(update_fields=["status", "role"])
    audit_log(
        actor=actor,
        obj=business,
        action="membership.approved",
        data={"membership": locked.pk, "user": locked.user_id, "role": locked.role},
    )
    return locked


@transaction.atomic
def membership_refuse(*, membership: Membership, actor, reason: str = "") -> Membership:
    business = membership.business
    if not can_decide_membership(actor, business):
        raise PermissionDenied
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != MembershipStatus.PENDING:
        raise ValidationError(_("Yêu cầu này đã được xử lý."))
    locked.status = MembershipStatus.REFUSED
    locked.save(update_fields=["status"])
    audit_log(
        actor=actor,
        obj=business,
        action="membership.refused",
        reason=reason,
        data={"membership": locked.pk, "user": locked.user_id},
    )
    return locked


# --- claiming a business whose tax code is already registered -------------------------------------------------
def claim_phone(business: Business) -> str:
    """The phone registered for the business (its contact phone, else its owner's): a code sent there proves
    control. "" when there is none: then only staff, checking the registration documents, can approve."""
    if business.phone:
        return business.phone
    owner = (
        business.memberships.filter(role=MembershipRole.OWNER, status=MembershipStatus.ACTIVE)
        .select_related("user")
        .first()
    )
    return (owner.user.phone or "") if owner else ""


def membership_claim_send(*, membership: Membership, ip: str | None) -> None:
    """Send a code to the business's registered phone. Raises ValidationError, or OtpRefused (limits)."""
    phone = claim_phone(membership.business)
    if membership.status != MembershipStatus.PENDING or not phone:
        raise ValidationError(_("Không thể gửi mã cho yêu cầu này."))
    with transaction.atomic():
        challenge = otp_request(
            phone=phone, purpose=ChallengePurpose.CLAIM, ip=ip, delivery=ChallengeDelivery.CODE
        )
        transaction.on_commit(lambda: deliver_phone_challenge.delay(challenge.pk))


def membership_claim_confirm(*, membership: Membership, code: str) -> Membership:
    """The code sent to the registered phone makes the request an active membership (logged).

    Raises OtpInvalid / OtpRefused (wrong, expired, too many tries) or ValidationError (already decided)."""
    phone = claim_phone(membership.business)
    if membership.status != MembershipStatus.PENDING or not phone:
        raise ValidationError(_("Yêu cầu này đã được xử lý."))
    otp_verify(phone=phone, purpose=ChallengePurpose.CLAIM, code=code)  # counts a wrong try even on error
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.status != MembershipStatus.PENDING:
            raise ValidationError(_("Yêu cầu này đã được xử lý."))
        has_owner = locked.business.memberships.filter(
            role=MembershipRole.OWNER, status=MembershipStatus.ACTIVE
        ).exists()
        locked.status = MembershipStatus.ACTIVE
        locked.role = MembershipRole.MEMBER if has_owner else MembershipRole.OWNER
        locked.save(update_fields=["status", "role"])
        audit_log(
            actor=locked.user,
            obj=locked.business,
            action="membership.claimed_by_phone",
            data={"membership": locked.pk, "user": locked.user_id, "role": locked.role},
        )
    return locked


# --- the owner's consent carried by an import file ------------------------------------------------------------
@transaction.atomic
def import_owner_consent(*, business: Business, phone: str, actor: Any | None) -> Consent | None:
    """An import row says the owner agreed to take part (on paper, to the province): an account is made for the
    owner's mobile (no password: they sign in by a code to that phone), as the business's owner, and their consent
    is recorded under the import channel for taking part only. Nothing else: no promotional SMS, no sharing with
    providers or partner portals, until the owner chooses on the portal. A phone that already has an account is
    left alone (that person consented on the portal, and claims the business there). None when nothing is made."""
    user_model = get_user_model()
    if user_model.objects.filter(phone=phone).exists():
        return None
    user = user_model(phone=phone, username=f"import-{uuid.uuid4().hex[:12]}", role=Role.BUSINESS)
    user.set_unusable_password()
    user.save()
    Membership.objects.create(
        business=business, user=user, role=MembershipRole.OWNER, status=MembershipStatus.ACTIVE
    )
    [consent] = consent_give(
        user_id=user.pk, purposes=[ConsentPurpose.PARTICIPATION], channel=ConsentChannel.IMPORT
    )
    audit_log(actor=actor, obj=business, action="privacy.consent.import", data={"person": user.pk})
    return consent
