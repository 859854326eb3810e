"""Province plans: the ministry's template, a province's plan per programme and year, its targets by ward and
business type, its timeline and the version log of every change of state."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme, short_name


class PlanTemplate(models.Model):
    """The ministry's template plan: shares a province's plan starts from, applied to its own business counts."""

    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tên kế hoạch mẫu"), max_length=255)
    survey_share = models.DecimalField(
        _("tỷ lệ đơn vị cần khảo sát (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    reach_per_business = models.DecimalField(
        _("số người cần tiếp cận trên mỗi đơn vị"), max_digits=5, decimal_places=2, default=1
    )
    try_share = models.DecimalField(
        _("tỷ lệ đơn vị dùng thử nền tảng trên số đã khảo sát (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    businesses_per_training = models.PositiveIntegerField(_("số đơn vị cho mỗi lớp tập huấn"), default=200)
    workshops = models.PositiveSmallIntegerField(_("số hội thảo"), default=2)
    businesses_per_expert = models.PositiveIntegerField(_("số đơn vị cho mỗi chuyên gia"), default=500)
    resources = models.TextField(_("nguồn lực gợi ý"), blank=True)
    milestones = models.JSONField(
        _("tiến độ (tháng, % khảo sát lũy kế)"),
        default=list,
        help_text=_("Ví dụ [[3, 25], [6, 50], [9, 75], [12, 100]]."),
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revised_from = models.ForeignKey(
        "self",
        verbose_name=_("sửa đổi từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kế hoạch mẫu")
        verbose_name_plural = _("kế hoạch mẫu")
        ordering = ["programme", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "version"], name="unique_plan_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year}, v{self.version})"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SENT = "sent", _("Đã gửi Bộ")
    RETURNED = "returned", _("Bộ trả lại để sửa")
    APPROVED = "approved", _("Đã phê duyệt")


EDITABLE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)
PLAN_FIGURE_FIELDS = (
    "survey_total",
    "people_to_reach",
    "businesses_to_try",
    "trainings",
    "workshops",
    "local_experts",
)


class PlanAction(models.TextChoices):
    """What a row of the plan's history records."""

    START = "start", _("Lập kế hoạch")
    EDIT = "edit", _("Sửa kế hoạch")
    SEND = "send", _("Gửi Bộ")
    RETURN = "return", _("Bộ trả lại để sửa")
    APPROVE = "approve", _("Tổ công tác phê duyệt")
    REOPEN = "reopen", _("Mở lại để điều chỉnh")


class ProvincePlan(models.Model):
    """A province's plan for one programme and year. `version` grows with every saved change: an edit made
    from an older version is refused (two officers editing at once never overwrite each other silently)."""

    province = models.ForeignKey(
        "businesses.Province", verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("kế hoạch mẫu"), null=True, blank=True, on_delete=models.PROTECT
    )
    survey_total = models.PositiveIntegerField(_("tổng số đơn vị cần khảo sát"), default=0)
    people_to_reach = models.PositiveIntegerField(_("số người cần tiếp cận"), default=0)
    businesses_to_try = models.PositiveIntegerField(_("số đơn vị dùng thử nền tảng"), default=0)
    trainings = models.PositiveIntegerField(_("số lớp tập huấn"), default=0)
    workshops = models.PositiveIntegerField(_("số hội thảo"), default=0)
    local_experts = models.PositiveIntegerField(_("số chuyên gia trong mạng lưới địa phương"), default=0)
    resources = models.TextField(_("nguồn lực (nhân lực, kinh phí)"), blank=True)
    review_comment = models.TextField(_("ý kiến của Bộ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("phê duyệt/trả lại lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch của tỉnh")
        verbose_name_plural = _("kế hoạch của tỉnh")
        ordering = ["-year", "programme", "province_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "programme", "year"], name="one_plan_per_province_year"
            )
        ]

    def __str__(self) -> str:
        return f"{short_name(self.programme)} {self.year} — {self.province_id}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:plan_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PLAN_STATUSES


class PlanTarget(models.Model):
    """How many businesses of one type to survey in one ward."""

    plan = models.ForeignKey(ProvincePlan, on_delete=models.CASCADE, related_name="targets")
    ward = models.ForeignKey("businesses.Ward", verbose_name=_("phường/xã"), on_delete=models.PROTECT)
    kind = models.CharField(_("loại hình"), max_length=20)
    target = models.PositiveIntegerField(_("chỉ tiêu khảo sát"))

    class Meta:
        verbose_name = _("chỉ tiêu theo phường/xã")
        verbose_name_plural = _("chỉ tiêu theo phường/xã")
        constraints = [
            models.UniqueConstraint(fields=["plan", "ward", "kind"], name="one_target_per_ward_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.ward_id} {self.kind}: {self.target}"


class PlanMilestone(models.Model):
    """The timeline: by `due_on`, `surveyed` businesses surveyed (cumulative)."""

    plan = models.ForeignKey(ProvincePlan, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("hạn"))
    surveyed = models.PositiveIntegerField(_("số đơn vị đã khảo sát (lũy kế)"))

    class Meta:
        verbose_name = _("mốc tiến độ")
        verbose_name_plural = _("mốc tiến độ")
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["plan", "due_on"], name="one_milestone_per_day")]

    def __str__(self) -> str:
        return f"{self.due_on:%d/%m/%Y}: {self.surveyed}"


class PlanRevision(models.Model):
    """The plan's history: one row per saved change or change of state, with the figures as they were."""

    plan = models.ForeignKey(ProvincePlan, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices)
    action = models.CharField(_("hành động"), max_length=32, choices=PlanAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    snapshot = models.JSONField(_("số liệu"), default=dict)

    class Meta:
        verbose_name = _("lịch sử kế hoạch")
        verbose_name_plural = _("lịch sử kế hoạch")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version} {self.get_action_display()}"
