"""Trials: a business asks to try a selected platform, the provider sets it up by a deadline, the business rates it.

A tried trial or an activated usage registration counts the business once toward "businesses that tried
platforms" (`platforms.selectors.businesses_that_tried`). Ratings are shown and counted only once staff approve
them (moderation).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platforms.models.listings import Listing
from platforms.models.providers import Platform


class TrialStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ nhà cung cấp nhận")
    ACCEPTED = "accepted", _("Nhà cung cấp đang thiết lập")
    READY = "ready", _("Sẵn sàng dùng thử")
    TRIED = "tried", _("Đã dùng thử")
    DECLINED = "declined", _("Nhà cung cấp từ chối")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_TRIAL_STATUSES = (TrialStatus.REQUESTED, TrialStatus.ACCEPTED, TrialStatus.READY)


class RatingStatus(models.TextChoices):
    PENDING = "pending", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không đăng")


class TrialQuerySet(models.QuerySet):
    def open(self) -> TrialQuerySet:
        return self.filter(status__in=OPEN_TRIAL_STATUSES)

    def approved_ratings(self) -> TrialQuerySet:
        return self.filter(rating__isnull=False, rating_status=RatingStatus.APPROVED)


class Trial(models.Model):
    business = models.ForeignKey(
        "businesses.Business", verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE, related_name="trials"
    )
    platform = models.ForeignKey(
        Platform, verbose_name=_("nền tảng"), on_delete=models.CASCADE, related_name="trials"
    )
    listing = models.ForeignKey(
        Listing, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="trials"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=TrialStatus.choices, default=TrialStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("nhu cầu dùng thử"), blank=True)
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    setup_due = models.DateField(_("hạn thiết lập"), null=True, blank=True)
    ready_at = models.DateTimeField(_("thiết lập xong lúc"), null=True, blank=True)
    access_note = models.TextField(_("hướng dẫn truy cập"), blank=True)
    decline_reason = models.TextField(_("lý do từ chối"), blank=True)
    tried_at = models.DateTimeField(_("xác nhận đã dùng thử lúc"), null=True, blank=True, db_index=True)
    rating = models.PositiveSmallIntegerField(
        _("đánh giá (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("nhận xét"), blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    rating_status = models.CharField(
        _("kiểm duyệt đánh giá"), max_length=10, choices=RatingStatus.choices, blank=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = TrialQuerySet.as_manager()

    class Meta:
        verbose_name = _("dùng thử nền tảng")
        verbose_name_plural = _("dùng thử nền tảng")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "platform"],
                condition=Q(status__in=["requested", "accepted", "ready"]),
                name="trial_one_open_per_business_and_platform",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="trial_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["platform", "status"]), models.Index(fields=["rating_status"])]

    def __str__(self) -> str:
        return f"{self.business} → {self.platform} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TRIAL_STATUSES
