"""Domains, category groups (per programme) and the evaluation criteria framework: reference data staff edit."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme, short_name

MAX_SELECTED_PER_GROUP = 3


class _Bilingual:
    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Domain(_Bilingual, models.Model):
    """A field of needs (management, customers and market...). Codes are `smedx_portal.taxonomy.DOMAINS`."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.display_name


class CategoryGroupQuerySet(models.QuerySet):
    def active(self) -> CategoryGroupQuerySet:
        return self.filter(is_active=True)

    def for_programme(self, programme: str | None) -> CategoryGroupQuerySet:
        return self.filter(programme=programme) if programme else self


class CategoryGroup(_Bilingual, models.Model):
    """A group of platforms a programme selects (e.g. accounting and finance); at most three selected."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices, db_index=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    description = models.TextField(_("mô tả nhu cầu"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang nhận hồ sơ và hiển thị"), default=True)

    objects = CategoryGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhóm nền tảng")
        verbose_name_plural = _("nhóm nền tảng")
        ordering = ["programme", "position", "code"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_programme_display_short()})"

    def get_absolute_url(self) -> str:
        return reverse("platforms:group", kwargs={"code": self.code})

    def get_programme_display_short(self) -> str:
        return short_name(self.programme)


class CriterionKind(models.TextChoices):
    TECHNICAL = "technical", _("Tiêu chí kỹ thuật")
    PARTICIPATION = "participation", _("Tiêu chí khả năng tham gia Chương trình")


class EvaluationCriterionQuerySet(models.QuerySet):
    def for_programme(self, programme: str) -> EvaluationCriterionQuerySet:
        return self.filter(is_active=True).filter(Q(programme="") | Q(programme=programme))


class EvaluationCriterion(_Bilingual, models.Model):
    """One criterion of the framework, with its weight and scale (scores from 0 to `scale_max`)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=CriterionKind.choices)
    programme = models.CharField(
        _("chương trình"),
        max_length=8,
        choices=Programme.choices,
        blank=True,
        help_text=_("Để trống nếu tiêu chí áp dụng cho cả hai chương trình."),
    )
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    description = models.TextField(_("hướng dẫn chấm"), blank=True)
    weight = models.DecimalField(
        _("trọng số"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("thang điểm tối đa"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    objects = EvaluationCriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiêu chí đánh giá")
        verbose_name_plural = _("tiêu chí đánh giá")
        ordering = ["kind", "position", "code"]

    def __str__(self) -> str:
        return self.display_name
