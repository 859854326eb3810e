"""Honours (seed 000 II.3đ, seed 001 II.5đ): platforms most adopted and best rated, businesses with the
strongest progress, by month, quarter and year. A service proposes them from the data; staff adjust (with a
reason) and publish them on a public page and in the news."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smedx_portal.programmes import Programme


class HonourPeriod(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")


class HonourStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất, chờ xem xét")
    PUBLISHED = "published", _("Đã công bố")


class HonourCategory(models.TextChoices):
    ADOPTED_PLATFORM = "adopted", _("Nền tảng được nhiều doanh nghiệp sử dụng nhất")
    RATED_PLATFORM = "rated", _("Nền tảng được đánh giá cao nhất")
    PROGRESSING_BUSINESS = "progress", _("Doanh nghiệp có bước tiến chuyển đổi số mạnh mẽ")


PLATFORM_CATEGORIES = {HonourCategory.ADOPTED_PLATFORM, HonourCategory.RATED_PLATFORM}


class Honour(models.Model):
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    period = models.CharField(_("kỳ"), max_length=8, choices=HonourPeriod.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến trước ngày"))  # exclusive
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=HonourStatus.choices, default=HonourStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(_("đề xuất lúc"), auto_now_add=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey(
        "campaigns.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("lời giới thiệu"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đợt vinh danh")
        verbose_name_plural = _("vinh danh")
        ordering = ["-period_start", "period", "programme"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period", "period_start"], name="one_honour_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_label} — {self.programme}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("campaigns:honour_detail", kwargs={"pk": self.pk})

    @property
    def period_label(self) -> str:
        start: datetime.date = self.period_start
        if self.period == HonourPeriod.MONTH:
            return _("Tháng %(month)s/%(year)s") % {"month": f"{start.month:02d}", "year": start.year}
        if self.period == HonourPeriod.QUARTER:
            return _("Quý %(quarter)s/%(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
        return _("Năm %(year)s") % {"year": start.year}


class HonourEntry(models.Model):
    honour = models.ForeignKey(Honour, on_delete=models.CASCADE, related_name="entries")
    category = models.CharField(_("hạng mục"), max_length=10, choices=HonourCategory.choices)
    rank = models.PositiveSmallIntegerField(_("thứ hạng đề xuất"))
    platform = models.ForeignKey(
        "platforms.Platform", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    business = models.ForeignKey(
        "businesses.Business", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    metric = models.DecimalField(_("chỉ số"), max_digits=10, decimal_places=2)
    details = models.JSONField(_("số liệu"), default=dict, blank=True)
    included = models.BooleanField(_("được vinh danh"), default=True)
    added_by_staff = models.BooleanField(_("do cán bộ bổ sung"), default=False)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị được vinh danh")
        verbose_name_plural = _("đơn vị được vinh danh")
        ordering = ["category", "rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(category__in=["adopted", "rated"], platform__isnull=False, business__isnull=True)
                    | Q(category="progress", business__isnull=False, platform__isnull=True)
                ),
                name="honour_entry_subject_matches_category",
            ),
            models.UniqueConstraint(fields=["honour", "category", "platform"], name="honour_platform_once"),
            models.UniqueConstraint(fields=["honour", "category", "business"], name="honour_business_once"),
        ]

    def __str__(self) -> str:
        return str(self.platform or self.business)

    @property
    def subject(self):
        return self.platform or self.business
