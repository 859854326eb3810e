"""Agreements between the programme and a selected platform (QĐ 377 II.1c, QĐ 1459 II.4c): versioned terms of
rights and obligations, the platform's offers attached, the provider's acceptance (its legal representative's
account or a signed PDF), dates, renewal and status.

A platform is shown as selected in the catalogue only while an agreement of its programme is in force: signed
and current, or awaiting signature within a grace period staff set (`Listing.objects.public()`).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platforms.models.providers import Platform
from platforms.models.usage import Offer
from smedx_portal.programmes import Programme


class AgreementTermsQuerySet(models.QuerySet):
    def latest_for(self, programme: str) -> AgreementTerms | None:
        return self.filter(programme=programme).order_by("-version").first()


class AgreementTerms(models.Model):
    """One version of the terms template of a programme. Agreements keep the version they were sent with."""

    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    title = models.CharField(_("tên văn bản"), max_length=255)
    rights = models.TextField(_("quyền lợi"), help_text=_("Mỗi dòng một quyền lợi."))
    obligations = models.TextField(_("nghĩa vụ"), help_text=_("Mỗi dòng một nghĩa vụ."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementTermsQuerySet.as_manager()

    class Meta:
        verbose_name = _("mẫu thỏa thuận")
        verbose_name_plural = _("mẫu thỏa thuận")
        ordering = ["programme", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "version"], name="agreement_terms_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def right_list(self) -> list[str]:
        return [line.strip() for line in self.rights.splitlines() if line.strip()]

    def obligation_list(self) -> list[str]:
        return [line.strip() for line in self.obligations.splitlines() if line.strip()]


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SENT = "sent", _("Chờ ký")
    SIGNED = "signed", _("Đã ký")
    EXPIRED = "expired", _("Hết hạn")
    TERMINATED = "terminated", _("Đã chấm dứt")


PENDING_AGREEMENT_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.SENT)


class SignatureMethod(models.TextChoices):
    ACCOUNT = "account", _("Chấp thuận bằng tài khoản người đại diện")
    UPLOAD = "upload", _("Bản ký số / ký tay tải lên (PDF)")


def _signed_upload_to(instance: Agreement, filename: str) -> str:
    return f"platforms/agreements/{instance.platform_id}/{uuid.uuid4().hex}.pdf"


class AgreementQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None) -> AgreementQuerySet:
        """Signed and current on that day, or awaiting signature within its grace period."""
        today = on or timezone.localdate()
        return self.filter(
            Q(status=AgreementStatus.SIGNED, starts_on__lte=today, ends_on__gte=today)
            | Q(status=AgreementStatus.SENT, grace_until__gte=today)
        )


class Agreement(models.Model):
    platform = models.ForeignKey(
        Platform, verbose_name=_("nền tảng"), on_delete=models.PROTECT, related_name="agreements"
    )
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    terms = models.ForeignKey(
        AgreementTerms, verbose_name=_("mẫu thỏa thuận"), on_delete=models.PROTECT, related_name="agreements"
    )
    offers = models.ManyToManyField(Offer, verbose_name=_("ưu đãi kèm theo"), blank=True, related_name="+")
    offers_text = models.TextField(_("ưu đãi cam kết (bản ghi lúc gửi)"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )
    starts_on = models.DateField(_("hiệu lực từ"))
    ends_on = models.DateField(_("hiệu lực đến"))
    grace_until = models.DateField(
        _("vẫn hiển thị khi chờ ký đến"),
        null=True,
        blank=True,
        help_text=_("Chỉ cho nền tảng được lựa chọn trước khi có thỏa thuận."),
    )
    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("gia hạn từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signature_method = models.CharField(
        _("hình thức chấp thuận"), max_length=8, choices=SignatureMethod.choices, blank=True
    )
    signed_file = models.FileField(_("bản đã ký (PDF)"), upload_to=_signed_upload_to, blank=True)
    status_reason = models.TextField(_("lý do"), blank=True)
    expiry_warned_at = models.DateTimeField(_("đã báo sắp hết hạn lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["expiry_warned_at"])

    class Meta:
        verbose_name = _("thỏa thuận tham gia")
        verbose_name_plural = _("thỏa thuận tham gia")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "programme"],
                condition=Q(status__in=["draft", "sent"]),
                name="agreement_one_pending_per_platform_and_programme",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="agreement_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["platform", "programme", "status"])]

    def __str__(self) -> str:
        return f"{self.platform} — {self.get_programme_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("platforms:agreement", kwargs={"pk": self.pk})
