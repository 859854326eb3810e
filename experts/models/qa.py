"""Public questions and answers, with moderation and reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smedx_portal.programmes import Programme


class QuestionTopic(models.TextChoices):
    PARTICIPATION = "participation", _("Tham gia Chương trình")
    PLATFORMS = "platforms", _("Lựa chọn và sử dụng nền tảng số")
    ASSESSMENT = "assessment", _("Đánh giá mức độ chuyển đổi số")
    STRATEGY = "strategy", _("Chiến lược, kế hoạch chuyển đổi số")
    SALES = "sales", _("Bán hàng, thương mại điện tử")
    OPERATIONS = "operations", _("Quản trị, vận hành, kế toán")
    DATA_SECURITY = "data_security", _("Dữ liệu và an toàn thông tin")
    SUPPORT_POLICY = "support_policy", _("Chính sách hỗ trợ, ưu đãi")
    OTHER = "other", _("Khác")


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã đăng")
    HIDDEN = "hidden", _("Đã ẩn")


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PostStatus.PUBLISHED)

    def visible_to(self, user):
        """Staff see everything; others see what is published plus their own pending posts."""
        from accounts.permissions import is_ministry_staff

        if is_ministry_staff(user):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(Q(status=PostStatus.PUBLISHED) | Q(status=PostStatus.PENDING, author=user))
        return self.published()


class Post(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người viết"), on_delete=models.PROTECT
    )
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PostStatus.choices, default=PostStatus.PENDING, db_index=True
    )
    hidden_reason = models.TextField(_("lý do ẩn"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("đăng lúc"), auto_now_add=True)
    published_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        abstract = True


class Question(Post):
    title = models.CharField(_("tiêu đề"), max_length=200)
    topic = models.CharField(
        _("chủ đề"), max_length=20, choices=QuestionTopic.choices, default=QuestionTopic.OTHER
    )
    programme = models.CharField(
        _("chương trình"),
        max_length=8,
        choices=Programme.choices,
        blank=True,
        help_text=_("Để trống nếu chung."),
    )
    accepted_answer = models.ForeignKey(
        "experts.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer_count = models.PositiveIntegerField(_("số câu trả lời"), default=0)
    is_faq = models.BooleanField(_("câu hỏi thường gặp"), default=False, db_index=True)
    # search_key of the title, the question and its published answers: accent-insensitive search
    search_document = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_document", "answer_count"])

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"]), models.Index(fields=["is_faq", "topic"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experts:question", kwargs={"pk": self.pk})


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("experts:question", kwargs={"pk": self.question_id}) + f"#answer-{self.pk}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Chờ xử lý")
    RESOLVED = "resolved", _("Đã xử lý")


class ContentReport(models.Model):
    """A user's report of a question or an answer, for staff to look at."""

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("lý do báo cáo"))
    about_platform = models.ForeignKey(
        "platforms.Platform",
        verbose_name=_("nền tảng được phản ánh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="content_reports",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo vi phạm")
        verbose_name_plural = _("báo cáo vi phạm")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, answer__isnull=True)
                | Q(question__isnull=True, answer__isnull=False),
                name="experts_report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "question"],
                condition=Q(answer__isnull=True),
                name="experts_report_question_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "answer"],
                condition=Q(answer__isnull=False),
                name="experts_report_answer_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} — {self.reason[:40]}"

    @property
    def target(self):
        return self.question or self.answer
