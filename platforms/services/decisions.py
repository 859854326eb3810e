"""Staff decisions on applications: evaluation, selection (at most three per group), complementary platforms,
rejection, delisting, certification and periodic reviews. Each writes the audit log and the listing's history."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from platforms.models import (
    MAX_SELECTED_PER_GROUP,
    OPEN_STATUSES,
    PUBLIC_STATUSES,
    Evaluation,
    EvaluationCriterion,
    Listing,
    ListingStatus,
    Review,
    Score,
)
from platforms.services.agreements import agreement_issue_for_selection
from smedx_portal.certificates import certificate_issue
from smedx_portal.models import Certificate, CertificateKind
from smedx_portal.programmes import short_name
from smedx_portal.services import audit_log

S = ListingStatus
TRANSITIONS: dict[str, set[str]] = {
    S.APPLIED: {S.UNDER_EVALUATION, S.SELECTED, S.COMPLEMENTARY, S.REJECTED},
    S.UNDER_EVALUATION: {S.SELECTED, S.COMPLEMENTARY, S.REJECTED},
    S.SELECTED: {S.COMPLEMENTARY, S.DELISTED},
    S.COMPLEMENTARY: {S.SELECTED, S.DELISTED},
    S.REJECTED: {S.UNDER_EVALUATION},
    S.DELISTED: {S.UNDER_EVALUATION},
}
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def group_full_message() -> str:
    return _("Nhóm đã đủ 3 nền tảng được lựa chọn; có thể bổ sung nền tảng dưới dạng nền tảng bổ sung.")


def _require_staff(actor: Any) -> None:
    if not (getattr(actor, "is_active", False) and getattr(actor, "is_staff", False)):
        raise PermissionDenied


def _check_transition(listing: Listing, to: str) -> None:
    if to not in TRANSITIONS.get(listing.status, set()):
        raise ValidationError(
            _("Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.")
            % {"from": listing.get_status_display(), "to": S(to).label}
        )


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do.")})
    return reason


def _lock(listing: Listing) -> Listing:
    return (
        Listing.objects.select_for_update(of=("self",)).select_related("group", "platform").get(pk=listing.pk)
    )


def _save_transition(
    listing: Listing, *, to: str, actor: Any, reason: str, action: str, data: dict | None = None
) -> Listing:
    """Save the new status with its history row (who, why) and the audit entry. Runs inside the caller's
    transaction, on a row locked by `_lock`."""
    previous = listing.status
    listing.status = to
    if to != S.SELECTED:
        listing.slot = None
    listing.status_reason = reason
    listing.decided_at = timezone.now()
    listing._history_user = actor
    listing._change_reason = reason or S(to).label
    listing.save(update_fields=["status", "slot", "status_reason", "decided_at"])
    audit_log(
        actor=actor,
        obj=listing,
        action=action,
        reason=reason,
        data={"from": previous, "to": to, **(data or {})},
    )
    return listing


# --- evaluation ---------------------------------------------------------------------------------------------


def weighted_total(scores: list[tuple[int, Decimal, int]]) -> Decimal:
    """(value, weight, scale_max) per criterion → a weighted total on 0–100."""
    total_weight = sum((weight for _value, weight, _scale in scores), Decimal(0))
    if not total_weight:
        return Decimal("0.00")
    points = sum((Decimal(value) / Decimal(scale) * weight for value, weight, scale in scores), Decimal(0))
    return (points / total_weight * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def listing_refresh_scores(listing: Listing) -> Listing:
    """Mean of the evaluators' totals and their spread (max − min), kept on the listing for ranking."""
    totals = list(Evaluation.objects.filter(listing=listing).values_list("total", flat=True))
    if totals:
        mean = (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, rounding=ROUND_HALF_UP)
        spread = max(totals) - min(totals)
    else:
        mean = spread = None
    Listing.objects.filter(pk=listing.pk).update(
        score_total=mean, score_spread=spread, evaluator_count=len(totals)
    )
    listing.score_total, listing.score_spread, listing.evaluator_count = mean, spread, len(totals)
    return listing


def criteria_for(listing: Listing):
    return EvaluationCriterion.objects.for_programme(listing.group.programme).order_by(
        "kind", "position", "code"
    )


@transaction.atomic
def evaluation_submit(
    *, listing: Listing, evaluator: Any, scores: dict[int, int], comment: str = ""
) -> Evaluation:
    """One evaluator's scores (criterion id → value) for every criterion of the programme. Scoring again replaces
    the evaluator's own scores; other evaluators' scores are untouched."""
    _require_staff(evaluator)
    listing = _lock(listing)
    if listing.status not in OPEN_STATUSES:
        raise ValidationError(_("Hồ sơ không còn trong giai đoạn đánh giá."))
    criteria = list(criteria_for(listing))
    errors = {}
    rows = []
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not 0 <= int(value) <= criterion.scale_max:
            errors[f"criterion_{criterion.pk}"] = _("Chấm từ 0 đến %(max)d.") % {"max": criterion.scale_max}
            continue
        rows.append((criterion, int(value)))
    if errors:
        raise ValidationError(errors)
    total = weighted_total([(value, criterion.weight, criterion.scale_max) for criterion, value in rows])
    evaluation, _created = Evaluation.objects.update_or_create(
        listing=listing, evaluator=evaluator, defaults={"total": total, "comment": comment}
    )
    evaluation.scores.all().delete()
    Score.objects.bulk_create(
        Score(
            evaluation=evaluation,
            criterion=criterion,
            value=value,
            weight=criterion.weight,
            scale_max=criterion.scale_max,
        )
        for criterion, value in rows
    )
    if listing.status == S.APPLIED:
        _save_transition(
            listing, to=S.UNDER_EVALUATION, actor=evaluator, reason="", action="listing.start_evaluation"
        )
    listing_refresh_scores(listing)
    audit_log(actor=evaluator, obj=listing, action="evaluation.submit", data={"total": str(total)})
    return evaluation


@transaction.atomic
def listing_start_evaluation(*, listing: Listing, actor: Any, reason: str = "") -> Listing:
    _require_staff(actor)
    listing = _lock(listing)
    _check_transition(listing, S.UNDER_EVALUATION)
    return _save_transition(
        listing, to=S.UNDER_EVALUATION, actor=actor, reason=reason, action="listing.start_evaluation"
    )


# --- selection ----------------------------------------------------------------------------------------------


def free_slots(group_id: int) -> list[int]:
    taken = set(Listing.objects.filter(group_id=group_id, slot__isnull=False).values_list("slot", flat=True))
    return [slot for slot in range(1, MAX_SELECTED_PER_GROUP + 1) if slot not in taken]


def _require_evaluated(listing: Listing) -> None:
    if listing.fast_track_from_id is None and not Evaluation.objects.filter(listing=listing).exists():
        raise ValidationError(_("Hồ sơ chưa được chấm điểm."))


def listing_select(*, listing: Listing, actor: Any, reason: str = "") -> Listing:
    """Select a platform in its group. It takes the first free slot (1–3); the unique (group, slot) constraint
    makes a concurrent approval of a fourth fail, in which case the free slots are read again."""
    _require_staff(actor)
    for _attempt in range(MAX_SELECTED_PER_GROUP + 1):
        try:
            with transaction.atomic():
                locked = _lock(listing)
                _check_transition(locked, S.SELECTED)
                _require_evaluated(locked)
                slots = free_slots(locked.group_id)
                if not slots:
                    raise ValidationError(group_full_message(), code="group_full")
                locked.slot = slots[0]
                _save_transition(
                    locked,
                    to=S.SELECTED,
                    actor=actor,
                    reason=reason,
                    action="listing.select",
                    data={"slot": slots[0]},
                )
                agreement_issue_for_selection(
                    platform=locked.platform, programme=locked.programme, actor=actor
                )
                return locked
        except IntegrityError:
            continue  # another approval took the slot first: look again
    raise ValidationError(group_full_message(), code="group_full")


@transaction.atomic
def listing_add_complementary(*, listing: Listing, actor: Any, reason: str = "") -> Listing:
    """When the selected platforms do not cover the group's needs, staff add complementary ones (counted apart)."""
    _require_staff(actor)
    listing = _lock(listing)
    _check_transition(listing, S.COMPLEMENTARY)
    _require_evaluated(listing)
    _save_transition(listing, to=S.COMPLEMENTARY, actor=actor, reason=reason, action="listing.complementary")
    agreement_issue_for_selection(platform=listing.platform, programme=listing.programme, actor=actor)
    return listing


@transaction.atomic
def listing_reject(*, listing: Listing, actor: Any, reason: str) -> Listing:
    _require_staff(actor)
    reason = _require_reason(reason)
    listing = _lock(listing)
    _check_transition(listing, S.REJECTED)
    return _save_transition(listing, to=S.REJECTED, actor=actor, reason=reason, action="listing.reject")


@transaction.atomic
def listing_delist(*, listing: Listing, actor: Any, reason: str) -> Listing:
    """Take a platform out of the programme's list (broken commitments, rarely chosen...)."""
    _require_staff(actor)
    return listing_move(listing=listing, to=S.DELISTED, actor=actor, reason=reason, action="listing.delist")


@transaction.atomic
def listing_move(*, listing: Listing, to: str, actor: Any, reason: str, action: str) -> Listing:
    """A reasoned status change on a locked row, for services that checked the actor's rights themselves (the
    periodic review's delisting, an upheld appeal). Moving to the status it already has changes nothing."""
    reason = _require_reason(reason)
    listing = _lock(listing)
    if listing.status == to:
        return listing
    _check_transition(listing, to)
    return _save_transition(listing, to=to, actor=actor, reason=reason, action=action)


# --- certification and reviews ------------------------------------------------------------------------------


def certificate_scope(listing: Listing) -> str:
    lines = [
        _("Nhóm: %(group)s") % {"group": listing.group.name},
        _("Chương trình: %(programme)s") % {"programme": short_name(listing.group.programme)},
    ]
    if listing.score_total is not None:
        score = number_format(listing.score_total, decimal_pos=2, use_l10n=True)  # 80,00 in Vietnamese
        lines.append(_("Điểm đánh giá chuyên sâu: %(score)s/100") % {"score": score})
    return "\n".join(lines)


@transaction.atomic
def listing_certify(
    *, listing: Listing, actor: Any, valid_until: datetime.date | None, scope: str = ""
) -> Certificate:
    """Certify a platform that asked for the in-depth evaluation (QĐ 377 II.1b), through the core certificates."""
    _require_staff(actor)
    listing = _lock(listing)
    if not listing.in_depth_requested:
        raise ValidationError(_("Nền tảng không đề nghị đánh giá chuyên sâu."))
    if listing.status not in PUBLIC_STATUSES:
        raise ValidationError(_("Chỉ cấp chứng nhận cho nền tảng được lựa chọn hoặc bổ sung."))
    if not listing.evaluator_count:
        raise ValidationError(_("Hồ sơ chưa được chấm điểm."))
    if valid_until is not None and valid_until <= timezone.localdate():
        raise ValidationError({"valid_until": _("Ngày hết hiệu lực phải sau hôm nay.")})
    platform = listing.platform
    certificate = certificate_issue(
        kind=CertificateKind.PLATFORM,
        subject=platform,
        holder_name=platform.provider.name,
        title=_("Nền tảng số %(name)s đạt yêu cầu đánh giá chuyên sâu của Chương trình")
        % {"name": platform.name},
        scope=scope or certificate_scope(listing),
        valid_until=valid_until,
        issued_by=actor,
    )
    platform.certificate = certificate
    platform.save(update_fields=["certificate"])
    audit_log(actor=actor, obj=listing, action="listing.certify", data={"number": certificate.number})
    return certificate


@transaction.atomic
def review_record(
    *, listing: Listing, reviewer: Any, period: str, commitments_kept: bool, outcome: str, notes: str = ""
) -> Review:
    """Record a periodic review, with the platform's usage count at that time."""
    _require_staff(reviewer)
    review = Review(
        listing=listing,
        period=period,
        commitments_kept=commitments_kept,
        outcome=outcome,
        notes=notes,
        reviewer=reviewer,
        usage_count=listing.platform.usage_count,
    )
    review.full_clean()
    review.save()
    audit_log(
        actor=reviewer,
        obj=listing,
        action="listing.review",
        reason=notes,
        data={"period": period, "outcome": outcome},
    )
    return review
