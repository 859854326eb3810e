"""What every app shares: the audit log of staff decisions and certificates."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smedx_portal.audit_labels import action_label
from smedx_portal.erased import ErasedPhone, ErasedReach  # noqa: F401 - what a deletion keeps, counted by reports
from smedx_portal.phases import PhaseKind, ProgrammePhase  # noqa: F401 - the phase model lives beside its check


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
        when = timezone.localtime(self.created_at)  # Vietnam time, like every date the admin shows
        return f"{when:%d/%m/%Y %H:%M} {action_label(self.action)} {self.content_type.model}#{self.object_id}"


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
    holder_notified_at = models.DateTimeField(_("đã báo cho người được cấp lúc"), null=True, blank=True)

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


# --- the data-sharing API (smedx_portal.api): keys, call log, webhooks, reported usage figures ---------------
class ApiKeyQuerySet(models.QuerySet):
    def for_owner(self, owner: models.Model) -> "ApiKeyQuerySet":
        return self.filter(
            owner_content_type=ContentType.objects.get_for_model(owner), owner_object_id=str(owner.pk)
        )


class ApiKey(models.Model):
    """A key for a provider organisation (owner) or a partner system (no owner, a name).

    The key itself (`smx_<prefix>_<secret>`) is shown once when issued; only its prefix and SHA-256 are kept.
    Issued, changed and revoked through `smedx_portal.api.keys`, which writes the audit log.
    """

    name = models.CharField(_("tên hệ thống / mục đích"), max_length=150)
    prefix = models.CharField(_("tiền tố"), max_length=8, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("phạm vi quyền"), default=list)
    owner_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_object_id = models.CharField(max_length=64, blank=True)
    owner = GenericForeignKey("owner_content_type", "owner_object_id")
    throttle_rate = models.CharField(
        _("giới hạn tần suất"), max_length=20, blank=True, help_text=_("Ví dụ 600/min; để trống: mặc định.")
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối lúc"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner_content_type", "owner_object_id"])]

    def __str__(self) -> str:
        return f"{self.name} (smx_{self.prefix}_…)"

    def is_expired(self, now=None) -> bool:
        from django.utils import timezone

        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired()


class ApiCall(models.Model):
    """One call to /api/v1/: which key, which endpoint, the answer's status and time. Purged after
    API_LOG_RETENTION_DAYS by a beat task."""

    created_at = models.DateTimeField(_("thời điểm"), db_index=True)
    key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls")
    key_prefix = models.CharField(_("tiền tố khóa"), max_length=8, blank=True)
    method = models.CharField(max_length=8)
    endpoint = models.CharField(_("điểm cuối"), max_length=200)
    path = models.CharField(max_length=255)
    status_code = models.PositiveSmallIntegerField(_("mã trạng thái"))
    duration_ms = models.PositiveIntegerField(_("thời gian xử lý (ms)"))
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt gọi API")
        verbose_name_plural = _("nhật ký gọi API")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["key", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M:%S} {self.method} {self.path} {self.status_code}"


class WebhookEndpoint(models.Model):
    """Where an owner (a provider organisation) receives events; one per owner, signed with its secret."""

    owner_content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("owner_content_type", "owner_object_id")
    url = models.URLField(_("địa chỉ nhận (HTTPS)"), max_length=500)
    secret = models.CharField(_("khóa ký"), max_length=80, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("địa chỉ nhận sự kiện (webhook)")
        verbose_name_plural = _("địa chỉ nhận sự kiện (webhook)")
        constraints = [
            models.UniqueConstraint(
                fields=["owner_content_type", "owner_object_id"], name="webhook_one_per_owner"
            )
        ]

    def __str__(self) -> str:
        return self.url


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ gửi")
    RETRYING = "retrying", _("Đang thử lại")
    SUCCEEDED = "succeeded", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")


class WebhookDelivery(models.Model):
    """One event for one endpoint. The body is fixed when the event happens; each attempt signs it anew."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(unique=True, editable=False)
    event = models.CharField(_("sự kiện"), max_length=64)
    body = models.TextField(_("nội dung"))
    # What the event is about ("platforms.usageregistration:12"): a deletion finds and scrubs its deliveries.
    subject_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=WebhookDeliveryStatus.choices,
        default=WebhookDeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    series_attempts = models.PositiveSmallIntegerField(
        _("số lần gửi trong đợt hiện tại"), default=0, help_text=_("Về 0 khi cán bộ bấm gửi lại.")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    last_attempt_at = models.DateTimeField(_("gửi lần cuối lúc"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("đã nhận lúc"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("mã trả về"), null=True, blank=True)
    last_error = models.CharField(_("lỗi"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("lượt gửi sự kiện")
        verbose_name_plural = _("nhật ký gửi sự kiện")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id}"


class WebhookAttempt(models.Model):
    """One HTTP attempt of a delivery: the delivery log staff and providers read."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("lần"))
    attempted_at = models.DateTimeField(_("thời điểm"))
    url = models.URLField(max_length=500)
    status_code = models.PositiveSmallIntegerField(_("mã trả về"), null=True, blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    response_excerpt = models.CharField(_("trích phản hồi"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"), default=0)

    class Meta:
        verbose_name = _("lần gửi")
        verbose_name_plural = _("các lần gửi")
        ordering = ["delivery", "number", "id"]

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error}"


class UsageFigures(models.Model):
    """Usage figures a provider reports through the API for one of its platforms (the subject) and a period.

    A generic subject, so the core does not import the catalogue; reporting the same period again replaces it.
    """

    subject_content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_content_type", "subject_object_id")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    active_businesses = models.PositiveIntegerField(_("số đơn vị đang sử dụng"))
    new_businesses = models.PositiveIntegerField(_("số đơn vị mới kích hoạt"), default=0)
    smedx_businesses = models.PositiveIntegerField(_("trong đó thuộc SMEdx"), null=True, blank=True)
    rdx_businesses = models.PositiveIntegerField(_("trong đó thuộc RDX"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    reported_by_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("báo cáo lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu sử dụng do nhà cung cấp báo cáo")
        verbose_name_plural = _("số liệu sử dụng do nhà cung cấp báo cáo")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_content_type", "subject_object_id", "period_start", "period_end"],
                name="usage_figures_one_per_subject_and_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="usage_figures_period_order",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.subject_content_type_id}#{self.subject_object_id} {self.period_start}–{self.period_end}"
        )


# --- personal data: who at the ministry or a province looked at a person's record (smedx_portal.personal) ---
class AccessKind(models.TextChoices):
    VIEW = "view", _("Xem hồ sơ")
    EXPORT = "export", _("Xuất dữ liệu")


class PersonalDataAccess(models.Model):
    """A staff view of a person's or a business's record, or an export containing personal data."""

    accessed_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xem"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=AccessKind.choices, default=AccessKind.VIEW)
    what = models.CharField(_("nội dung"), max_length=200)
    count = models.PositiveIntegerField(_("số bản ghi"), null=True, blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-accessed_at"])]

    def __str__(self) -> str:
        return f"{self.accessed_at:%d/%m/%Y %H:%M} {self.viewer_id} {self.what}"
