"""Who a review decision is told to, and how: the provider by e-mail (queued on commit, retried by the mail task)
and on its dashboard; staff by e-mail when an appeal arrives; the businesses using a delisted platform in the
portal (`DelistingNotice`) and by SMS — a service message, sent only to representatives whose consent to take
part in the programme (`participation`) is in force."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.consents import consenting_user_ids
from accounts.models import ConsentPurpose
from businesses.models import Membership, MembershipStatus
from platforms.models import (
    Appeal,
    DelistingNotice,
    PlatformReview,
    ReviewOutcome,
    UsageRegistration,
    UsageStatus,
)
from platforms.selectors import usage_in_programme
from smedx_portal.mail import mail_queue, portal_url
from smedx_portal.programmes import short_name
from smedx_portal.sms import TransportError, send_sms
from smedx_portal.sms.encoding import strip_diacritics

logger = logging.getLogger(__name__)


def _provider_addresses(review: PlatformReview) -> list[str]:
    provider = review.listing.platform.provider
    return [provider.contact_email, provider.owner.email]


def _params(review: PlatformReview) -> dict[str, str]:
    return {
        "platform": review.listing.platform.name,
        "group": review.listing.group.name,
        "programme": short_name(review.cycle.programme),
        "cycle": review.cycle.title,
        "reason": review.reason,
        "until": review.appeal_until.strftime("%d/%m/%Y") if review.appeal_until else "",
        "url": portal_url(reverse("platforms:provider_review", kwargs={"pk": review.pk})),
    }


def tell_provider_of_decision(review: PlatformReview) -> None:
    with override(settings.LANGUAGE_CODE):
        params = _params(review)
        subjects = {
            ReviewOutcome.KEEP: _("%(platform)s tiếp tục tham gia %(programme)s sau kỳ rà soát %(cycle)s"),
            ReviewOutcome.WARN: _("%(platform)s bị nhắc nhở trong kỳ rà soát %(cycle)s của %(programme)s"),
            ReviewOutcome.DELIST: _("%(platform)s được đưa ra khỏi danh sách nền tảng của %(programme)s"),
        }
        subject = subjects[review.outcome] % params
        body = _("Kết luận của Ban quản lý: %(reason)s") % params
        if review.outcome != ReviewOutcome.KEEP:
            body += "\n\n" + (
                _(
                    "Nếu không đồng ý, nhà cung cấp có thể gửi khiếu nại (kèm tài liệu nếu có) trước hết ngày "
                    "%(until)s tại %(url)s"
                )
                % params
            )
    mail_queue(subject=subject, body=body, to=_provider_addresses(review))


def tell_staff_of_appeal(appeal: Appeal) -> None:
    review = appeal.review
    with override(settings.LANGUAGE_CODE):
        params = _params(review)
        params["url"] = portal_url(reverse("platforms:platform_review", kwargs={"pk": review.pk}))
        subject = _("Khiếu nại quyết định rà soát: %(platform)s") % params
        body = _(
            "Nhà cung cấp của %(platform)s khiếu nại quyết định trong kỳ %(cycle)s. Xem và trả lời: %(url)s"
        ) % (params)
    staff_email = getattr(review.decided_by, "email", "") or settings.PORTAL["support_email"]
    mail_queue(subject=subject, body=body, to=[staff_email])


def tell_provider_of_answer(appeal: Appeal) -> None:
    review = appeal.review
    with override(settings.LANGUAGE_CODE):
        params = {**_params(review), "answer": appeal.answer, "status": appeal.get_status_display()}
        subject = _("Trả lời khiếu nại của %(platform)s: %(status)s") % params
        body = _("%(answer)s\n\nChi tiết: %(url)s") % params
    mail_queue(subject=subject, body=body, to=_provider_addresses(review))


def delisting_notices_create(review: PlatformReview) -> int:
    """One in-portal notice per business registered to use or using the platform in the programme (once per
    review: the unique constraint makes a repeat a no-op); the SMS go out from a Celery task after commit."""
    business_ids = (
        UsageRegistration.objects.filter(
            usage_in_programme(review.cycle.programme),
            platform_id=review.listing.platform_id,
            status__in=(UsageStatus.REQUESTED, UsageStatus.ACTIVE),
        )
        .values_list("business_id", flat=True)
        .distinct()
    )
    notices = DelistingNotice.objects.bulk_create(
        (
            DelistingNotice(review=review, business_id=business_id, platform_id=review.listing.platform_id)
            for business_id in business_ids
        ),
        ignore_conflicts=True,
    )
    from platforms.tasks import notify_delisted_businesses

    review_id = review.pk
    transaction.on_commit(lambda: notify_delisted_businesses.delay(review_id))
    return len(notices)


def delisting_sms_send(review_id: int) -> int:
    """Text the consenting representatives of each business told of a delisting (once per phone and review);
    notices are marked sent, so a retried task does not text twice. Returns the number of SMS sent."""
    review = PlatformReview.objects.select_related("listing__platform", "cycle").get(pk=review_id)
    pending = DelistingNotice.objects.filter(review_id=review_id, sms_sent_at__isnull=True)
    phones = sorted(
        set(
            Membership.objects.filter(
                business_id__in=pending.values("business_id"),
                status=MembershipStatus.ACTIVE,
                user_id__in=consenting_user_ids(ConsentPurpose.PARTICIPATION),
                user__is_active=True,
            )
            .exclude(user__phone="")
            .values_list("user__phone", flat=True)
        )
    )
    with override(settings.LANGUAGE_CODE):
        text = strip_diacritics(
            _(
                "%(platform)s không còn trong danh sách nền tảng của %(programme)s. Lý do và gợi ý thay thế: %(url)s"
            )
            % {
                "platform": review.listing.platform.name,
                "programme": short_name(review.cycle.programme),
                "url": portal_url(reverse("platforms:notices")),
            }
        )
    sent = 0
    for phone in phones:
        try:
            send_sms(phone, text, reference=f"delisting-{review_id}-{phone[-4:]}")
            sent += 1
        except TransportError as exc:
            logger.warning("Delisting %s: SMS not sent: %s", review_id, exc)
    pending.update(sms_sent_at=timezone.now())
    return sent
