"""A business's own DX plan (one per programme): ordered steps drawn from a result's tool inventory, each with
the programme's selected platforms and a certified expert to ask, a date, and a tick when done."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme


class DxPlan(models.Model):
    business = models.ForeignKey("businesses.Business", on_delete=models.CASCADE, related_name="dx_plans")
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    assessment = models.ForeignKey(
        "assessment.Assessment",
        verbose_name=_("lập từ kết quả"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch chuyển đổi số")
        verbose_name_plural = _("kế hoạch chuyển đổi số")
        constraints = [
            models.UniqueConstraint(fields=["business", "programme"], name="one_dx_plan_per_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.business} — {self.get_programme_display()}"


class DxPlanStep(models.Model):
    plan = models.ForeignKey(DxPlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    question_code = models.SlugField(_("nghiệp vụ (mã câu hỏi)"), max_length=64)
    title = models.CharField(_("việc cần làm"), max_length=255)
    reason = models.TextField(_("vì sao làm trước"))
    group_codes = models.JSONField(_("nhóm nền tảng"), default=list, blank=True)
    platforms = models.ManyToManyField("platforms.Platform", verbose_name=_("nền tảng gợi ý"), blank=True)
    expert = models.ForeignKey(
        "experts.Expert", verbose_name=_("chuyên gia"), null=True, blank=True, on_delete=models.SET_NULL
    )
    due_date = models.DateField(_("hạn"), null=True, blank=True)
    share_at_start = models.DecimalField(
        _("mức đạt khi lập kế hoạch"), max_digits=5, decimal_places=4, default=Decimal("0")
    )
    done_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bước của kế hoạch")
        verbose_name_plural = _("bước của kế hoạch")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="unique_dx_plan_step_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
