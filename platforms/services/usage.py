"""Usage registrations: a verified business asks to use a platform, the provider confirms activation."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.consents import has_consent
from accounts.models import ConsentPurpose
from businesses.models import Business
from businesses.selectors import business_has_consent
from platforms.models import Listing, Platform, UsageRegistration, UsageStatus
from smedx_portal.sms import send_sms
from smedx_portal.text import strip_diacritics

logger = logging.getLogger(__name__)


@transaction.atomic
def usage_register(
    *,
    business: Business,
    platform: Platform,
    requested_by: Any,
    listing: Listing | None = None,
    message: str = "",
) -> UsageRegistration:
    """The caller has checked that `requested_by` represents `business`. The provider is told on commit."""
    if not business.is_verified:
        raise ValidationError(_("Hồ sơ doanh nghiệp cần được xác minh trước khi đăng ký sử dụng nền tảng."))
    public = Listing.objects.public().filter(platform=platform)
    if listing is not None:
        public = public.filter(pk=listing.pk)
    listing = public.select_related("group").order_by("status", "slot", "pk").first()
    if listing is None:
        raise ValidationError(_("Nền tảng này hiện không có trong danh sách của Chương trình."))
    if UsageRegistration.objects.filter(
        business=business, platform=platform, status__in=[UsageStatus.REQUESTED, UsageStatus.ACTIVE]
    ).exists():
        raise ValidationError(_("Doanh nghiệp đã đăng ký sử dụng nền tảng này."))
    registration = UsageRegistration(
        business=business, platform=platform, listing=listing, requested_by=requested_by, message=message
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(_("Doanh nghiệp đã đăng ký sử dụng nền tảng này."))
    from platforms.tasks import notify_provider_of_usage

    transaction.on_commit(lambda: notify_provider_of_usage.delay(registration.pk))
    _webhook(registration)
    return registration


def _webhook(registration: UsageRegistration, previous_status: str | None = None) -> None:
    """The provider's webhook event (smedx_portal.api), queued with this transaction."""
    from platforms.api import usage_registration_event

    usage_registration_event(registration, previous_status=previous_status)


def _lock_for_provider(registration: UsageRegistration, actor: Any) -> UsageRegistration:
    locked = (
        UsageRegistration.objects.select_for_update(of=("self",))
        .select_related("platform__provider")
        .get(pk=registration.pk)
    )
    if locked.platform.provider.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if locked.status != UsageStatus.REQUESTED:
        raise ValidationError(_("Đăng ký này đã được xử lý."))
    return locked


@transaction.atomic
def usage_confirm(*, registration: UsageRegistration, actor: Any) -> UsageRegistration:
    """The provider confirms the business is active on the platform; the platform's usage count goes up."""
    registration = _lock_for_provider(registration, actor)
    registration.status = UsageStatus.ACTIVE
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])
    Platform.objects.filter(pk=registration.platform_id).update(usage_count=F("usage_count") + 1)
    _webhook(registration, previous_status=UsageStatus.REQUESTED)
    _queue_owner_notice(registration)
    return registration


@transaction.atomic
def usage_decline(*, registration: UsageRegistration, actor: Any, reason: str) -> UsageRegistration:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần nêu lý do.")})
    registration = _lock_for_provider(registration, actor)
    registration.status = UsageStatus.DECLINED
    registration.reason = reason.strip()
    registration.save(update_fields=["status", "reason"])
    _webhook(registration, previous_status=UsageStatus.REQUESTED)
    _queue_owner_notice(registration)
    return registration


def _queue_owner_notice(registration: UsageRegistration) -> None:
    """The business learns by SMS that the provider answered its lead, once the answer is committed."""
    from platforms.tasks import notify_owner_of_answer

    registration_id = registration.pk
    transaction.on_commit(lambda: notify_owner_of_answer.delay(registration_id))


@transaction.atomic
def usage_cancel(*, registration: UsageRegistration, actor: Any) -> UsageRegistration:
    """The business stops using (or withdraws its request for) the platform."""
    from businesses.selectors import businesses_of

    registration = UsageRegistration.objects.select_for_update().get(pk=registration.pk)
    if not businesses_of(actor).filter(pk=registration.business_id).exists():
        raise PermissionDenied
    if registration.status not in (UsageStatus.REQUESTED, UsageStatus.ACTIVE):
        raise ValidationError(_("Đăng ký này đã được xử lý."))
    was_active = registration.status == UsageStatus.ACTIVE
    registration.status = UsageStatus.CANCELLED
    registration.save(update_fields=["status"])
    if was_active:
        Platform.objects.filter(pk=registration.platform_id, usage_count__gt=0).update(
            usage_count=F("usage_count") - 1
        )
    _webhook(registration, previous_status=UsageStatus.ACTIVE if was_active else UsageStatus.REQUESTED)
    return registration


def usage_recount(platform: Platform) -> int:
    """The active registrations counted again (a check on the denormalised `usage_count`)."""
    return platform.usages.filter(status=UsageStatus.ACTIVE).count()


def usage_notify_provider(registration_id: int) -> bool:
    """Tell the provider about a new lead by SMS (and email when it has one). Idempotent: sent once."""
    with transaction.atomic():
        registration = (
            UsageRegistration.objects.select_for_update(of=("self",))
            .select_related("platform__provider__owner", "business__province")
            .get(pk=registration_id)
        )
        if registration.notified_at or registration.status != UsageStatus.REQUESTED:
            return False
        if not business_has_consent(registration.business_id, ConsentPurpose.PROVIDER_SHARING):
            return False  # no lead without the business's consent to sharing with providers
        provider = registration.platform.provider
        language = getattr(provider.owner, "language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("platforms:provider_dashboard")
            params = {
                "business": registration.business.name,
                "province": registration.business.province.name,
                "platform": registration.platform.name,
                "url": url,
            }
            text = _("%(business)s (%(province)s) đăng ký dùng %(platform)s. Xác nhận tại %(url)s") % params
            subject = _("Doanh nghiệp đăng ký sử dụng %(platform)s") % params
        send_sms(provider.contact_phone, text, reference=f"usage-{registration.pk}")
        registration.notified_at = timezone.now()
        registration.save(update_fields=["notified_at"])
    if provider.contact_email:
        try:
            send_mail(subject, text, None, [provider.contact_email])
        except OSError:
            logger.warning(
                "Email to provider %s failed for usage registration %s", provider.pk, registration_id
            )
    return True


def _owner_to_tell(registration: UsageRegistration) -> Any | None:
    """The active representative who asked (or else the first other one), if they take part in the programme:
    the `participation` consent covers the programme's service messages."""
    from businesses.selectors import representatives

    people = [membership.user for membership in representatives(registration.business)]
    people.sort(key=lambda person: person.pk != registration.requested_by_id)
    return next(
        (
            person
            for person in people
            if person.is_active and person.phone and has_consent(person.pk, ConsentPurpose.PARTICIPATION)
        ),
        None,
    )


def usage_notify_owner(registration_id: int) -> bool:
    """Tell the business by SMS that the provider answered its lead (activated or declined). Sent exactly once:
    the row is locked and stamped in the same transaction, so a repeated task or a double click sends nothing
    more."""
    with transaction.atomic():
        registration = (
            UsageRegistration.objects.select_for_update(of=("self",))
            .select_related("platform", "business", "requested_by")
            .get(pk=registration_id)
        )
        if registration.owner_notified_at or registration.status not in (
            UsageStatus.ACTIVE,
            UsageStatus.DECLINED,
        ):
            return False
        owner = _owner_to_tell(registration)
        if owner is None:
            return False
        texts = {
            UsageStatus.ACTIVE: _("%(platform)s da kich hoat cho %(business)s. Xem tai %(url)s"),
            UsageStatus.DECLINED: _("%(platform)s tu choi dang ky cua %(business)s. Ly do tai %(url)s"),
        }
        with translation.override(getattr(owner, "language", None) or settings.LANGUAGE_CODE):
            text = texts[registration.status] % {
                "platform": registration.platform.name,
                "business": registration.business.name,
                "url": settings.PORTAL_BASE_URL.rstrip("/")
                + reverse("platforms:detail", kwargs={"pk": registration.platform_id}),
            }
        # Plain letters: one GSM-7 part instead of three UCS-2 parts.
        send_sms(owner.phone, strip_diacritics(text), reference=f"usage-answer-{registration.pk}")
        registration.owner_notified_at = timezone.now()
        registration.save(update_fields=["owner_notified_at"])
    return True
