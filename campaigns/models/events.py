"""Workshops, training courses and webinars; registrations with a waiting list; attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smedx_portal.programmes import Programme


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Hội thảo")
    TRAINING = "training", _("Tập huấn, đào tạo")
    WEBINAR = "webinar", _("Hội thảo trực tuyến")


class Organiser(models.TextChoices):
    MINISTRY = "ministry", _("Bộ tổ chức")
    PROVINCE = "province", _("Địa phương tổ chức")
    PROVIDER = "provider", _("Doanh nghiệp nền tảng tổ chức")
    PARTNER = "partner", _("Hiệp hội, đối tác tổ chức")


class Region(models.TextChoices):
    NORTH = "north", _("Miền Bắc")
    CENTRE = "centre", _("Miền Trung")
    SOUTH = "south", _("Miền Nam")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PROPOSED = "proposed", _("Chờ Ban quản lý duyệt")
    RETURNED = "returned", _("Trả lại để bổ sung")
    PUBLISHED = "published", _("Đã công bố")
    CANCELLED = "cancelled", _("Đã hủy")


class EventQuerySet(models.QuerySet):
    def public(self) -> EventQuerySet:
        return self.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now())

    def past(self) -> EventQuerySet:
        return self.filter(ends_at__lt=timezone.now())


class Event(models.Model):
    title = models.CharField(_("tên sự kiện"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, allow_unicode=False)
    kind = models.CharField(_("loại"), max_length=10, choices=EventKind.choices, default=EventKind.WORKSHOP)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=10, choices=Organiser.choices)
    organiser_name = models.CharField(_("tên đơn vị tổ chức"), max_length=255, blank=True)
    programme = models.CharField(
        _("chương trình"),
        max_length=8,
        choices=Programme.choices,
        blank=True,
        help_text=_("Để trống: cả hai."),
    )
    region = models.CharField(_("khu vực"), max_length=8, choices=Region.choices, blank=True)
    province = models.ForeignKey(
        "businesses.Province",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    online_url = models.URLField(_("đường dẫn trực tuyến"), blank=True)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    registration_closes_at = models.DateTimeField(_("hạn đăng ký"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("số chỗ"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    is_regional_workshop = models.BooleanField(
        _("hội thảo khu vực của Chương trình"),
        default=False,
        help_text=_("Một trong ba hội thảo khu vực Bắc, Trung, Nam hằng năm (QĐ 377 II.5a)."),
    )
    review_note = models.TextField(_("ý kiến của Ban quản lý"), blank=True)
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reminders_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện, khóa đào tạo")
        verbose_name_plural = _("sự kiện, khóa đào tạo")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("campaigns:event_detail", kwargs={"slug": self.slug})

    @property
    def is_open_for_registration(self) -> bool:
        now = timezone.now()
        closes = self.registration_closes_at or self.starts_at
        return self.status == EventStatus.PUBLISHED and now < closes


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    WAITLISTED = "waitlisted", _("Danh sách chờ")
    CANCELLED = "cancelled", _("Đã hủy")
    ATTENDED = "attended", _("Đã tham dự")


SEAT_HOLDING = [RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED]


class EventRegistration(models.Model):
    """A business's representative registered for an event. One live registration per person and event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    business = models.ForeignKey(
        "businesses.Business", verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE, related_name="+"
    )
    attendee_name = models.CharField(_("họ tên người tham dự"), max_length=150)
    attendee_phone = models.CharField(_("số điện thoại"), max_length=16)
    status = models.CharField(_("trạng thái"), max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("được chuyển từ danh sách chờ lúc"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    certificate = models.OneToOneField(
        "core.Certificate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đăng ký tham dự")
        verbose_name_plural = _("đăng ký tham dự")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.attendee_name} — {self.event}"
