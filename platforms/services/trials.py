"""Trials: a business asks to try a selected platform, the provider accepts and sets it up by a deadline shown to
both, the business confirms it tried it and rates it (1–5 with a comment), staff moderate the rating."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import ConsentPurpose
from businesses.models import Business
from businesses.selectors import business_has_consent, businesses_of
from platforms.models import Listing, Platform, RatingStatus, Trial, TrialStatus
from smedx_portal.mail import mail_queue, portal_url
from smedx_portal.services import audit_log
from smedx_portal.sms import TransportError, send_sms
from smedx_portal.sms.encoding import strip_diacritics

logger = logging.getLogger(__name__)


def _lock(trial: Trial) -> Trial:
    return (
        Trial.objects.select_for_update(of=("self",))
        .select_related("platform__provider", "business", "requested_by")
        .get(pk=trial.pk)
    )


def _require_provider(trial: Trial, actor: Any) -> None:
    if trial.platform.provider.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied


def _require_representative(trial: Trial, actor: Any) -> None:
    if not businesses_of(actor).filter(pk=trial.business_id).exists():
        raise PermissionDenied


def _require_status(trial: Trial, *statuses: str) -> None:
    if trial.status not in statuses:
        raise ValidationError(
            _("Đề nghị dùng thử đang ở trạng thái “%(status)s”, không thể thực hiện thao tác này.")
            % {"status": trial.get_status_display()}
        )


@transaction.atomic
def trial_request(*, business: Business, platform: Platform, requested_by: Any, message: str = "") -> Trial:
    """A representative of a verified business asks to try a platform the programme selected."""
    if not businesses_of(requested_by).filter(pk=business.pk).exists():
        raise PermissionDenied
    if not business.is_verified:
        raise ValidationError(_("Hồ sơ doanh nghiệp cần được xác minh trước khi đề nghị dùng thử nền tảng."))
    listing = Listing.objects.public().filter(platform=platform).order_by("status", "slot", "pk").first()
    if listing is None:
        raise ValidationError(
            _(
                "Nền tảng “%(platform)s” không nằm trong danh sách được Chương trình lựa chọn nên không thể đề nghị dùng thử."
            )
            % {"platform": platform.name}
        )
    duplicate = _(
        "Doanh nghiệp đã có một đề nghị dùng thử “%(platform)s” đang mở; hãy theo dõi đề nghị đó."
    ) % {"platform": platform.name}
    if Trial.objects.open().filter(business=business, platform=platform).exists():
        raise ValidationError(duplicate)
    trial = Trial(
        business=business, platform=platform, listing=listing, requested_by=requested_by, message=message
    )
    trial.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            trial.save()
    except IntegrityError:  # a concurrent request won the race
        raise ValidationError(duplicate)
    _notify(trial, "requested")
    return trial


@transaction.atomic
def trial_accept(*, trial: Trial, actor: Any, setup_due: datetime.date) -> Trial:
    """The provider takes the trial on and promises to set it up by `setup_due` (at most TRIAL_SETUP_MAX_DAYS)."""
    trial = _lock(trial)
    _require_provider(trial, actor)
    _require_status(trial, TrialStatus.REQUESTED)
    today = timezone.localdate()
    latest = today + datetime.timedelta(days=settings.TRIAL_SETUP_MAX_DAYS)
    if not today <= setup_due <= latest:
        raise ValidationError(
            {
                "setup_due": _("Hạn thiết lập phải từ hôm nay đến %(latest)s.")
                % {"latest": latest.strftime("%d/%m/%Y")}
            }
        )
    trial.status, trial.accepted_at, trial.setup_due = TrialStatus.ACCEPTED, timezone.now(), setup_due
    trial.save(update_fields=["status", "accepted_at", "setup_due"])
    _notify(trial, "accepted")
    return trial


@transaction.atomic
def trial_decline(*, trial: Trial, actor: Any, reason: str) -> Trial:
    trial = _lock(trial)
    _require_provider(trial, actor)
    _require_status(trial, TrialStatus.REQUESTED, TrialStatus.ACCEPTED)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần nêu lý do.")})
    trial.status, trial.decline_reason = TrialStatus.DECLINED, reason.strip()
    trial.save(update_fields=["status", "decline_reason"])
    _notify(trial, "declined")
    return trial


@transaction.atomic
def trial_mark_ready(*, trial: Trial, actor: Any, access_note: str) -> Trial:
    """The provider has set the trial up; `access_note` tells the business how to get in."""
    trial = _lock(trial)
    _require_provider(trial, actor)
    _require_status(trial, TrialStatus.ACCEPTED)
    if not (access_note or "").strip():
        raise ValidationError({"access_note": _("Hãy hướng dẫn doanh nghiệp cách truy cập bản dùng thử.")})
    trial.status, trial.ready_at, trial.access_note = TrialStatus.READY, timezone.now(), access_note.strip()
    trial.save(update_fields=["status", "ready_at", "access_note"])
    _notify(trial, "ready")
    return trial


@transaction.atomic
def trial_rate(*, trial: Trial, actor: Any, rating: int, comment: str = "") -> Trial:
    """The business confirms it tried the platform and rates it; the rating waits for staff moderation."""
    trial = _lock(trial)
    _require_representative(trial, actor)
    _require_status(trial, TrialStatus.ACCEPTED, TrialStatus.READY)
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Chọn từ 1 đến 5 sao.")})
    now = timezone.now()
    trial.status, trial.tried_at = TrialStatus.TRIED, now
    trial.rating, trial.comment, trial.rated_at = rating, comment.strip(), now
    trial.rating_status = RatingStatus.PENDING
    trial.full_clean(validate_constraints=False)
    trial.save(update_fields=["status", "tried_at", "rating", "comment", "rated_at", "rating_status"])
    return trial


@transaction.atomic
def trial_cancel(*, trial: Trial, actor: Any) -> Trial:
    trial = _lock(trial)
    _require_representative(trial, actor)
    _require_status(trial, TrialStatus.REQUESTED, TrialStatus.ACCEPTED, TrialStatus.READY)
    trial.status = TrialStatus.CANCELLED
    trial.save(update_fields=["status"])
    return trial


@transaction.atomic
def trial_moderate(*, trial: Trial, actor: Any, approve: bool, reason: str = "") -> Trial:
    """Staff publish or withhold a rating (offensive, off-topic, a competitor's…): logged with the reason."""
    if not (getattr(actor, "is_active", False) and getattr(actor, "is_staff", False)):
        raise PermissionDenied
    trial = _lock(trial)
    if trial.rating is None:
        raise ValidationError(_("Chưa có đánh giá để kiểm duyệt."))
    if not approve and not (reason or "").strip():
        raise ValidationError({"reason": _("Cần nêu lý do không đăng đánh giá.")})
    trial.rating_status = RatingStatus.APPROVED if approve else RatingStatus.REJECTED
    trial.moderated_by, trial.moderated_at = actor, timezone.now()
    trial.save(update_fields=["rating_status", "moderated_by", "moderated_at"])
    audit_log(
        actor=actor,
        obj=trial,
        action="trial.rating_approve" if approve else "trial.rating_reject",
        reason=reason.strip(),
        data={"rating": trial.rating},
    )
    return trial


def _notify(trial: Trial, what: str) -> None:
    trial_id = trial.pk
    from platforms.tasks import notify_trial

    transaction.on_commit(lambda: notify_trial.delay(trial_id, what))


def trial_notify(*, trial_id: int, what: str) -> None:
    """Tell the other side: the provider by e-mail about a request, the business by SMS about the answer."""
    trial = Trial.objects.select_related("platform__provider", "business", "requested_by").get(pk=trial_id)
    provider = trial.platform.provider
    with override(settings.LANGUAGE_CODE):
        params = {
            "business": trial.business.name,
            "platform": trial.platform.name,
            "due": trial.setup_due.strftime("%d/%m/%Y") if trial.setup_due else "",
        }
        if what == "requested":
            if not business_has_consent(trial.business_id, ConsentPurpose.PROVIDER_SHARING):
                return  # no lead without the business's consent to sharing with providers
            params["url"] = portal_url(reverse("platforms:provider_trials"))
            mail_queue(
                subject=_("%(business)s đề nghị dùng thử %(platform)s") % params,
                body=_("%(business)s đề nghị dùng thử %(platform)s. Nhận và đặt hạn thiết lập tại %(url)s")
                % params,
                to=[provider.contact_email, provider.owner.email],
            )
            return
        texts = {
            "accepted": _("%(platform)s nhận đề nghị dùng thử, sẽ thiết lập trước %(due)s. Xem: %(url)s"),
            "ready": _("%(platform)s đã sẵn sàng để dùng thử. Hướng dẫn và đánh giá tại %(url)s"),
            "declined": _("%(platform)s từ chối đề nghị dùng thử. Xem lý do tại %(url)s"),
        }
        params["url"] = portal_url(reverse("platforms:trial", kwargs={"pk": trial.pk}))
        text = strip_diacritics(texts[what] % params)  # one GSM-7 part instead of three UCS-2 parts
    phone = getattr(trial.requested_by, "phone", "")
    if phone:
        try:
            send_sms(phone, text, reference=f"trial-{trial.pk}-{what}")
        except TransportError as exc:
            logger.warning("Trial %s: SMS %s not sent: %s", trial.pk, what, exc)
