"""What every app shares: the audit log of staff decisions and certificates."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One staff (or system) decision: who, when, what, why. Written only by `services.audit_log`."""

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("hành động"), max_length=64)
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký quyết định")
        verbose_name_plural = _("nhật ký quyết định")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.content_type.model}#{self.object_id}"


class CertificateKind(models.TextChoices):
    PLATFORM = "platform", _("Nền tảng số")
    EXPERT = "expert", _("Chuyên gia tư vấn")
    BUSINESS_LEVEL = "business_level", _("Mức độ chuyển đổi số của doanh nghiệp")
    EVENT = "event", _("Tham dự sự kiện, đào tạo")


CERTIFICATE_PREFIXES = {
    CertificateKind.PLATFORM: "NT",
    CertificateKind.EXPERT: "CG",
    CertificateKind.BUSINESS_LEVEL: "DN",
    CertificateKind.EVENT: "SK",
}


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    REVOKED = "revoked", _("Đã thu hồi")


class CertificateCounter(models.Model):
    """The last number issued per kind and year; locked while a number is taken, so numbers never repeat."""

    kind = models.CharField(max_length=20, choices=CertificateKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="unique_certificate_counter")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class Certificate(models.Model):
    """A certificate for a platform, an expert, a business's DX level or an event attendance.

    One implementation for every app: the subject is any model row. The stored `status` is what staff decided
    (active / suspended / revoked); `effective_status` adds expiry, so an expired certificate shows as
    expired everywhere without a job having to flip it.
    """

    number = models.CharField(_("số chứng nhận"), max_length=32, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=CertificateKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    holder_name = models.CharField(_("đơn vị/cá nhân được chứng nhận"), max_length=255)
    title = models.CharField(_("nội dung chứng nhận"), max_length=255)
    scope = models.TextField(_("phạm vi"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.ACTIVE
    )
    status_reason = models.TextField(_("lý do"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="certificates/%Y/", blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chứng nhận")
        verbose_name_plural = _("chứng nhận")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.number} — {self.holder_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("certificate_verify", kwargs={"number": self.number})

    def is_expired(self, on=None) -> bool:
        from django.utils import timezone

        today = on or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    @property
    def effective_status(self) -> str:
        if self.status == CertificateStatus.ACTIVE and self.is_expired():
            return CertificateStatus.EXPIRED
        return self.status

    @property
    def is_valid(self) -> bool:
        return self.effective_status == CertificateStatus.ACTIVE

    def get_effective_status_display(self) -> str:
        return CertificateStatus(self.effective_status).label

