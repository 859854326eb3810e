"""Reports from a province to the ministry: quarterly and final, figures frozen at a cut-off, reviewed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme


class ReportPeriod(models.TextChoices):
    Q1 = "Q1", _("Quý I")
    Q2 = "Q2", _("Quý II")
    Q3 = "Q3", _("Quý III")
    Q4 = "Q4", _("Quý IV")
    FINAL = "FINAL", _("Báo cáo tổng kết")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi Bộ")
    RETURNED = "returned", _("Bộ trả lại để sửa")
    ACCEPTED = "accepted", _("Bộ đã chấp nhận")


OPEN_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED)


class ProvinceReport(models.Model):
    """One version of a province's report for one period. An accepted report is never edited: a correction is
    a new version, which supersedes it once accepted. The database keeps one open version and one accepted
    (not superseded) version per period, so a period is never reported twice."""

    province = models.ForeignKey(
        "businesses.Province", verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ báo cáo"), max_length=5, choices=ReportPeriod.choices)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    cut_off = models.DateField(_("số liệu tính đến ngày"))
    figures = models.JSONField(_("số liệu (cố định)"), default=dict)
    narrative = models.TextField(_("đánh giá, kiến nghị của tỉnh"), blank=True)
    corrects = models.ForeignKey(
        "self", verbose_name=_("đính chính cho"), null=True, blank=True, on_delete=models.PROTECT
    )
    superseded_at = models.DateTimeField(_("được thay thế lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("ý kiến của Bộ"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo của tỉnh")
        verbose_name_plural = _("báo cáo của tỉnh")
        ordering = ["-year", "period", "province_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "programme", "year", "period", "version"], name="unique_report_version"
            ),
            models.UniqueConstraint(
                fields=["province", "programme", "year", "period"],
                condition=models.Q(status__in=["draft", "submitted", "returned"]),
                name="one_open_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["province", "programme", "year", "period"],
                condition=models.Q(status="accepted", superseded_at__isnull=True),
                name="one_accepted_report_per_period",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.programme} {self.get_period_display()} {self.year} — {self.province_id} (v{self.version})"
        )

    def get_absolute_url(self) -> str:
        return reverse("programmes:report_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
