"""SMS campaigns, the messages they send (one row per recipient) and opt-outs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CampaignKind(models.TextChoices):
    INFO = "info", _("Thông tin Chương trình")
    PROMO = "promo", _("Quảng cáo (ưu đãi của nền tảng)")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING_APPROVAL = "pending", _("Chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    SCHEDULED = "scheduled", _("Đã hẹn giờ gửi")
    SENDING = "sending", _("Đang gửi")
    PAUSED = "paused", _("Tạm dừng")
    COMPLETED = "completed", _("Đã gửi xong")
    CANCELLED = "cancelled", _("Đã hủy")


EDITABLE_STATUSES = {CampaignStatus.DRAFT, CampaignStatus.PENDING_APPROVAL, CampaignStatus.APPROVED}


class SmsCampaignQuerySet(models.QuerySet):
    def for_province(self, province_id: int) -> SmsCampaignQuerySet:
        return self.filter(province_id=province_id)


class SmsCampaign(models.Model):
    """A message to a segment of businesses' representatives.

    The segment is a JSON of criteria (see `campaigns.segments.Segment`) plus `province`, a real column so a
    province officer's campaigns are scoped like every other province-owned row. The fields below
    `finished_at` belong to the sending machinery and are written with `update()` (no history rows).
    """

    title = models.CharField(_("tên chiến dịch"), max_length=200)
    kind = models.CharField(
        _("loại tin"), max_length=8, choices=CampaignKind.choices, default=CampaignKind.INFO
    )
    text = models.TextField(_("nội dung tin nhắn"), max_length=1000)
    strip_accents = models.BooleanField(
        _("gửi không dấu"), default=False, help_text=_("Tin không dấu dài 160 ký tự một tin thay vì 70.")
    )
    province = models.ForeignKey(
        "businesses.Province",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: toàn quốc."),
    )
    criteria = models.JSONField(_("tiêu chí nhóm người nhận"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=CampaignStatus.choices,
        default=CampaignStatus.DRAFT,
        db_index=True,
    )
    recipient_count = models.PositiveIntegerField(_("số người nhận"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("hẹn gửi lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)

    # sending machinery
    cursor = models.CharField(
        max_length=16, blank=True, editable=False
    )  # last phone claimed (phones in order)
    batch_seq = models.PositiveIntegerField(default=0, editable=False)  # only the task carrying it may run
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    next_batch_at = models.DateTimeField(null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    # the chunk of gateway calls under way: its rows may have reached the gateway if the worker dies
    inflight_token = models.CharField(max_length=32, blank=True, editable=False)
    inflight_from = models.CharField(max_length=16, blank=True, editable=False)
    inflight_to = models.CharField(max_length=16, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "cursor",
            "batch_seq",
            "lease_token",
            "lease_until",
            "next_batch_at",
            "consecutive_failures",
            "inflight_token",
            "inflight_from",
            "inflight_to",
        ]
    )
    objects = SmsCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("chiến dịch SMS")
        verbose_name_plural = _("chiến dịch SMS")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["province", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("campaigns:campaign_detail", kwargs={"pk": self.pk})

    @property
    def is_promotional(self) -> bool:
        return self.kind == CampaignKind.PROMO

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class MessageStatus(models.TextChoices):
    CLAIMED = "claimed", _("Đang gửi")  # owned by a running batch; the gateway call may be under way
    QUEUED = "queued", _("Chờ gửi lại")  # the gateway was not reached or failed transiently: safe to send
    SENT = "sent", _("Đã gửi")
    DELIVERED = "delivered", _("Đã đến máy")
    FAILED = "failed", _("Lỗi")
    SKIPPED = "skipped", _("Bỏ qua")  # opted out, or the 3-per-24-hours cap reached
    UNKNOWN = "unknown", _("Không rõ")  # the worker died during the gateway call: never sent again


IN_FLIGHT = [MessageStatus.CLAIMED, MessageStatus.QUEUED]


class SmsMessage(models.Model):
    """One recipient of one campaign: the row is claimed before the gateway is called, so a phone gets at most
    one message per campaign even when a batch runs twice."""

    campaign = models.ForeignKey(SmsCampaign, on_delete=models.CASCADE, related_name="messages")
    phone = models.CharField(_("số điện thoại"), max_length=16)
    status = models.CharField(_("trạng thái"), max_length=10, choices=MessageStatus.choices)
    promotional = models.BooleanField(default=False)  # copied from the campaign: the daily cap reads it
    claim_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(_("nhận gửi lúc"))
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("đến máy lúc"), null=True, blank=True)
    gateway_id = models.CharField(_("mã tin của nhà mạng"), max_length=64, blank=True)
    error = models.CharField(_("lỗi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tin nhắn chiến dịch")
        verbose_name_plural = _("tin nhắn chiến dịch")
        constraints = [models.UniqueConstraint(fields=["campaign", "phone"], name="unique_campaign_phone")]
        indexes = [
            models.Index(fields=["campaign", "status"], name="campaigns_msg_status"),
            # the 3-per-24-hours cap: promotional messages to one phone by send time
            models.Index(
                fields=["phone", "sent_at"],
                name="campaigns_msg_promo_cap",
                condition=models.Q(promotional=True),
            ),
            models.Index(
                fields=["gateway_id"], name="campaigns_msg_gateway", condition=~models.Q(gateway_id="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phone} — {self.get_status_display()}"


class OptOutSource(models.TextChoices):
    KEYWORD = "keyword", _("Nhắn từ khóa từ chối")
    LINK = "link", _("Đường dẫn trong tin nhắn")
    STAFF = "staff", _("Cán bộ ghi nhận")


class OptOut(models.Model):
    """A number that refused campaign messages. OTP messages (accounts) never read this table."""

    phone = models.CharField(_("số điện thoại"), max_length=16, unique=True)
    source = models.CharField(_("cách từ chối"), max_length=10, choices=OptOutSource.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("từ chối lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("số từ chối nhận tin")
        verbose_name_plural = _("số từ chối nhận tin")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.phone
