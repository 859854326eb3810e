"""Policy consultations (seed 000 III.2.8b, seed 001 III: providers "góp ý, phản biện" the programme's policies;
associations are encouraged to take part, III.2.9). Staff open a consultation on a draft (a document and
questions) for a while; providers and associations comment on each question; staff answer each comment; the
published summary makes the consultation, the summary and the answered comments public."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme


class ConsultationState(models.TextChoices):
    UPCOMING = "upcoming", _("Sắp mở")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã hết hạn góp ý, đang tổng hợp")
    PUBLISHED = "published", _("Đã công bố tổng hợp")


class ConsultationQuerySet(models.QuerySet):
    def published(self) -> ConsultationQuerySet:
        return self.filter(summary_published_at__isnull=False)

    def started(self) -> ConsultationQuerySet:
        """Open, closed or published: what providers and associations see (not one still to open)."""
        return self.filter(opens_on__lte=timezone.localdate())

    def open(self) -> ConsultationQuerySet:
        today = timezone.localdate()
        return self.filter(opens_on__lte=today, closes_on__gte=today, summary_published_at__isnull=True)


class Consultation(models.Model):
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    title = models.CharField(_("tên dự thảo"), max_length=255)
    description = models.TextField(_("giới thiệu"), blank=True)
    document = models.FileField(_("dự thảo (PDF)"), upload_to="consultations/%Y/")
    opens_on = models.DateField(_("mở góp ý từ ngày"))
    closes_on = models.DateField(_("hạn góp ý"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mở"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    summary = models.TextField(_("tổng hợp ý kiến"), blank=True)
    summary_published_at = models.DateTimeField(_("công bố tổng hợp lúc"), null=True, blank=True)
    summary_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt lấy ý kiến chính sách")
        verbose_name_plural = _("đợt lấy ý kiến chính sách")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:consultation_detail", kwargs={"pk": self.pk})

    @property
    def state(self) -> str:
        today = timezone.localdate()
        if self.summary_published_at is not None:
            return ConsultationState.PUBLISHED
        if today < self.opens_on:
            return ConsultationState.UPCOMING
        return ConsultationState.OPEN if today <= self.closes_on else ConsultationState.CLOSED

    def get_state_display(self) -> str:
        return ConsultationState(self.state).label


class ConsultationQuestion(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("câu hỏi"))

    class Meta:
        verbose_name = _("câu hỏi lấy ý kiến")
        verbose_name_plural = _("câu hỏi lấy ý kiến")
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "position"], name="one_question_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"


class PolicyComment(models.Model):
    """One provider's or association's comment on one question (one each: a second is refused), and the
    staff's answer."""

    question = models.ForeignKey(ConsultationQuestion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người góp ý"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.CharField(_("đơn vị góp ý"), max_length=255)
    body = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    answer = models.TextField(_("trả lời của Ban điều hành"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("ý kiến góp ý chính sách")
        verbose_name_plural = _("ý kiến góp ý chính sách")
        ordering = ["question__position", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "author"], name="one_comment_per_question_and_author")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.body[:60]}"
