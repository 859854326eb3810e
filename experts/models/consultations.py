"""Consultations: a verified business asks for help, picks a proposed expert, they talk, it is closed and rated."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smedx_portal.taxonomy import PILLARS

PILLAR_CHOICES = [(code, label) for code, label in PILLARS.items()]


class Channel(models.TextChoices):
    PORTAL = "portal", _("Nhắn tin trên Cổng")
    PHONE = "phone", _("Điện thoại")
    VIDEO = "video", _("Họp trực tuyến")
    ONSITE = "onsite", _("Gặp trực tiếp")


class ConsultationStatus(models.TextChoices):
    AWAITING_CHOICE = "awaiting_choice", _("Chờ doanh nghiệp chọn chuyên gia")
    AWAITING_EXPERT = "awaiting_expert", _("Chờ chuyên gia nhận lời")
    ACTIVE = "active", _("Đang tư vấn")
    CLOSED = "closed", _("Đã kết thúc")


OPEN_STATUSES = (ConsultationStatus.AWAITING_EXPERT, ConsultationStatus.ACTIVE)


class Consultation(models.Model):
    business = models.ForeignKey(
        "businesses.Business",
        verbose_name=_("doanh nghiệp"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("chủ đề"), max_length=200)
    pillar = models.CharField(_("trụ cột cần hỗ trợ"), max_length=64, choices=PILLAR_CHOICES)
    description = models.TextField(_("mô tả nhu cầu"))
    channel = models.CharField(
        _("hình thức mong muốn"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.AWAITING_CHOICE,
        db_index=True,
    )
    # the expert currently asked (awaiting), consulting (active) or who consulted (closed)
    expert = models.ForeignKey(
        "experts.Expert",
        verbose_name=_("chuyên gia"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    accepted_at = models.DateTimeField(_("chuyên gia nhận lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("đánh giá"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("nhận xét"), blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yêu cầu tư vấn")
        verbose_name_plural = _("yêu cầu tư vấn")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expert", "status"]), models.Index(fields=["business", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="experts_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting_choice") | Q(status="closed") | Q(expert__isnull=False),
                name="experts_consultation_has_expert",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("experts:consultation", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != ConsultationStatus.CLOSED


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Chờ trả lời")
    ACCEPTED = "accepted", _("Đã nhận")
    DECLINED = "declined", _("Từ chối")
    EXPIRED = "expired", _("Quá hạn trả lời")
    WITHDRAWN = "withdrawn", _("Doanh nghiệp đã rút yêu cầu")


class Invitation(models.Model):
    """The business's pick of one proposed expert, who accepts or declines before `respond_by`."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitations")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="invitations")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    score = models.DecimalField(_("điểm phù hợp"), max_digits=6, decimal_places=2, default=0)
    reasons = models.JSONField(_("lý do đề xuất"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    respond_by = models.DateTimeField(_("hạn trả lời"), db_index=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("lý do từ chối"), blank=True)

    class Meta:
        verbose_name = _("lời mời tư vấn")
        verbose_name_plural = _("lời mời tư vấn")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "expert"], name="experts_invite_expert_once"),
            models.UniqueConstraint(
                fields=["consultation"], condition=Q(status="pending"), name="experts_one_pending_invitation"
            ),
        ]
        indexes = [models.Index(fields=["status", "respond_by"])]

    def __str__(self) -> str:
        return f"{self.consultation_id} → {self.expert_id} ({self.status})"


class Message(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tin nhắn tư vấn")
        verbose_name_plural = _("tin nhắn tư vấn")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.body[:40]}"
