"""The joint working group (Tổ công tác, seed 001 II.6a) and its decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme


class Ministry(models.TextChoices):
    SCIENCE = "science", _("Bộ Khoa học và Công nghệ")
    INDUSTRY_TRADE = "industry_trade", _("Bộ Công Thương")


class WorkingGroupMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.CASCADE, related_name="+"
    )
    ministry = models.CharField(_("cơ quan"), max_length=16, choices=Ministry.choices)
    position = models.CharField(_("chức danh"), max_length=150, blank=True)
    joined_on = models.DateField(_("tham gia từ"))
    left_on = models.DateField(_("thôi tham gia từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên Tổ công tác")
        verbose_name_plural = _("thành viên Tổ công tác")
        ordering = ["ministry", "joined_on"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_ministry_display()})"


class DecisionKind(models.TextChoices):
    PLAN_APPROVAL = "plan_approval", _("Phê duyệt kế hoạch của tỉnh")
    PILOT_END = "pilot_end", _("Kết thúc giai đoạn thí điểm")
    CLASSIFICATION = "classification", _("Công bố xếp loại các tỉnh trong năm")


class DecisionQuerySet(models.QuerySet):
    def published(self) -> DecisionQuerySet:
        return self.filter(published_at__isnull=False)


class Decision(models.Model):
    """One decision of the working group: who, when, the document; public once published.

    Approving a criteria version is the criteria app's own approval record, listed beside these."""

    kind = models.CharField(_("loại quyết định"), max_length=16, choices=DecisionKind.choices)
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.TextField(_("nội dung"), blank=True)
    document = models.FileField(_("văn bản"), upload_to="decisions/%Y/", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), auto_now_add=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    plan = models.ForeignKey(
        "programmes.ProvincePlan", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    report = models.ForeignKey(
        "programmes.ProvinceReport",
        verbose_name=_("báo cáo tổng kết thí điểm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revised_criteria = models.ForeignKey(
        "assessment.CriteriaSet",
        verbose_name=_("bộ tiêu chí sửa đổi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revised_template = models.ForeignKey(
        "programmes.PlanTemplate",
        verbose_name=_("kế hoạch mẫu sửa đổi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(_("số liệu"), default=dict, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định của Tổ công tác")
        verbose_name_plural = _("quyết định của Tổ công tác")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"],
                condition=models.Q(kind="classification"),
                name="one_classification_per_programme_year",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:decision_detail", kwargs={"pk": self.pk})
