"""Outreach after the survey: a province assigns surveyed businesses to selected providers, who record
follow-ups (seed 001 II.7b)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme


class OutreachAssignment(models.Model):
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    province = models.ForeignKey(
        "businesses.Province", verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="+"
    )
    business = models.ForeignKey(
        "businesses.Business", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    provider = models.ForeignKey(
        "platforms.Provider", verbose_name=_("nhà cung cấp"), on_delete=models.PROTECT, related_name="+"
    )
    segment = models.JSONField(_("nhóm đối tượng"), default=dict)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("phân công lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân công tiếp cận")
        verbose_name_plural = _("phân công tiếp cận")
        ordering = ["-assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "business"], name="one_provider_per_business")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.business_id} → {self.provider_id}"


class FollowUpStep(models.TextChoices):
    CONTACTED = "contacted", _("Đã liên hệ")
    TRAINED = "trained", _("Đã hướng dẫn, tập huấn")
    USING = "using", _("Đang sử dụng nền tảng")


class FollowUp(models.Model):
    assignment = models.ForeignKey(OutreachAssignment, on_delete=models.CASCADE, related_name="follow_ups")
    step = models.CharField(_("bước"), max_length=10, choices=FollowUpStep.choices)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả tiếp cận")
        verbose_name_plural = _("kết quả tiếp cận")
        ordering = ["recorded_at"]
        constraints = [models.UniqueConstraint(fields=["assignment", "step"], name="one_follow_up_per_step")]

    def __str__(self) -> str:
        return f"{self.assignment} {self.step}"
