"""Listings (a platform in a group: the application and its place in the programme), evaluations, reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platforms.models.catalogue import MAX_SELECTED_PER_GROUP, CategoryGroup, EvaluationCriterion
from platforms.models.providers import Document, Platform


class ListingStatus(models.TextChoices):
    APPLIED = "applied", _("Đã nộp hồ sơ")
    UNDER_EVALUATION = "under_evaluation", _("Đang đánh giá")
    SELECTED = "selected", _("Được lựa chọn")
    COMPLEMENTARY = "complementary", _("Nền tảng bổ sung")
    REJECTED = "rejected", _("Không được lựa chọn")
    DELISTED = "delisted", _("Đã đưa ra khỏi danh sách")


PUBLIC_STATUSES = (ListingStatus.SELECTED, ListingStatus.COMPLEMENTARY)
OPEN_STATUSES = (ListingStatus.APPLIED, ListingStatus.UNDER_EVALUATION)


class ListingQuerySet(models.QuerySet):
    def public(self) -> ListingQuerySet:
        """Shown in the catalogue: selected or complementary, in an active group, with an agreement of the
        group's programme in force (signed and current, or awaiting signature within its grace period)."""
        return self.filter(status__in=PUBLIC_STATUSES, group__is_active=True).filter(
            self.agreement_in_force()
        )

    @staticmethod
    def agreement_in_force() -> Exists:
        from platforms.models.agreements import Agreement

        return Exists(
            Agreement.objects.in_force().filter(
                platform=OuterRef("platform"), programme=OuterRef("group__programme")
            )
        )

    def owned_by(self, user) -> ListingQuerySet:
        return (
            self.filter(platform__provider__owner=user)
            if getattr(user, "is_authenticated", False)
            else self.none()
        )


class Listing(models.Model):
    """A platform's application to (and place in) one category group of one programme."""

    group = models.ForeignKey(
        CategoryGroup, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="listings"
    )
    platform = models.ForeignKey(
        Platform, verbose_name=_("nền tảng"), on_delete=models.CASCADE, related_name="listings"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ListingStatus.choices,
        default=ListingStatus.APPLIED,
        db_index=True,
    )
    slot = models.PositiveSmallIntegerField(
        _("vị trí được lựa chọn"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("1–3, chỉ khi được lựa chọn."),
    )
    documents = models.ManyToManyField(
        Document, verbose_name=_("tài liệu"), blank=True, related_name="listings"
    )
    in_depth_requested = models.BooleanField(
        _("đề nghị đánh giá chuyên sâu để được cấp chứng nhận"), default=False
    )
    commitment_accepted_at = models.DateTimeField(
        _("cam kết tuân thủ quy định Chương trình lúc"), null=True, blank=True
    )
    fast_track_from = models.ForeignKey(
        "self",
        verbose_name=_("xét nhanh từ hồ sơ SMEdx"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fast_tracked",
    )
    note = models.TextField(_("thuyết minh của nhà cung cấp"), blank=True)
    status_reason = models.TextField(_("ý kiến của Ban quản lý"), blank=True)
    # Kept current by `evaluation_submit`: the mean of evaluators' weighted totals and their spread (0–100).
    score_total = models.DecimalField(
        _("điểm tổng hợp"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    score_spread = models.DecimalField(
        _("chênh lệch giữa người chấm"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    evaluator_count = models.PositiveSmallIntegerField(_("số người chấm"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), default=timezone.now)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    objects = ListingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["score_total", "score_spread", "evaluator_count"])

    class Meta:
        verbose_name = _("hồ sơ / nền tảng trong nhóm")
        verbose_name_plural = _("hồ sơ / nền tảng trong nhóm")
        ordering = ["group", "-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "platform"], name="listing_one_per_platform_and_group"),
            # At most three selected per group, held by the database: a selected listing takes a slot 1–3,
            # and a slot is taken once per group, so concurrent approvals cannot make a fourth.
            models.UniqueConstraint(fields=["group", "slot"], name="listing_unique_slot_per_group"),
            models.CheckConstraint(
                condition=(
                    Q(
                        status=ListingStatus.SELECTED,
                        slot__isnull=False,
                        slot__gte=1,
                        slot__lte=MAX_SELECTED_PER_GROUP,
                    )
                    | (~Q(status=ListingStatus.SELECTED) & Q(slot__isnull=True))
                ),
                name="listing_slot_iff_selected",
            ),
        ]
        indexes = [models.Index(fields=["platform", "status"]), models.Index(fields=["group", "status"])]

    def __str__(self) -> str:
        return f"{self.platform} — {self.group}"

    @property
    def programme(self) -> str:
        return self.group.programme

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class Evaluation(models.Model):
    """One evaluator's independent scores of one application; `total` is the weighted total (0–100)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(_("điểm có trọng số"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("nhận xét"), blank=True)
    submitted_at = models.DateTimeField(_("chấm lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        ordering = ["listing", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "evaluator"], name="evaluation_one_per_evaluator")
        ]

    def __str__(self) -> str:
        return f"{self.listing} — {self.evaluator}: {self.total}"


class Score(models.Model):
    """A score for one criterion, with the weight and scale in force when it was given."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("điểm"))
    weight = models.DecimalField(max_digits=5, decimal_places=2)
    scale_max = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(condition=Q(value__lte=models.F("scale_max")), name="score_within_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}/{self.scale_max}"


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", _("Tiếp tục tham gia")
    WARN = "warn", _("Nhắc nhở, yêu cầu khắc phục")
    DELIST = "delist", _("Đề nghị đưa ra khỏi danh sách")


class Review(models.Model):
    """A periodic review of a listed platform: how it keeps its commitments and how often it is chosen."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reviews")
    period = models.CharField(_("kỳ rà soát"), max_length=40, help_text=_("Ví dụ: 2026-H1, Quý 3/2026."))
    usage_count = models.PositiveIntegerField(_("số đơn vị đang sử dụng lúc rà soát"), default=0)
    commitments_kept = models.BooleanField(_("thực hiện đúng cam kết"), default=True)
    outcome = models.CharField(
        _("kết luận"), max_length=10, choices=ReviewOutcome.choices, default=ReviewOutcome.KEEP
    )
    notes = models.TextField(_("nhận xét"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người rà soát"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("rà soát lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("rà soát định kỳ")
        verbose_name_plural = _("rà soát định kỳ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.listing} — {self.period}: {self.get_outcome_display()}"
