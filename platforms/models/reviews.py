"""Periodic reviews of the selected platforms (QĐ 377 II.1d, QĐ 1459 II.4d) that explain themselves.

Staff open a cycle for a programme and a period; opening it snapshots each selected (or complementary) listing's
facts for the period — businesses registered and activated, trials, approved ratings, complaints naming the
platform, the agreement's obligations met or not — into one `PlatformReview` row per listing. Staff record a
decision per row (keep, warn, delist) with its reason; the provider is told by e-mail and on its dashboard, with
how to appeal, and may appeal once within the window; staff answer the appeal. A delisting keeps the listing
(marked delisted) and tells the businesses using the platform (`DelistingNotice`, and SMS with consent).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from businesses.models import MembershipStatus
from platforms.models.listings import Listing, ReviewOutcome
from platforms.models.providers import Platform
from smedx_portal.programmes import Programme

DEFAULT_APPEAL_DAYS = 15


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Đang rà soát")
    CLOSED = "closed", _("Đã kết thúc")


class ReviewCycleQuerySet(models.QuerySet):
    def for_programmes(self, programmes) -> ReviewCycleQuerySet:
        return self.filter(programme__in=list(programmes))


class ReviewCycle(models.Model):
    """One review round of a programme's listed platforms over a period staff set."""

    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    title = models.CharField(_("tên kỳ rà soát"), max_length=120, help_text=_("Ví dụ: 6 tháng đầu năm 2026."))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    appeal_days = models.PositiveSmallIntegerField(
        _("số ngày được khiếu nại"),
        default=DEFAULT_APPEAL_DAYS,
        help_text=_("Tính từ ngày báo quyết định cho nhà cung cấp."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=CycleStatus.choices, default=CycleStatus.OPEN, db_index=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("mở lúc"), default=timezone.now)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    objects = ReviewCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ rà soát nền tảng")
        verbose_name_plural = _("kỳ rà soát nền tảng")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="review_cycle_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["programme", "period_start", "period_end"], name="review_cycle_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_programme_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("platforms:review_cycle", kwargs={"pk": self.pk})


class PlatformReviewQuerySet(models.QuerySet):
    def decided(self) -> PlatformReviewQuerySet:
        return self.exclude(outcome="")

    def owned_by(self, user) -> PlatformReviewQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(listing__platform__provider__owner=user)


class PlatformReview(models.Model):
    """A listing's facts over the cycle's period (frozen when the cycle opened) and the decision on it."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="reviews")
    listing = models.ForeignKey(
        Listing, verbose_name=_("nền tảng trong nhóm"), on_delete=models.PROTECT, related_name="cycle_reviews"
    )
    registered = models.PositiveIntegerField(_("doanh nghiệp đăng ký sử dụng"), default=0)
    activated = models.PositiveIntegerField(_("doanh nghiệp được kích hoạt"), default=0)
    trials = models.PositiveIntegerField(_("đề nghị dùng thử"), default=0)
    trials_tried = models.PositiveIntegerField(_("đã dùng thử"), default=0)
    rating_count = models.PositiveIntegerField(_("số đánh giá"), default=0)
    rating_average = models.DecimalField(
        _("điểm đánh giá trung bình"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    complaints = models.PositiveIntegerField(_("phản ánh, khiếu nại"), default=0)
    # {"agreement": bool, "offer": bool, "trials_on_time": bool, "leads_answered": bool}
    obligations = models.JSONField(_("nghĩa vụ theo thỏa thuận"), default=dict)
    outcome = models.CharField(_("quyết định"), max_length=10, choices=ReviewOutcome.choices, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    appeal_until = models.DateField(_("hạn khiếu nại"), null=True, blank=True)

    objects = PlatformReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả rà soát nền tảng")
        verbose_name_plural = _("kết quả rà soát nền tảng")
        ordering = ["cycle", "listing__platform__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "listing"], name="platform_review_once_per_cycle"),
            models.CheckConstraint(
                condition=Q(outcome="") | ~Q(reason=""), name="platform_review_decision_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.listing}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("platforms:platform_review", kwargs={"pk": self.pk})

    @property
    def obligations_met(self) -> bool:
        return all(self.obligations.values()) if self.obligations else False

    @property
    def appeal_open(self) -> bool:
        return (
            self.outcome in (ReviewOutcome.WARN, ReviewOutcome.DELIST)
            and self.appeal_until is not None
            and timezone.localdate() <= self.appeal_until
        )


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    UPHELD = "upheld", _("Chấp nhận khiếu nại")
    REJECTED = "rejected", _("Không chấp nhận")


def _appeal_upload_to(instance: Appeal, filename: str) -> str:
    return f"platforms/appeals/{instance.review_id}/{uuid.uuid4().hex}.pdf"


class Appeal(models.Model):
    """The provider's appeal against a warning or a delisting (one per decision), and staff's answer."""

    review = models.OneToOneField(PlatformReview, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(_("nội dung khiếu nại"))
    document = models.FileField(_("tài liệu kèm theo (PDF)"), upload_to=_appeal_upload_to, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    answer = models.TextField(_("trả lời của Ban quản lý"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khiếu nại quyết định rà soát")
        verbose_name_plural = _("khiếu nại quyết định rà soát")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.review} — {self.get_status_display()}"


class DelistingNoticeQuerySet(models.QuerySet):
    def for_user(self, user) -> DelistingNoticeQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            business__memberships__user=user, business__memberships__status=MembershipStatus.ACTIVE
        )


class DelistingNotice(models.Model):
    """In the portal: a business using a platform is told the platform left the programme's list, and why."""

    review = models.ForeignKey(PlatformReview, on_delete=models.CASCADE, related_name="notices")
    business = models.ForeignKey(
        "businesses.Business", on_delete=models.CASCADE, related_name="delisting_notices"
    )
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="delisting_notices")
    created_at = models.DateTimeField(auto_now_add=True)
    sms_sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = DelistingNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo nền tảng rời Chương trình")
        verbose_name_plural = _("thông báo nền tảng rời Chương trình")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "business"], name="delisting_notice_once_per_business")
        ]

    def __str__(self) -> str:
        return f"{self.business} — {self.platform}"
