"""Connecting a verified business with an expert: request, pick, accept or decline before the deadline,
messages, close, rate."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.models import Business
from businesses.selectors import businesses_of
from experts.models import (
    Consultation,
    ConsultationStatus,
    Expert,
    Invitation,
    InvitationStatus,
    Message,
)
from experts.notifications import notify_on_commit
from experts.selectors import consultation_need, consultation_proposals, is_business_side
from smedx_portal.services import audit_log


def _lock(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _require_business_side(user, consultation: Consultation) -> None:
    if not is_business_side(user, consultation):
        raise PermissionDenied


@transaction.atomic
def consultation_request(
    *, business: Business, user, topic: str, pillar: str, description: str, channel: str
) -> Consultation:
    if not businesses_of(user).filter(pk=business.pk).exists():
        raise PermissionDenied
    if not business.is_verified:
        raise ValidationError(_("Chỉ doanh nghiệp đã được xác minh mới gửi được yêu cầu tư vấn."))
    consultation = Consultation(
        business=business,
        requested_by=user,
        topic=topic,
        pillar=pillar,
        description=description,
        channel=channel,
        status=ConsultationStatus.AWAITING_CHOICE,
    )
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_choose_expert(
    *, consultation: Consultation, user, expert: Expert, now: datetime.datetime | None = None
) -> Invitation:
    """The business picks one of the experts proposed now; that expert has until the deadline to answer."""
    _require_business_side(user, consultation)
    consultation = _lock(consultation)
    if consultation.status != ConsultationStatus.AWAITING_CHOICE:
        raise ValidationError(_("Yêu cầu này không còn chờ chọn chuyên gia."))
    proposals = {proposed.pk: proposed for proposed in consultation_proposals(consultation)}
    if expert.pk not in proposals:
        raise ValidationError(_("Chuyên gia này không nằm trong danh sách đề xuất."))
    proposed = proposals[expert.pk]
    now = now or timezone.now()
    invitation = Invitation.objects.create(
        consultation=consultation,
        expert=proposed,
        score=proposed.match_score,
        reasons=[str(reason) for reason in proposed.match_reasons],
        respond_by=now + datetime.timedelta(hours=settings.EXPERTS_RESPONSE_HOURS),
    )
    consultation.expert = proposed
    consultation.status = ConsultationStatus.AWAITING_EXPERT
    consultation.save(update_fields=["expert", "status", "updated_at"])
    notify_on_commit("consultation.invited", invitation.pk)
    return invitation


def _pending(consultation: Consultation) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .filter(consultation=consultation, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None or consultation.status != ConsultationStatus.AWAITING_EXPERT:
        raise ValidationError(_("Yêu cầu này không còn chờ chuyên gia trả lời."))
    return invitation


def _back_to_business(
    consultation: Consultation, invitation: Invitation, *, status: str, now, reason: str = ""
) -> None:
    invitation.status = status
    invitation.responded_at = now
    invitation.decline_reason = reason
    invitation.save(update_fields=["status", "responded_at", "decline_reason"])
    consultation.expert = None
    consultation.status = ConsultationStatus.AWAITING_CHOICE
    consultation.save(update_fields=["expert", "status", "updated_at"])


@transaction.atomic
def invitation_accept(
    *, consultation: Consultation, user, now: datetime.datetime | None = None
) -> Consultation:
    now = now or timezone.now()
    consultation = _lock(consultation)
    invitation = _pending(consultation)
    if invitation.expert.user_id != user.pk:
        raise PermissionDenied
    if invitation.respond_by <= now:
        raise ValidationError(_("Đã quá hạn trả lời yêu cầu này."))
    invitation.status, invitation.responded_at = InvitationStatus.ACCEPTED, now
    invitation.save(update_fields=["status", "responded_at"])
    consultation.status, consultation.accepted_at = ConsultationStatus.ACTIVE, now
    consultation.save(update_fields=["status", "accepted_at", "updated_at"])
    notify_on_commit("consultation.accepted", invitation.pk)
    return consultation


@transaction.atomic
def invitation_decline(
    *, consultation: Consultation, user, reason: str = "", now: datetime.datetime | None = None
) -> Consultation:
    now = now or timezone.now()
    consultation = _lock(consultation)
    invitation = _pending(consultation)
    if invitation.expert.user_id != user.pk:
        raise PermissionDenied
    _back_to_business(consultation, invitation, status=InvitationStatus.DECLINED, now=now, reason=reason)
    notify_on_commit("consultation.declined", invitation.pk)
    return consultation


def consultation_requests_expire(*, now: datetime.datetime | None = None) -> list[Invitation]:
    """Requests an expert did not answer in time go back to the business, who picks from the next proposals.
    Run by Celery beat (`experts.tasks.expire_consultation_requests`)."""
    now = now or timezone.now()
    expired = []
    due = Invitation.objects.filter(status=InvitationStatus.PENDING, respond_by__lte=now).values_list(
        "pk", flat=True
    )
    for invitation_id in list(due):
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update()
                .filter(pk=invitation_id, status=InvitationStatus.PENDING, respond_by__lte=now)
                .first()
            )
            if invitation is None:  # answered meanwhile
                continue
            consultation = _lock(invitation.consultation)
            _back_to_business(consultation, invitation, status=InvitationStatus.EXPIRED, now=now)
            audit_log(
                actor=None,
                obj=consultation,
                action="consultation.invitation_expired",
                data={"expert": invitation.expert_id, "respond_by": invitation.respond_by.isoformat()},
            )
            notify_on_commit("consultation.expired", invitation.pk)
            expired.append(invitation)
    return expired


def consultations_release_for_expert(*, expert: Expert, reason: str) -> None:
    """An expert leaves the network: their pending requests go back to the businesses (called in a transaction)."""
    now = timezone.now()
    for invitation in Invitation.objects.select_for_update().filter(
        expert=expert, status=InvitationStatus.PENDING
    ):
        consultation = _lock(invitation.consultation)
        _back_to_business(consultation, invitation, status=InvitationStatus.WITHDRAWN, now=now, reason=reason)


@transaction.atomic
def message_post(*, consultation: Consultation, user, body: str) -> Message:
    from experts.ratelimit import check_rate
    from experts.selectors import is_expert_side

    consultation = _lock(consultation)
    if not (is_business_side(user, consultation) or is_expert_side(user, consultation)):
        raise PermissionDenied
    if consultation.status != ConsultationStatus.ACTIVE:
        raise ValidationError(_("Chỉ nhắn tin khi chuyên gia đã nhận tư vấn và yêu cầu chưa kết thúc."))
    check_rate(
        key=f"message:{user.pk}", rate=(settings.EXPERTS_POST_RATE[0] * 6, settings.EXPERTS_POST_RATE[1])
    )
    message = Message(consultation=consultation, author=user, body=body.strip())
    message.full_clean()
    message.save()
    Consultation.objects.filter(pk=consultation.pk).update(updated_at=timezone.now())
    return message


@transaction.atomic
def consultation_close(
    *, consultation: Consultation, user, now: datetime.datetime | None = None
) -> Consultation:
    """Either side closes: the business at any time, the expert once they have accepted."""
    from experts.selectors import is_expert_side

    now = now or timezone.now()
    consultation = _lock(consultation)
    business_side = is_business_side(user, consultation)
    expert_side = is_expert_side(user, consultation) and consultation.status == ConsultationStatus.ACTIVE
    if not (business_side or expert_side):
        raise PermissionDenied
    if consultation.status == ConsultationStatus.CLOSED:
        raise ValidationError(_("Yêu cầu đã kết thúc."))
    if consultation.status == ConsultationStatus.AWAITING_EXPERT:
        invitation = _pending(consultation)
        invitation.status, invitation.responded_at = InvitationStatus.WITHDRAWN, now
        invitation.save(update_fields=["status", "responded_at"])
        consultation.expert = None
    consultation.status, consultation.closed_at, consultation.closed_by = ConsultationStatus.CLOSED, now, user
    consultation.save(update_fields=["status", "closed_at", "closed_by", "expert", "updated_at"])
    if expert_side and not business_side and consultation.accepted_at:
        notify_on_commit("consultation.closed", consultation.pk)
    return consultation


def can_rate(user, consultation: Consultation) -> bool:
    return (
        consultation.status == ConsultationStatus.CLOSED
        and consultation.accepted_at is not None
        and consultation.expert_id is not None
        and consultation.rating is None
        and is_business_side(user, consultation)
    )


@transaction.atomic
def consultation_rate(*, consultation: Consultation, user, rating: int, comment: str = "") -> Consultation:
    consultation = _lock(consultation)
    if not is_business_side(user, consultation):
        raise PermissionDenied
    if not can_rate(user, consultation):
        raise ValidationError(_("Chỉ đánh giá một lần, sau khi buổi tư vấn đã kết thúc."))
    consultation.rating = rating
    consultation.rating_comment = comment.strip()
    consultation.rated_at = timezone.now()
    consultation.full_clean()
    consultation.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    expert_rating_refresh(expert_id=consultation.expert_id)
    return consultation


def expert_rating_refresh(*, expert_id: int) -> None:
    figures = Consultation.objects.filter(expert_id=expert_id, rating__isnull=False).aggregate(
        avg=Avg("rating"), count=Count("pk")
    )
    avg = figures["avg"]
    Expert.objects.filter(pk=expert_id).update(
        rating_avg=Decimal(str(avg)).quantize(Decimal("0.01")) if avg is not None else None,
        rating_count=figures["count"],
    )


__all__ = [
    "can_rate",
    "consultation_choose_expert",
    "consultation_close",
    "consultation_need",
    "consultation_rate",
    "consultation_request",
    "consultation_requests_expire",
    "consultations_release_for_expert",
    "expert_rating_refresh",
    "invitation_accept",
    "invitation_decline",
    "message_post",
]
