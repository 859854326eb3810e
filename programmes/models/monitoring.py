"""Progress against the plans: weekly snapshots and alerts when a province falls behind its timeline."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme


class ProgressSnapshot(models.Model):
    """Surveyed businesses of a province and programme at the end of one week (written by the nightly job)."""

    province = models.ForeignKey("businesses.Province", on_delete=models.CASCADE, related_name="+")
    programme = models.CharField(max_length=8, choices=Programme.choices)
    week = models.DateField(_("tuần (thứ Hai)"))
    surveyed = models.PositiveIntegerField(_("đã khảo sát"))
    expected = models.PositiveIntegerField(_("theo tiến độ"), default=0)

    class Meta:
        verbose_name = _("tiến độ theo tuần")
        verbose_name_plural = _("tiến độ theo tuần")
        ordering = ["week"]
        constraints = [
            models.UniqueConstraint(fields=["province", "programme", "week"], name="one_snapshot_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.province_id} {self.week:%d/%m/%Y}: {self.surveyed}"


class ProgressAlert(models.Model):
    """One breach: a province behind its timeline by more than the margin. Told once when it opens; closed
    when the province catches up, so falling behind again is a new breach."""

    plan = models.ForeignKey("programmes.ProvincePlan", on_delete=models.CASCADE, related_name="alerts")
    opened_at = models.DateTimeField(_("phát hiện lúc"), auto_now_add=True)
    expected = models.PositiveIntegerField(_("theo tiến độ"))
    surveyed = models.PositiveIntegerField(_("đã khảo sát"))
    closed_at = models.DateTimeField(_("đã bắt kịp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cảnh báo chậm tiến độ")
        verbose_name_plural = _("cảnh báo chậm tiến độ")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(closed_at__isnull=True), name="one_open_alert_per_plan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.opened_at:%d/%m/%Y}: {self.surveyed}/{self.expected}"
