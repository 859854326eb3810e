"""Periodic reviews that explain themselves: open a cycle (facts frozen per listing), decide per platform with a
reason (keep, warn, delist), the provider appeals once within the window, staff answer. Every step writes the
audit log; the provider is told by e-mail (queued on commit) and on its dashboard; a delisting keeps the listing
(marked delisted) and tells the businesses using the platform (`platforms.services.review_notices`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import has_role, is_ministry_staff
from platforms.models import (
    Appeal,
    AppealStatus,
    CycleStatus,
    ListingStatus,
    PlatformReview,
    ReviewCycle,
    ReviewOutcome,
)
from platforms.services.decisions import listing_move
from platforms.services.review_facts import Period, facts_of, listings_with_facts
from platforms.services.review_notices import (
    delisting_notices_create,
    tell_provider_of_answer,
    tell_provider_of_decision,
    tell_staff_of_appeal,
)
from platforms.validators import validate_document
from smedx_portal.programmes import Programme
from smedx_portal.services import audit_log

ALL_PROGRAMMES: tuple[str, ...] = (Programme.SMEDX, Programme.RDX)


def review_programmes(user: Any) -> tuple[str, ...]:
    """Programmes whose platforms the user reviews: ministry staff both, MoIT staff RDX (run jointly)."""
    if is_ministry_staff(user):
        return ALL_PROGRAMMES
    if has_role(user, Role.MOIT_STAFF):
        return (Programme.RDX,)
    return ()


def _require_reviewer(actor: Any, programme: str) -> None:
    if programme not in review_programmes(actor):
        raise PermissionDenied


def _require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def review_cycle_open(
    *,
    programme: str,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    actor: Any,
    appeal_days: int | None = None,
) -> ReviewCycle:
    """Open a cycle and freeze each selected or complementary listing's facts for the period (one query for
    the facts, one insert for the rows)."""
    _require_reviewer(actor, programme)
    cycle = ReviewCycle(
        programme=programme,
        title=(title or "").strip(),
        period_start=period_start,
        period_end=period_end,
        opened_by=actor,
    )
    if appeal_days is not None:
        cycle.appeal_days = appeal_days
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("Ngày kết thúc kỳ phải từ ngày bắt đầu trở đi.")})
    if period_start and period_start > timezone.localdate():
        raise ValidationError({"period_start": _("Kỳ rà soát phải bắt đầu từ hôm nay trở về trước.")})
    cycle.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            cycle.save()
    except IntegrityError:
        raise ValidationError(_("Đã có kỳ rà soát của chương trình cho đúng khoảng thời gian này."))
    period = Period(period_start, period_end)
    PlatformReview.objects.bulk_create(
        PlatformReview(cycle=cycle, listing=listing, **facts_of(listing))
        for listing in listings_with_facts(programme=programme, period=period)
    )
    audit_log(
        actor=actor,
        obj=cycle,
        action="review_cycle.open",
        data={"programme": programme, "start": period_start.isoformat(), "end": period_end.isoformat()},
    )
    return cycle


@transaction.atomic
def review_cycle_close(*, cycle: ReviewCycle, actor: Any) -> ReviewCycle:
    _require_reviewer(actor, cycle.programme)
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == CycleStatus.CLOSED:
        return cycle
    undecided = cycle.reviews.filter(outcome="").count()
    if undecided:
        raise ValidationError(
            _("Còn %(count)d nền tảng chưa có quyết định; không thể kết thúc kỳ rà soát.")
            % {"count": undecided}
        )
    cycle.status, cycle.closed_at = CycleStatus.CLOSED, timezone.now()
    cycle.save(update_fields=["status", "closed_at"])
    audit_log(actor=actor, obj=cycle, action="review_cycle.close")
    return cycle


def _lock_review(review: PlatformReview) -> PlatformReview:
    return (
        PlatformReview.objects.select_for_update(of=("self",))
        .select_related("cycle", "listing__platform__provider__owner", "listing__group", "decided_by")
        .get(pk=review.pk)
    )


@transaction.atomic
def review_decide(*, review: PlatformReview, outcome: str, reason: str, actor: Any) -> PlatformReview:
    """Record the decision on one platform with its reason. The row is locked, so two staff deciding at once
    are serialised: the second sees the first's decision. The same decision again changes nothing (delisting
    twice is idempotent); a different one is refused — the provider's appeal is the way to revisit it."""
    _require_reviewer(actor, review.cycle.programme)
    if outcome not in ReviewOutcome.values:
        raise ValidationError(
            {"outcome": _("Chọn một quyết định: tiếp tục, nhắc nhở hoặc đưa ra khỏi danh sách.")}
        )
    reason = _require_text(reason, "reason", _("Cần nêu lý do của quyết định."))
    review = _lock_review(review)
    if review.cycle.status != CycleStatus.OPEN:
        raise ValidationError(_("Kỳ rà soát đã kết thúc."))
    if review.outcome:
        if review.outcome == outcome:
            return review
        raise ValidationError(
            _("Nền tảng đã có quyết định “%(outcome)s” trong kỳ này.")
            % {"outcome": review.get_outcome_display()}
        )
    now = timezone.now()
    review.outcome, review.reason, review.decided_by, review.decided_at = outcome, reason, actor, now
    if outcome != ReviewOutcome.KEEP:
        review.appeal_until = timezone.localdate() + datetime.timedelta(days=review.cycle.appeal_days)
    review.save(update_fields=["outcome", "reason", "decided_by", "decided_at", "appeal_until"])
    audit_log(
        actor=actor,
        obj=review,
        action="platform_review.decide",
        reason=reason,
        data={"outcome": outcome, "listing": review.listing_id, "cycle": review.cycle_id},
    )
    if outcome == ReviewOutcome.DELIST:
        listing_move(
            listing=review.listing,
            to=ListingStatus.DELISTED,
            actor=actor,
            reason=reason,
            action="listing.delist",
        )
        delisting_notices_create(review)
    tell_provider_of_decision(review)
    return review


@transaction.atomic
def appeal_file(*, review: PlatformReview, actor: Any, text: str, document=None) -> Appeal:
    """The platform's provider appeals a warning or a delisting, once, until the appeal deadline."""
    review = _lock_review(review)
    if review.listing.platform.provider.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if review.outcome not in (ReviewOutcome.WARN, ReviewOutcome.DELIST):
        raise ValidationError(_("Chỉ khiếu nại được quyết định nhắc nhở hoặc đưa ra khỏi danh sách."))
    if review.appeal_until is None or timezone.localdate() > review.appeal_until:
        raise ValidationError(_("Đã quá hạn khiếu nại quyết định này."))
    text = _require_text(text, "text", _("Hãy nêu nội dung khiếu nại."))
    if document and validate_document(document) != "application/pdf":
        raise ValidationError({"document": _("Tài liệu kèm theo phải là tệp PDF.")})
    if Appeal.objects.filter(review=review).exists():
        raise ValidationError(_("Quyết định này đã được khiếu nại."))
    appeal = Appeal(review=review, text=text, filed_by=actor)
    if document:
        appeal.document = document
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError:
        raise ValidationError(_("Quyết định này đã được khiếu nại."))
    audit_log(actor=actor, obj=review, action="platform_review.appeal", reason=text)
    tell_staff_of_appeal(appeal)
    return appeal


@transaction.atomic
def appeal_answer(*, appeal: Appeal, actor: Any, upheld: bool, answer: str) -> Appeal:
    """Staff answer an appeal. Upholding an appeal against a delisting puts the listing back under evaluation,
    from which staff select it again (the slot it had may have been given to another platform meanwhile)."""
    review = _lock_review(appeal.review)
    _require_reviewer(actor, review.cycle.programme)
    answer = _require_text(answer, "answer", _("Cần trả lời nhà cung cấp."))
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise ValidationError(_("Khiếu nại này đã được trả lời."))
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.answer, appeal.answered_by, appeal.answered_at = answer, actor, timezone.now()
    appeal.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit_log(
        actor=actor,
        obj=review,
        action="platform_review.appeal_upheld" if upheld else "platform_review.appeal_rejected",
        reason=answer,
    )
    if upheld and review.outcome == ReviewOutcome.DELIST:
        listing_move(
            listing=review.listing,
            to=ListingStatus.UNDER_EVALUATION,
            actor=actor,
            reason=answer,
            action="listing.reinstate_on_appeal",
        )
    tell_provider_of_answer(appeal)
    return appeal
