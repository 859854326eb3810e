"""Offers to the programme's businesses and usage registrations (a business asks to use a platform)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models.listings import Listing
from platforms.models.providers import Platform
from smedx_portal.programmes import Programme


class OfferQuerySet(models.QuerySet):
    def current(self, on=None) -> OfferQuerySet:
        today = on or timezone.localdate()
        return self.filter(is_active=True, valid_from__lte=today).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )


class Offer(models.Model):
    """An offer a provider makes to the programme's businesses (discount, free months, training...)."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="offers")
    programme = models.CharField(
        _("chương trình"),
        max_length=8,
        choices=Programme.choices,
        blank=True,
        help_text=_("Để trống: cả hai."),
    )
    title = models.CharField(_("ưu đãi"), max_length=200)
    description = models.TextField(_("nội dung"), blank=True)
    valid_from = models.DateField(_("từ ngày"), default=timezone.localdate)
    valid_until = models.DateField(_("đến ngày"), null=True, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("ưu đãi")
        verbose_name_plural = _("ưu đãi")
        ordering = ["-valid_from", "title"]
        indexes = [models.Index(fields=["platform", "is_active", "valid_from"])]

    def __str__(self) -> str:
        return self.title


class UsageStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ nhà cung cấp xác nhận")
    ACTIVE = "active", _("Đang sử dụng")
    DECLINED = "declined", _("Nhà cung cấp từ chối")
    CANCELLED = "cancelled", _("Đã hủy")


class UsageRegistration(models.Model):
    """A (verified) business asks to use a platform; the provider confirms activation. A lead for the provider."""

    business = models.ForeignKey(
        "businesses.Business",
        verbose_name=_("doanh nghiệp"),
        on_delete=models.CASCADE,
        related_name="platform_usages",
    )
    platform = models.ForeignKey(
        Platform, verbose_name=_("nền tảng"), on_delete=models.CASCADE, related_name="usages"
    )
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("nhóm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usages",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=UsageStatus.choices,
        default=UsageStatus.REQUESTED,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("lời nhắn cho nhà cung cấp"), blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    notified_at = models.DateTimeField(_("đã báo nhà cung cấp lúc"), null=True, blank=True)
    owner_notified_at = models.DateTimeField(_("đã báo doanh nghiệp kết quả lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký sử dụng")
        verbose_name_plural = _("đăng ký sử dụng")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "platform"],
                condition=Q(status__in=["requested", "active"]),
                name="usage_one_open_per_business_and_platform",
            )
        ]
        indexes = [models.Index(fields=["platform", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.business} → {self.platform} ({self.get_status_display()})"
