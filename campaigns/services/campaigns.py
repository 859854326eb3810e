"""The life of a campaign, decided by staff: compose, approve, schedule or send, pause, resume, cancel.

Province officers compose within their province only: the province is forced here, whatever a form sent.
A campaign to one province waits for the programme's phase to reach it (pilot provinces first).
A campaign above CAMPAIGN_APPROVAL_THRESHOLD recipients needs a second staff member's approval.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import NO_PROVINCE, is_staff_or_officer, province_scope
from campaigns.models import CampaignStatus, SmsCampaign
from campaigns.models.sms import EDITABLE_STATUSES
from campaigns.segments import Segment, recipient_count
from campaigns.services.sending import kick, segment_of
from campaigns.sms_text import render_for
from smedx_portal.phases import phase_state
from smedx_portal.programmes import Programme
from smedx_portal.services import audit_log
from smedx_portal.sms import TransportError, send_sms


def _province_for(actor: Any, requested: int | None) -> int | None:
    scope = province_scope(actor)
    if scope == NO_PROVINCE or not is_staff_or_officer(actor):
        raise PermissionDenied
    return requested if scope is None else scope


def _check_phase(province_id: int | None, programme: str) -> None:
    """A province campaign only where the programme runs (a campaign without a programme reaches both)."""
    if province_id is None:
        return
    for code in [programme] if programme else Programme.values:
        state = phase_state(code, province_id)
        if not state.allowed:
            raise ValidationError(state.closed_message())


def needs_approval(count: int) -> bool:
    return count > settings.CAMPAIGN_APPROVAL_THRESHOLD


def _lock(campaign: SmsCampaign) -> SmsCampaign:
    return SmsCampaign.objects.select_for_update().get(pk=campaign.pk)


def _require(campaign: SmsCampaign, *statuses: str) -> None:
    if campaign.status not in statuses:
        raise ValidationError(
            _("Không thực hiện được khi chiến dịch đang ở trạng thái “%(status)s”.")
            % {"status": campaign.get_status_display()}
        )


@transaction.atomic
def campaign_create(
    *, actor: Any, title: str, kind: str, text: str, strip_accents: bool, segment: Segment
) -> SmsCampaign:
    province_id = _province_for(actor, segment.province_id)
    _check_phase(province_id, segment.programme)
    campaign = SmsCampaign(
        title=title,
        kind=kind,
        text=text.replace("\r\n", "\n").strip(),
        strip_accents=strip_accents,
        province_id=province_id,
        criteria=segment.to_criteria(),
        created_by=actor,
    )
    campaign.full_clean()
    campaign.save()
    audit_log(actor=actor, obj=campaign, action="campaign.create", data={"criteria": campaign.criteria})
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: SmsCampaign,
    actor: Any,
    title: str,
    kind: str,
    text: str,
    strip_accents: bool,
    segment: Segment,
) -> SmsCampaign:
    """Edit the text or segment. An edit after submission or approval sends it back to draft."""
    campaign = _lock(campaign)
    if campaign.status not in EDITABLE_STATUSES:
        _require(campaign, *EDITABLE_STATUSES)
    campaign.title, campaign.kind, campaign.strip_accents = title, kind, strip_accents
    campaign.text = text.replace("\r\n", "\n").strip()
    campaign.province_id = _province_for(actor, segment.province_id)
    _check_phase(campaign.province_id, segment.programme)
    campaign.criteria = segment.to_criteria()
    reset = campaign.status != CampaignStatus.DRAFT
    if reset:
        campaign.status, campaign.approved_by, campaign.approved_at = CampaignStatus.DRAFT, None, None
    campaign.full_clean()
    campaign.save()
    audit_log(actor=actor, obj=campaign, action="campaign.edit", data={"back_to_draft": reset})
    return campaign


@transaction.atomic
def campaign_submit(*, campaign: SmsCampaign, actor: Any) -> SmsCampaign:
    campaign = _lock(campaign)
    _require(campaign, CampaignStatus.DRAFT)
    campaign.recipient_count = recipient_count(segment_of(campaign))
    campaign.status = CampaignStatus.PENDING_APPROVAL
    campaign.save(update_fields=["status", "recipient_count", "updated_at"])
    audit_log(
        actor=actor, obj=campaign, action="campaign.submit", data={"recipients": campaign.recipient_count}
    )
    return campaign


@transaction.atomic
def campaign_approve(*, campaign: SmsCampaign, actor: Any, reason: str = "") -> SmsCampaign:
    campaign = _lock(campaign)
    _require(campaign, CampaignStatus.PENDING_APPROVAL)
    if actor.pk == campaign.created_by_id:
        raise ValidationError(_("Người soạn không tự phê duyệt chiến dịch của mình: cần một cán bộ khác."))
    campaign.status, campaign.approved_by, campaign.approved_at = (
        CampaignStatus.APPROVED,
        actor,
        timezone.now(),
    )
    campaign.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit_log(actor=actor, obj=campaign, action="campaign.approve", reason=reason)
    return campaign


@transaction.atomic
def campaign_reject(*, campaign: SmsCampaign, actor: Any, reason: str) -> SmsCampaign:
    if not reason.strip():
        raise ValidationError(_("Cần nêu lý do trả lại."))
    campaign = _lock(campaign)
    _require(campaign, CampaignStatus.PENDING_APPROVAL)
    if actor.pk == campaign.created_by_id:
        raise ValidationError(_("Người soạn không tự phê duyệt chiến dịch của mình: cần một cán bộ khác."))
    campaign.status = CampaignStatus.DRAFT
    campaign.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, obj=campaign, action="campaign.reject", reason=reason)
    return campaign


def _check_can_send(campaign: SmsCampaign) -> int:
    _require(campaign, CampaignStatus.DRAFT, CampaignStatus.APPROVED)
    _check_phase(campaign.province_id, campaign.criteria.get("programme", ""))
    count = recipient_count(segment_of(campaign))
    if count == 0:
        raise ValidationError(_("Nhóm người nhận đang trống."))
    if needs_approval(count) and campaign.status != CampaignStatus.APPROVED:
        raise ValidationError(
            _(
                "Chiến dịch gửi tới %(count)s người (trên %(limit)s) cần một cán bộ khác phê duyệt trước khi gửi."
            )
            % {"count": f"{count:,}".replace(",", "."), "limit": settings.CAMPAIGN_APPROVAL_THRESHOLD}
        )
    return count


@transaction.atomic
def campaign_send_now(*, campaign: SmsCampaign, actor: Any) -> SmsCampaign:
    campaign = _lock(campaign)
    count = _check_can_send(campaign)
    now = timezone.now()
    campaign.status, campaign.started_at, campaign.recipient_count = CampaignStatus.SENDING, now, count
    campaign.save(update_fields=["status", "started_at", "recipient_count", "updated_at"])
    audit_log(actor=actor, obj=campaign, action="campaign.send", data={"recipients": count})
    kick(campaign)
    return campaign


@transaction.atomic
def campaign_schedule(*, campaign: SmsCampaign, actor: Any, when: datetime.datetime) -> SmsCampaign:
    if when <= timezone.now():
        raise ValidationError(_("Thời điểm hẹn gửi phải ở tương lai."))
    campaign = _lock(campaign)
    count = _check_can_send(campaign)
    campaign.status, campaign.scheduled_at, campaign.recipient_count = CampaignStatus.SCHEDULED, when, count
    campaign.save(update_fields=["status", "scheduled_at", "recipient_count", "updated_at"])
    audit_log(actor=actor, obj=campaign, action="campaign.schedule", data={"at": when.isoformat()})
    from campaigns.tasks import start_scheduled_campaign

    campaign_id = campaign.pk
    transaction.on_commit(lambda: start_scheduled_campaign.apply_async((campaign_id,), eta=when))
    return campaign


@transaction.atomic
def campaign_start_scheduled(*, campaign_id: int, now: datetime.datetime | None = None) -> SmsCampaign | None:
    """Start a scheduled campaign whose time has come (from its ETA task or the dispatcher). Idempotent."""
    now = now or timezone.now()
    campaign = SmsCampaign.objects.select_for_update().filter(pk=campaign_id).first()
    if not campaign or campaign.status != CampaignStatus.SCHEDULED or campaign.scheduled_at > now:
        return None
    campaign.status, campaign.started_at = CampaignStatus.SENDING, now
    campaign.recipient_count = recipient_count(segment_of(campaign))
    campaign.save(update_fields=["status", "started_at", "recipient_count", "updated_at"])
    audit_log(
        actor=None, obj=campaign, action="campaign.start", data={"recipients": campaign.recipient_count}
    )
    kick(campaign)
    return campaign


@transaction.atomic
def campaign_pause(*, campaign: SmsCampaign, actor: Any) -> SmsCampaign:
    campaign = _lock(campaign)
    _require(campaign, CampaignStatus.SENDING)
    campaign.status = CampaignStatus.PAUSED
    campaign.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, obj=campaign, action="campaign.pause")
    return campaign


@transaction.atomic
def campaign_resume(*, campaign: SmsCampaign, actor: Any) -> SmsCampaign:
    campaign = _lock(campaign)
    _require(campaign, CampaignStatus.PAUSED)
    campaign.status = CampaignStatus.SENDING
    campaign.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, obj=campaign, action="campaign.resume")
    kick(campaign)
    return campaign


@transaction.atomic
def campaign_cancel(*, campaign: SmsCampaign, actor: Any, reason: str) -> SmsCampaign:
    if not reason.strip():
        raise ValidationError(_("Cần nêu lý do hủy."))
    campaign = _lock(campaign)
    if campaign.status in (CampaignStatus.COMPLETED, CampaignStatus.CANCELLED):
        _require(campaign, CampaignStatus.DRAFT)
    campaign.status, campaign.finished_at = CampaignStatus.CANCELLED, timezone.now()
    campaign.save(update_fields=["status", "finished_at", "updated_at"])
    audit_log(actor=actor, obj=campaign, action="campaign.cancel", reason=reason)
    return campaign


def campaign_test_send(*, campaign: SmsCampaign, actor: Any) -> str:
    """Send the message, as recipients will see it, to the actor's own phone."""
    if not getattr(actor, "phone", ""):
        raise ValidationError(_("Tài khoản của bạn chưa có số điện thoại."))
    try:
        gateway_id = send_sms(actor.phone, render_for(campaign, actor.phone), reference=f"test-{campaign.pk}")
    except TransportError as exc:
        raise ValidationError(_("Cổng SMS từ chối tin thử: %(error)s") % {"error": exc})
    audit_log(actor=actor, obj=campaign, action="campaign.test_send", data={"phone": actor.phone})
    return gateway_id


@transaction.atomic
def campaigns_dispatch(*, now: datetime.datetime | None = None, grace_seconds: int = 120) -> dict[str, int]:
    """Run by beat every minute: start scheduled campaigns that are due, and restart a sending campaign whose
    next batch is overdue with no batch running (its task was lost: a worker died, a broker restarted)."""
    now = now or timezone.now()
    started = 0
    for campaign_id in SmsCampaign.objects.filter(
        status=CampaignStatus.SCHEDULED, scheduled_at__lte=now
    ).values_list("id", flat=True):
        started += bool(campaign_start_scheduled(campaign_id=campaign_id, now=now))
    overdue = now - datetime.timedelta(seconds=grace_seconds)
    stalled = (
        SmsCampaign.objects.select_for_update(skip_locked=True)
        .filter(status=CampaignStatus.SENDING)
        .exclude(lease_until__gt=now)
        .exclude(next_batch_at__gt=overdue)
    )
    restarted = 0
    for campaign in stalled:
        kick(campaign)
        restarted += 1
    return {"started": started, "restarted": restarted}
