"""Agreements with selected platforms: issued when a platform is selected, signed by the provider's legal
representative (its account, or a signed PDF it uploads), renewed forwards only, terminated with a reason, expired
by the calendar, and warned about 30 days ahead to both sides, once."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role
from accounts.permissions import has_role, is_ministry_staff
from platforms.models import (
    PENDING_AGREEMENT_STATUSES,
    Agreement,
    AgreementStatus,
    AgreementTerms,
    ListingStatus,
    Offer,
    Platform,
    SignatureMethod,
)
from smedx_portal.mail import mail_queue, portal_url
from smedx_portal.programmes import Programme, short_name
from smedx_portal.services import audit_log
from smedx_portal.sms import TransportError, send_sms

logger = logging.getLogger(__name__)


def _require_staff(actor: Any) -> None:
    if not (getattr(actor, "is_active", False) and getattr(actor, "is_staff", False)):
        raise PermissionDenied


def _lock(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("platform__provider__owner", "terms")
        .get(pk=agreement.pk)
    )


def _offers_text(offers: list[Offer]) -> str:
    lines = []
    for offer in offers:
        until = offer.valid_until.strftime("%d/%m/%Y") if offer.valid_until else _("không thời hạn")
        lines.append(f"{offer.title} ({offer.valid_from:%d/%m/%Y} – {until})")
    return "\n".join(lines)


def _attach_offers(agreement: Agreement) -> None:
    offers = list(
        Offer.objects.current()
        .filter(platform=agreement.platform, programme__in=["", agreement.programme])
        .order_by("valid_from", "pk")
    )
    agreement.offers.set(offers)
    agreement.offers_text = _offers_text(offers)
    agreement.save(update_fields=["offers_text"])


def _new_agreement(
    *,
    platform: Platform,
    programme: str,
    actor: Any,
    status: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    grace_until: datetime.date | None = None,
    renewed_from: Agreement | None = None,
) -> Agreement:
    """The programme's latest terms for the platform (one pending agreement per platform and programme)."""
    terms = AgreementTerms.objects.latest_for(programme)
    if terms is None:
        raise ValidationError(_("Chưa có mẫu thỏa thuận cho chương trình này."))
    if Agreement.objects.filter(
        platform=platform, programme=programme, status__in=PENDING_AGREEMENT_STATUSES
    ).exists():
        raise ValidationError(_("Nền tảng đã có một thỏa thuận đang chờ ký của chương trình này."))
    starts_on = starts_on or timezone.localdate()
    agreement = Agreement(
        platform=platform,
        programme=programme,
        terms=terms,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on or starts_on + datetime.timedelta(days=settings.AGREEMENT_TERM_DAYS),
        grace_until=grace_until,
        renewed_from=renewed_from,
        sent_at=timezone.now() if status == AgreementStatus.SENT else None,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    agreement.full_clean(validate_constraints=False)
    agreement.save()
    return agreement


@transaction.atomic
def agreement_issue(
    *,
    platform: Platform,
    programme: str,
    actor: Any,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    grace_until: datetime.date | None = None,
    renewed_from: Agreement | None = None,
) -> Agreement:
    """Send the programme's latest terms, with the platform's current offers, to the provider for signature."""
    agreement = _new_agreement(
        platform=platform,
        programme=programme,
        actor=actor,
        status=AgreementStatus.SENT,
        starts_on=starts_on,
        ends_on=ends_on,
        grace_until=grace_until,
        renewed_from=renewed_from,
    )
    _attach_offers(agreement)
    audit_log(
        actor=actor, obj=agreement, action="agreement.send", data={"terms_version": agreement.terms.version}
    )
    _tell_provider(agreement, "sent")
    return agreement


def staff_programmes(user: Any) -> tuple[str, ...]:
    """The programmes whose agreements a staff member drafts and sends: ministry staff both, MoIT staff RDX."""
    if is_ministry_staff(user):
        return (Programme.SMEDX, Programme.RDX)
    if has_role(user, Role.MOIT_STAFF):
        return (Programme.RDX,)
    return ()


def _require_programme_staff(actor: Any, programme: str) -> None:
    if programme not in staff_programmes(actor):
        raise PermissionDenied


@transaction.atomic
def agreement_draft(
    *,
    platform: Platform,
    programme: str,
    actor: Any,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Agreement:
    """Staff prepare an agreement for a platform selected in the programme; the provider sees it once sent."""
    _require_programme_staff(actor, programme)
    if not platform.listings.filter(status=ListingStatus.SELECTED, group__programme=programme).exists():
        raise ValidationError(
            {
                "platform": _("“%(platform)s” không được lựa chọn trong %(programme)s.")
                % {"platform": platform.name, "programme": short_name(programme)}
            }
        )
    if starts_on and starts_on < timezone.localdate():
        raise ValidationError({"starts_on": _("Ngày hiệu lực không được ở quá khứ.")})
    if starts_on and ends_on and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("Ngày hết hiệu lực phải sau ngày bắt đầu.")})
    agreement = _new_agreement(
        platform=platform,
        programme=programme,
        actor=actor,
        status=AgreementStatus.DRAFT,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_log(
        actor=actor, obj=agreement, action="agreement.draft", data={"terms_version": agreement.terms.version}
    )
    return agreement


@transaction.atomic
def agreement_send(*, agreement: Agreement, actor: Any) -> Agreement:
    """Send a draft to the provider for signature, with the platform's current offers attached (once)."""
    agreement = _lock(agreement)
    _require_programme_staff(actor, agreement.programme)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(
            _("Thỏa thuận đang ở trạng thái “%(status)s”, không gửi lại được.")
            % {"status": agreement.get_status_display()}
        )
    if agreement.ends_on <= timezone.localdate():
        raise ValidationError(_("Thỏa thuận đã quá thời hạn; hãy lập dự thảo mới."))
    agreement.status, agreement.sent_at = AgreementStatus.SENT, timezone.now()
    agreement._history_user = actor
    agreement.save()
    _attach_offers(agreement)
    audit_log(
        actor=actor, obj=agreement, action="agreement.send", data={"terms_version": agreement.terms.version}
    )
    _tell_provider(agreement, "sent")
    return agreement


def agreement_issue_for_selection(*, platform: Platform, programme: str, actor: Any) -> Agreement | None:
    """On selection: an agreement for signature unless one is pending or already in force."""
    existing = Agreement.objects.filter(platform=platform, programme=programme)
    if existing.filter(status__in=PENDING_AGREEMENT_STATUSES).exists() or existing.in_force().exists():
        return None
    return agreement_issue(platform=platform, programme=programme, actor=actor)


@transaction.atomic
def agreement_sign(*, agreement: Agreement, actor: Any, signed_file=None) -> Agreement:
    """Acceptance by the provider's legal representative: the provider's own account (the account that
    registered the provider), by accepting on the page or by uploading the signed PDF. Time and account kept."""
    agreement = _lock(agreement)
    if agreement.platform.provider.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Chỉ tài khoản người đại diện của nhà cung cấp mới ký được thỏa thuận."))
    if agreement.status != AgreementStatus.SENT:
        raise ValidationError(
            _("Thỏa thuận đang ở trạng thái “%(status)s”, không thể ký.")
            % {"status": agreement.get_status_display()}
        )
    if agreement.ends_on < timezone.localdate():
        raise ValidationError(_("Thỏa thuận đã quá thời hạn; đề nghị Ban quản lý gửi thỏa thuận mới."))
    agreement.status, agreement.signed_at, agreement.signed_by = AgreementStatus.SIGNED, timezone.now(), actor
    agreement.signature_method = SignatureMethod.UPLOAD if signed_file else SignatureMethod.ACCOUNT
    if signed_file:
        agreement.signed_file = signed_file
    agreement._history_user = actor
    agreement.save()
    audit_log(
        actor=actor, obj=agreement, action="agreement.sign", data={"method": agreement.signature_method}
    )
    return agreement


@transaction.atomic
def agreement_renew(
    *, agreement: Agreement, actor: Any, ends_on: datetime.date, starts_on: datetime.date | None = None
) -> Agreement:
    """A new agreement for the following period, sent for signature. Never backwards: it starts after the
    renewed one ends and ends after today."""
    _require_staff(actor)
    agreement = _lock(agreement)
    if agreement.status not in (AgreementStatus.SIGNED, AgreementStatus.EXPIRED):
        raise ValidationError(_("Chỉ gia hạn thỏa thuận đã ký hoặc đã hết hạn."))
    if Agreement.objects.filter(renewed_from=agreement).exists():
        raise ValidationError(_("Thỏa thuận này đã được gia hạn."))
    starts_on = starts_on or max(agreement.ends_on + datetime.timedelta(days=1), timezone.localdate())
    if starts_on <= agreement.ends_on or ends_on <= max(starts_on, timezone.localdate()):
        raise ValidationError(
            _("Không thể gia hạn lùi: thỏa thuận mới phải bắt đầu sau ngày %(end)s và kết thúc sau hôm nay.")
            % {"end": agreement.ends_on.strftime("%d/%m/%Y")}
        )
    return agreement_issue(
        platform=agreement.platform,
        programme=agreement.programme,
        actor=actor,
        starts_on=starts_on,
        ends_on=ends_on,
        renewed_from=agreement,
    )


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, actor: Any, reason: str) -> Agreement:
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do.")})
    agreement = _lock(agreement)
    if agreement.status in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED):
        raise ValidationError(_("Thỏa thuận đã kết thúc."))
    agreement.status, agreement.status_reason = AgreementStatus.TERMINATED, reason
    agreement._history_user = actor
    agreement.save()
    audit_log(actor=actor, obj=agreement, action="agreement.terminate", reason=reason)
    _tell_provider(agreement, "terminated")
    return agreement


@transaction.atomic
def agreement_set_grace(
    *, agreement: Agreement, actor: Any, grace_until: datetime.date | None, reason: str = ""
):
    """Staff set until when a platform awaiting signature stays shown in the catalogue."""
    _require_staff(actor)
    agreement = _lock(agreement)
    if agreement.status != AgreementStatus.SENT:
        raise ValidationError(_("Chỉ đặt thời gian chờ ký cho thỏa thuận đang chờ ký."))
    previous = agreement.grace_until
    agreement.grace_until = grace_until
    agreement._history_user = actor
    agreement.save(update_fields=["grace_until"])
    audit_log(
        actor=actor,
        obj=agreement,
        action="agreement.grace",
        reason=reason,
        data={"from": str(previous or ""), "to": str(grace_until or "")},
    )
    return agreement


def agreements_expire_and_warn(*, today: datetime.date | None = None) -> dict[str, int]:
    """Daily (Celery beat): signed agreements past their end become expired; those ending within
    AGREEMENT_EXPIRY_WARNING_DAYS and not renewed are warned about, to the provider and the programme, once."""
    today = today or timezone.localdate()
    expired = Agreement.objects.filter(status=AgreementStatus.SIGNED, ends_on__lt=today).update(
        status=AgreementStatus.EXPIRED
    )
    horizon = today + datetime.timedelta(days=settings.AGREEMENT_EXPIRY_WARNING_DAYS)
    due = Agreement.objects.filter(
        status=AgreementStatus.SIGNED,
        ends_on__gte=today,
        ends_on__lte=horizon,
        expiry_warned_at__isnull=True,
        renewal__isnull=True,
    ).values_list("pk", flat=True)
    warned = 0
    for pk in list(due):
        with transaction.atomic():
            # claimed before telling anyone: a second run or a second worker never warns twice
            if Agreement.objects.filter(pk=pk, expiry_warned_at__isnull=True).update(
                expiry_warned_at=timezone.now()
            ):
                _warn_expiry(
                    Agreement.objects.select_related("platform__provider__owner", "created_by").get(pk=pk)
                )
                warned += 1
    return {"expired": expired, "warned": warned}


def _warn_expiry(agreement: Agreement) -> None:
    provider = agreement.platform.provider
    with override(settings.LANGUAGE_CODE):
        params = {
            "platform": agreement.platform.name,
            "programme": short_name(agreement.programme),
            "end": agreement.ends_on.strftime("%d/%m/%Y"),
            "url": portal_url(reverse("platforms:agreement", kwargs={"pk": agreement.pk})),
        }
        subject = _("Thỏa thuận %(programme)s của %(platform)s hết hạn ngày %(end)s") % params
        body = (
            _(
                "Thỏa thuận tham gia %(programme)s của nền tảng %(platform)s hết hạn ngày %(end)s. "
                "Sau ngày này nền tảng không còn hiển thị là được lựa chọn nếu thỏa thuận không được gia hạn. "
                "Chi tiết: %(url)s"
            )
            % params
        )
    mail_queue(subject=subject, body=body, to=[provider.contact_email, provider.owner.email])
    staff_email = getattr(agreement.created_by, "email", "") or settings.PORTAL["support_email"]
    mail_queue(subject=subject, body=body, to=[staff_email])
    audit_log(actor=None, obj=agreement, action="agreement.expiry_warning", data={"ends_on": params["end"]})
    try:
        send_sms(provider.contact_phone, subject, reference=f"agreement-{agreement.pk}-expiry")
    except TransportError as exc:
        logger.warning("Agreement %s: expiry SMS not sent: %s", agreement.pk, exc)


def _tell_provider(agreement: Agreement, what: str) -> None:
    provider = agreement.platform.provider
    with override(settings.LANGUAGE_CODE):
        params = {
            "platform": agreement.platform.name,
            "programme": short_name(agreement.programme),
            "url": portal_url(reverse("platforms:agreement", kwargs={"pk": agreement.pk})),
            "reason": agreement.status_reason,
        }
        if what == "sent":
            subject = _("Thỏa thuận tham gia %(programme)s của %(platform)s chờ ký") % params
            body = _("Mời người đại diện của nhà cung cấp xem và ký thỏa thuận tại %(url)s") % params
        else:
            subject = _("Thỏa thuận tham gia %(programme)s của %(platform)s đã chấm dứt") % params
            body = _("Lý do: %(reason)s. Chi tiết: %(url)s") % params
    mail_queue(subject=subject, body=body, to=[provider.contact_email, provider.owner.email])
