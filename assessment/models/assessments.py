"""The survey's drafts and submitted assessments, their answers and the officers' verification of a result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessment.models.criteria import CriteriaSet, Pillar, Question
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang làm")
    SUBMITTED = "submitted", _("Đã nộp")


class Channel(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    ENUMERATOR = "enumerator", _("Cán bộ điều tra nhập hộ")


class AssessmentQuerySet(models.QuerySet):
    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=AssessmentStatus.SUBMITTED)

    def drafts(self) -> AssessmentQuerySet:
        return self.filter(status=AssessmentStatus.DRAFT)

    def for_province(self, province) -> AssessmentQuerySet:
        return self.filter(business__province=province)


class Assessment(models.Model):
    """One business taking one criteria set. At most one draft per business and set (a second device
    or a double click reuses it); submitted assessments are immutable and kept forever."""

    business = models.ForeignKey("businesses.Business", on_delete=models.CASCADE, related_name="assessments")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="assessments")
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    channel = models.CharField(_("kênh"), max_length=12, choices=Channel.choices, default=Channel.SELF)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_pillar = models.ForeignKey(
        Pillar, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_score = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.CharField(_("mức độ"), max_length=16, choices=Level.choices, blank=True)
    pillar_scores = models.JSONField(_("điểm theo trụ cột"), default=dict, blank=True)
    points = models.DecimalField(
        _("tổng điểm theo thang của phiên bản"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    scale_value = models.PositiveSmallIntegerField(_("mức theo thang của phiên bản"), null=True, blank=True)
    created_at = models.DateTimeField(_("bắt đầu lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True, db_index=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài đánh giá")
        verbose_name_plural = _("bài đánh giá")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "criteria_set"],
                condition=models.Q(status="draft"),
                name="one_draft_per_business_and_set",
            ),
        ]
        indexes = [models.Index(fields=["business", "programme", "status", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.business} — {self.criteria_set} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class Answer(models.Model):
    """An answer. Chosen options are kept as a list of option ids (one upsert per page saved)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option_ids = models.JSONField(default=list, blank=True)
    number_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="unique_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.question_id}"


class VerificationStatus(models.TextChoices):
    VERIFIED = "verified", _("Đã xác nhận")
    REJECTED = "rejected", _("Không xác nhận")


class ResultVerification(models.Model):
    """A province officer's or ministry staff's decision on a submitted result (the basis of a certificate)."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="verification")
    status = models.CharField(_("kết quả xác nhận"), max_length=10, choices=VerificationStatus.choices)
    reason = models.TextField(_("ghi chú / lý do"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("xác nhận lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xác nhận kết quả")
        verbose_name_plural = _("xác nhận kết quả")

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.get_status_display()}"
