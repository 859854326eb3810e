"""Provider organisations, their platforms and the documents of their dossiers."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from businesses.validators import validate_organisation_tax_code


class Provider(models.Model):
    """A provider organisation, registered by a provider account (its owner)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản quản lý"),
        on_delete=models.PROTECT,
        related_name="provider",
    )
    name = models.CharField(_("tên tổ chức"), max_length=255)
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_organisation_tax_code],
    )
    website = models.URLField(_("trang web"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=150)
    contact_phone = models.CharField(
        _("điện thoại liên hệ"),
        max_length=16,
        help_text=_("Nhận tin nhắn khi có doanh nghiệp đăng ký sử dụng."),
    )
    contact_email = models.EmailField(_("email liên hệ"), blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhà cung cấp")
        verbose_name_plural = _("nhà cung cấp")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _logo_upload_to(instance: Platform, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"platforms/logos/{uuid.uuid4().hex}.{extension}"


def _document_upload_to(instance: Document, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"platforms/documents/{instance.platform.provider_id}/{uuid.uuid4().hex}.{extension}"


class PlatformQuerySet(models.QuerySet):
    def owned_by(self, user) -> PlatformQuerySet:
        return self.filter(provider__owner=user) if getattr(user, "is_authenticated", False) else self.none()

    def selected(self) -> PlatformQuerySet:
        """Platforms shown in the catalogue as selected or complementary (for pickers in other apps, which reach
        this model through their foreign key rather than by importing the catalogue)."""
        from platforms.models.listings import Listing

        return self.filter(
            models.Exists(Listing.objects.public().filter(platform=models.OuterRef("pk")))
        ).order_by("name")


class Platform(models.Model):
    """A digital platform of a provider. It appears publicly through its selected/complementary listings."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("nhà cung cấp"), on_delete=models.PROTECT, related_name="platforms"
    )
    name = models.CharField(_("tên nền tảng"), max_length=200)
    search_key = models.CharField(max_length=600, editable=False, db_index=True)
    short_description = models.CharField(_("mô tả ngắn"), max_length=300)
    description = models.TextField(_("giới thiệu chi tiết"), blank=True)
    logo = models.FileField(_("logo (PNG/JPEG)"), upload_to=_logo_upload_to, blank=True)
    website = models.URLField(_("trang web"), blank=True)
    features = models.TextField(_("tính năng chính"), blank=True, help_text=_("Mỗi dòng một tính năng."))
    pricing = models.TextField(_("bảng giá"), blank=True)
    # Denormalised, kept current by the usage services: the catalogue sorts and shows it without counting.
    usage_count = models.PositiveIntegerField(_("số đơn vị đang sử dụng"), default=0, editable=False)
    # The latest certificate (core machinery); `certified` filters check its status and validity.
    certificate = models.ForeignKey(
        "core.Certificate",
        verbose_name=_("chứng nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("nền tảng số")
        verbose_name_plural = _("nền tảng số")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("platforms:detail", kwargs={"pk": self.pk})

    def feature_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.features.splitlines() if line.strip(" -•\t")]

    @property
    def is_certified(self) -> bool:
        return self.certificate is not None and self.certificate.is_valid


class DocumentKind(models.TextChoices):
    LEGAL = "legal", _("Giấy chứng nhận đăng ký doanh nghiệp")
    TECHNICAL = "technical", _("Hồ sơ kỹ thuật của nền tảng")
    SECURITY = "security", _("Tài liệu an toàn thông tin")
    OFFER = "offer", _("Chính sách ưu đãi, hậu mãi")
    COMMITMENT = "commitment", _("Văn bản cam kết với Chương trình")
    OTHER = "other", _("Tài liệu khác")


class Document(models.Model):
    """A document of a platform's dossier (PDF/PNG/JPEG), stored under MEDIA_ROOT and served only to staff and the
    owner. Applications link documents, so an RDX fast-track application reuses the SMEdx ones."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        _("loại tài liệu"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    title = models.CharField(_("tên tài liệu"), max_length=200)
    file = models.FileField(_("tệp"), upload_to=_document_upload_to)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("platforms:document", kwargs={"pk": self.pk})
