"""Criteria sets (versioned data): a set's pillars, questions and options.

CriteriaSet → Pillar → Question → Option is authored as a YAML file (`assessment/criteria/`), loaded by
`manage.py load_criteria`, editable in admin while a draft and frozen once published. An Assessment keeps
the criteria set it was scored with, so publishing a new version never changes old results.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smedx_portal.levels import Level
from smedx_portal.programmes import Programme

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
POSITIVE = [MinValueValidator(Decimal("0.01"))]


def _translated(obj, field: str) -> str:
    """The English text when the page is in English and the set has one, else the Vietnamese source."""
    if get_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


class CriteriaSetStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEWED = "reviewed", _("Đã rà soát")
    APPROVED = "approved", _("Đã phê duyệt")
    PUBLISHED = "published", _("Đã công bố")
    RETIRED = "retired", _("Đã thay thế")


FROZEN_STATUSES = (CriteriaSetStatus.PUBLISHED, CriteriaSetStatus.RETIRED)


class Scoring(models.TextChoices):
    WEIGHTED = "weighted", _("Trung bình có trọng số (0–100)")
    POINTS = "points", _("Cộng điểm các tiêu chí (thang của phiên bản)")


class Ministry(models.TextChoices):
    """Who approves criteria: the ministry (MOST, which took over MIC) and, for RDX, also MoIT."""

    MOST = "most", _("Bộ Khoa học và Công nghệ")
    MOIT = "moit", _("Bộ Công Thương")


class CriteriaSetQuerySet(models.QuerySet):
    def published(self) -> CriteriaSetQuerySet:
        return self.filter(status=CriteriaSetStatus.PUBLISHED)

    def headings(self) -> CriteriaSetQuerySet:
        """Only what names a version in a list (programme, version, title): a set's scale, changes and
        comparisons are large JSON documents a list never shows."""
        return self.only("programme", "version", "title", "title_en", "status", "is_legacy", "is_trial")

    def current(self, programme: str) -> CriteriaSet | None:
        """The latest published version of a programme's criteria (legacy versions are kept for comparison,
        never offered for a new survey)."""
        return self.published().filter(programme=programme, is_legacy=False).order_by("-version").first()


class CriteriaSet(models.Model):
    """One version of a programme's criteria, with its level thresholds and per-pillar minimum rule.

    Level: the highest level whose total threshold is reached *and* whose pillar minimum every pillar
    reaches (a pillar may override the minimum). Sẵn sàng needs nothing.
    """

    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    version = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    title_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    description_en = models.TextField(_("mô tả tiếng Anh"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CriteriaSetStatus.choices, default=CriteriaSetStatus.DRAFT
    )
    growth_threshold = models.DecimalField(
        _("ngưỡng tổng điểm mức Tăng trưởng"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    breakthrough_threshold = models.DecimalField(
        _("ngưỡng tổng điểm mức Đột phá"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    growth_pillar_minimum = models.DecimalField(
        _("điểm tối thiểu mỗi trụ cột cho mức Tăng trưởng"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT,
    )
    breakthrough_pillar_minimum = models.DecimalField(
        _("điểm tối thiểu mỗi trụ cột cho mức Đột phá"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT,
    )
    source_file = models.CharField(_("tệp nguồn"), max_length=255, blank=True)
    source_decision = models.CharField(_("văn bản nguồn"), max_length=255, blank=True)
    source_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    source_annex = models.CharField(_("phụ lục / mục"), max_length=255, blank=True)
    source_note = models.TextField(_("ghi chú nguồn"), blank=True)
    provisional = models.JSONField(
        _("giá trị tạm thời (chưa được văn bản xác nhận)"), default=list, blank=True
    )
    is_trial = models.BooleanField(_("bộ tiêu chí thử nghiệm của cổng"), default=False)
    is_legacy = models.BooleanField(_("phiên bản cũ, giữ để so sánh"), default=False)
    scoring = models.CharField(
        _("cách tính điểm"), max_length=10, choices=Scoring.choices, default=Scoring.WEIGHTED
    )
    scale = models.JSONField(_("thang mức riêng của phiên bản"), default=dict, blank=True)
    changes = models.JSONField(_("những thay đổi so với phiên bản trước"), default=list, blank=True)
    comparisons = models.JSONField(_("đối chiếu câu hỏi với phiên bản khác"), default=list, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("rà soát lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    retired_at = models.DateTimeField(_("thay thế lúc"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["programme", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "version"], name="unique_criteria_set_version"),
            models.CheckConstraint(
                condition=models.Q(growth_threshold__lt=models.F("breakthrough_threshold")),
                name="criteria_set_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} v{self.version} ({self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        return self.status == CriteriaSetStatus.PUBLISHED

    @property
    def is_frozen(self) -> bool:
        """Published or retired: never changes again (its results keep pointing at it)."""
        return self.status in FROZEN_STATUSES

    @property
    def required_ministries(self) -> list[str]:
        """SMEdx's criteria are the ministry's; RDX's are agreed by both ministries (seed 001 II.1b)."""
        if self.programme == Programme.RDX:
            return [Ministry.MOST, Ministry.MOIT]
        return [Ministry.MOST]

    @property
    def source_label(self) -> str:
        parts = [self.source_decision]
        if self.source_date:
            parts.append(self.source_date.strftime("%d/%m/%Y"))
        if self.source_annex:
            parts.append(self.source_annex)
        return ", ".join(part for part in parts if part)

    @property
    def display_title(self) -> str:
        return _translated(self, "title")

    @property
    def display_description(self) -> str:
        return _translated(self, "description")

    def threshold(self, level: str) -> Decimal:
        return {
            Level.READY: Decimal("0"),
            Level.GROWTH: self.growth_threshold,
            Level.BREAKTHROUGH: self.breakthrough_threshold,
        }[level]


class CriteriaApproval(models.Model):
    """One ministry's approval of one criteria version (recorded once per ministry and per person).

    For RDX this record *is* the working group's decision on the criteria (seed 001 II.1b)."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="approvals")
    ministry = models.CharField(_("bộ phê duyệt"), max_length=8, choices=Ministry.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), auto_now_add=True)
    document = models.CharField(_("văn bản / biên bản"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("phê duyệt bộ tiêu chí")
        verbose_name_plural = _("phê duyệt bộ tiêu chí")
        ordering = ["criteria_set", "approved_at"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "ministry"], name="one_approval_per_ministry"),
            models.UniqueConstraint(fields=["criteria_set", "approved_by"], name="one_approval_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set} — {self.get_ministry_display()}"


class Pillar(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="pillars")
    code = models.SlugField(_("mã"), max_length=64)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    description_en = models.TextField(_("mô tả tiếng Anh"), blank=True)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=2, validators=POSITIVE)
    growth_minimum = models.DecimalField(
        _("điểm tối thiểu cho mức Tăng trưởng (riêng trụ cột này)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    breakthrough_minimum = models.DecimalField(
        _("điểm tối thiểu cho mức Đột phá (riêng trụ cột này)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    sub_indices = models.JSONField(_("chỉ số thành phần"), default=list, blank=True)

    class Meta:
        verbose_name = _("trụ cột")
        verbose_name_plural = _("trụ cột")
        ordering = ["criteria_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_pillar_code"),
            models.UniqueConstraint(fields=["criteria_set", "position"], name="unique_pillar_position"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return _translated(self, "name")

    @property
    def display_description(self) -> str:
        return _translated(self, "description")


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Chọn một")
    MULTIPLE = "multiple", _("Chọn nhiều")
    YES_NO = "yes_no", _("Có / Không")
    NUMBER = "number", _("Số")
    SCALE = "scale", _("Thang mức độ")
    TOOLS = "tools", _("Công cụ đang dùng cho một nghiệp vụ")


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.YES_NO, QuestionType.SCALE}


class Question(models.Model):
    """A question of a pillar. Its score is a share (0–1) of its best possible points.

    - single / yes_no / scale: the chosen option's points over the best option's points;
    - multiple: the chosen options' points added up, over the sum of all positive points (or `max_points`);
    - number: the points of the highest band (option with `min_value`) the answer reaches.
    `applies_to_kinds` / `applies_to_sectors` (empty = all) restrict it to some businesses; `show_if` shows
    it only when that option (of an earlier question) was chosen.
    """

    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("mã"), max_length=64)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    type = models.CharField(_("loại câu hỏi"), max_length=10, choices=QuestionType.choices)
    text = models.TextField(_("câu hỏi"))
    text_en = models.TextField(_("câu hỏi (tiếng Anh)"), blank=True)
    help_text = models.TextField(_("giải thích"), blank=True)
    help_text_en = models.TextField(_("giải thích (tiếng Anh)"), blank=True)
    area = models.CharField(_("lĩnh vực"), max_length=150, blank=True)
    area_en = models.CharField(_("lĩnh vực (tiếng Anh)"), max_length=150, blank=True)
    advice = models.TextField(_("bước tiếp theo nên làm"), blank=True)
    advice_en = models.TextField(_("bước tiếp theo (tiếng Anh)"), blank=True)
    weight = models.DecimalField(
        _("trọng số"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0: câu hỏi sàng lọc, được hỏi nhưng không tính điểm."),
    )
    required = models.BooleanField(_("bắt buộc"), default=True)
    max_points = models.DecimalField(
        _("điểm tối đa (câu chọn nhiều)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    number_min = models.DecimalField(
        _("giá trị nhỏ nhất"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("giá trị lớn nhất"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị"), max_length=30, blank=True)
    applies_to_kinds = models.JSONField(_("chỉ áp dụng cho loại hình"), default=list, blank=True)
    applies_to_sectors = models.JSONField(_("chỉ áp dụng cho ngành (mã)"), default=list, blank=True)
    show_if = models.ForeignKey(
        "Option",
        verbose_name=_("chỉ hiện khi đã chọn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dependent_questions",
    )
    group_codes = models.JSONField(_("nhóm nền tảng liên quan (mã)"), default=list, blank=True)
    sub_index = models.SlugField(_("chỉ số thành phần"), max_length=64, blank=True)
    provisional = models.BooleanField(_("tạm thời (chưa được văn bản xác nhận)"), default=False)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["pillar__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pillar", "position"], name="unique_question_position"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    @property
    def display_text(self) -> str:
        return _translated(self, "text")

    @property
    def display_help(self) -> str:
        return _translated(self, "help_text")

    @property
    def display_area(self) -> str:
        return _translated(self, "area") or self.display_text

    @property
    def display_advice(self) -> str:
        return _translated(self, "advice")


class OptionRole(models.TextChoices):
    ANSWER = "answer", _("Phương án / công cụ")
    LINK = "link", _("Mức kết nối dữ liệu giữa các công cụ")


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("mã"), max_length=64)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    label = models.CharField(_("nhãn"), max_length=255)
    label_en = models.CharField(_("nhãn tiếng Anh"), max_length=255, blank=True)
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2, default=Decimal("0"))
    min_value = models.DecimalField(
        _("từ giá trị (câu hỏi số)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    exclusive = models.BooleanField(
        _("loại trừ"), default=False, help_text=_("Câu chọn nhiều: không được chọn cùng lựa chọn khác.")
    )
    group_codes = models.JSONField(_("nhóm nền tảng tương ứng (mã)"), default=list, blank=True)
    role = models.CharField(_("vai trò"), max_length=8, choices=OptionRole.choices, default=OptionRole.ANSWER)

    class Meta:
        verbose_name = _("lựa chọn")
        verbose_name_plural = _("lựa chọn")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="unique_option_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def display_label(self) -> str:
        return _translated(self, "label")
