"""News, guides, success stories, policy documents, and the handbook's chapters."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smedx_portal.programmes import Programme


class ArticleKind(models.TextChoices):
    NEWS = "news", _("Tin tức")
    GUIDE = "guide", _("Hướng dẫn")
    STORY = "story", _("Câu chuyện thành công")
    POLICY = "policy", _("Văn bản chính sách")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SCHEDULED = "scheduled", _("Hẹn giờ đăng")
    PUBLISHED = "published", _("Đã đăng")


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None) -> ArticleQuerySet:
        """Visible to the public: published, or scheduled and due (no job needed for the page to show it)."""
        now = now or timezone.now()
        return self.filter(
            Q(status=ArticleStatus.PUBLISHED) | Q(status=ArticleStatus.SCHEDULED), publish_at__lte=now
        )

    def for_programme(self, programme: str) -> ArticleQuerySet:
        field = "for_rdx" if programme == Programme.RDX else "for_smedx"
        return self.filter(**{field: True})


class Article(models.Model):
    kind = models.CharField(
        _("loại bài"), max_length=8, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=150, unique=True)
    summary = models.CharField(
        _("tóm tắt"), max_length=400, help_text=_("Hiện khi chia sẻ lên Zalo, Facebook.")
    )
    body = models.TextField(_("nội dung (HTML)"), help_text=_("Chỉ giữ các thẻ định dạng an toàn."))
    image = models.ImageField(_("ảnh đại diện"), upload_to="articles/%Y/", blank=True)
    for_smedx = models.BooleanField(_("SMEdx"), default=True)
    for_rdx = models.BooleanField(_("RDX"), default=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    search_key = models.TextField(editable=False, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "-publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False),
                name="article_publish_at_when_not_draft",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("campaigns:article_detail", kwargs={"slug": self.slug})

    @property
    def programmes(self) -> list[str]:
        return [
            code
            for code, tagged in ((Programme.SMEDX, self.for_smedx), (Programme.RDX, self.for_rdx))
            if tagged
        ]


class ArticleAttachment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(
        _("tệp"),
        upload_to="articles/files/%Y/",
        validators=[FileExtensionValidator(["pdf", "docx", "doc", "xlsx", "xls", "zip"])],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class HandbookChapter(models.Model):
    """A chapter of a programme's handbook (seed 000 II.6a: SMEdx; seed 001 II.9: retail DX handbook)."""

    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=150)
    summary = models.CharField(_("tóm tắt"), max_length=400, blank=True)
    body = models.TextField(_("nội dung (HTML)"))
    is_published = models.BooleanField(_("đã đăng"), default=False)
    search_key = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chương cẩm nang")
        verbose_name_plural = _("cẩm nang chuyển đổi số")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="unique_handbook_slug"),
            models.UniqueConstraint(fields=["programme", "position"], name="unique_handbook_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "campaigns:handbook_chapter", kwargs={"programme": self.programme.lower(), "slug": self.slug}
        )
