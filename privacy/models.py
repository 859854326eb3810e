"""A person's requests about their data (Law 91/2025/QH15 Art. 4) and the register of data breaches."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    CORRECTION = "correction", _("Sửa thông tin")
    PHONE_CHANGE = "phone_change", _("Đổi số điện thoại (mất số cũ)")
    RESTRICTION = "restriction", _("Hạn chế xử lý")
    OBJECTION = "objection", _("Phản đối xử lý cho một mục đích")
    DELETION = "deletion", _("Xóa dữ liệu và tài khoản")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Đã nhận")
    ACKNOWLEDGED = "acknowledged", _("Đang xử lý")
    DONE = "done", _("Đã hoàn thành")
    REFUSED = "refused", _("Từ chối")


OPEN_STATUSES = [RequestStatus.RECEIVED, RequestStatus.ACKNOWLEDGED]


class DataRequestQuerySet(models.QuerySet):
    def open(self) -> DataRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now: datetime.datetime | None = None) -> DataRequestQuerySet:
        return self.open().filter(due_by__lt=now or timezone.now())


class DataRequest(models.Model):
    """A person's request about their data. Acknowledged within 2 working days, done within 15 days
    (Nghị định 356/2025/NĐ-CP); every staff step goes to the audit log with who, when and why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại yêu cầu"), max_length=16, choices=RequestKind.choices)
    purpose = models.CharField(_("mục đích"), max_length=32, blank=True)
    business = models.ForeignKey(
        "businesses.Business",
        verbose_name=_("doanh nghiệp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The officers of this province see the request (the business's province); none: ministry staff only.
    province = models.ForeignKey(
        "businesses.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.TextField(_("nội dung yêu cầu"), blank=True, max_length=2000)
    new_phone = models.CharField(_("số điện thoại mới"), max_length=16, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=14, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, db_index=True)
    acknowledge_by = models.DateTimeField(_("hạn xác nhận"))
    due_by = models.DateTimeField(_("hạn hoàn thành"), db_index=True)
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("kết quả / lý do"), blank=True)
    overdue_alerted_at = models.DateTimeField(_("đã cảnh báo quá hạn lúc"), null=True, blank=True)

    objects = DataRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu về dữ liệu cá nhân")
        verbose_name_plural = _("yêu cầu về dữ liệu cá nhân")
        ordering = ["due_by", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(status__in=["received", "acknowledged"]) | Q(kind="deletion", status="done"),
                name="one_open_request_per_kind_and_one_deletion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return self.is_open and self.due_by < (now or timezone.now())


class IncidentState(models.TextChoices):
    OPEN = "open", _("Đang xử lý, chưa thông báo")
    NOTIFIED = "notified", _("Đã thông báo cơ quan chức năng")
    CLOSED = "closed", _("Đã khắc phục, đóng")


class Incident(models.Model):
    """A personal-data breach: what, when found, whose data, and the 72-hour clock to notify the Ministry of
    Public Security (A05)."""

    title = models.CharField(_("sự cố"), max_length=200)
    description = models.TextField(_("mô tả, nguyên nhân, biện pháp"))
    found_at = models.DateTimeField(_("phát hiện lúc"), default=timezone.now)
    data_kinds = models.CharField(_("loại dữ liệu bị ảnh hưởng"), max_length=255)
    subjects = models.TextField(_("của ai (nhóm người, tỉnh, doanh nghiệp)"))
    subject_count = models.PositiveIntegerField(_("số người bị ảnh hưởng (ước tính)"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=IncidentState.choices, default=IncidentState.OPEN
    )
    notified_at = models.DateTimeField(_("thông báo cơ quan chức năng lúc"), null=True, blank=True)
    notification_reference = models.CharField(_("số/ký hiệu văn bản thông báo"), max_length=100, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự cố dữ liệu cá nhân")
        verbose_name_plural = _("sổ sự cố dữ liệu cá nhân")
        ordering = ["-found_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def notify_by(self) -> datetime.datetime:
        return self.found_at + datetime.timedelta(hours=settings.INCIDENT_NOTIFY_HOURS)

    def clock(self, now: datetime.datetime | None = None) -> str:
        """'on_time' / 'late' once notified; 'running' / 'overdue' before."""
        if self.notified_at:
            return "on_time" if self.notified_at <= self.notify_by else "late"
        return "running" if (now or timezone.now()) <= self.notify_by else "overdue"
