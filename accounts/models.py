from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUSINESS = "business", _("Đại diện doanh nghiệp / hộ kinh doanh")
    PROVIDER = "provider", _("Nhà cung cấp nền tảng")
    EXPERT = "expert", _("Chuyên gia tư vấn")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ Sở (cấp tỉnh)")
    MINISTRY_STAFF = "ministry_staff", _("Cán bộ Bộ")
    MOIT_STAFF = "moit_staff", _("Cán bộ Bộ Công Thương")
    PARTNER = "partner", _("Hiệp hội / đối tác")


class Department(models.TextChoices):
    """The province department an officer belongs to: it decides which programmes the officer runs."""

    SCIENCE = "science", _("Sở Khoa học và Công nghệ")
    INDUSTRY_TRADE = "industry_trade", _("Sở Công Thương")


class User(AbstractUser):
    """A person. The phone (E.164) is the identity: store owners may have no email."""

    phone = models.CharField(_("số điện thoại"), max_length=16, unique=True, null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("xác thực số điện thoại lúc"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, default=Role.BUSINESS)
    # The one reference against the dependency order: declared by string, never imported.
    province = models.ForeignKey(
        "businesses.Province",
        verbose_name=_("tỉnh/thành phố phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
        help_text=_("Chỉ dùng cho cán bộ Sở: cán bộ chỉ thấy dữ liệu của tỉnh này."),
    )
    department = models.CharField(
        _("sở"),
        max_length=16,
        choices=Department.choices,
        blank=True,
        help_text=_("Chỉ dùng cho cán bộ Sở: Sở Khoa học và Công nghệ hoặc Sở Công Thương."),
    )
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    # The privacy notice version the person last answered (accounts.consents keeps it with the Consent rows).
    privacy_notice_version = models.CharField(
        _("phiên bản thông báo đã trả lời"), max_length=16, blank=True, editable=False
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="province_officer") | models.Q(province__isnull=False),
                name="province_officer_has_province",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.phone or self.username

    @property
    def is_province_officer(self) -> bool:
        return self.role == Role.PROVINCE_OFFICER

    @property
    def is_ministry_staff(self) -> bool:
        return self.is_superuser or self.role == Role.MINISTRY_STAFF

    @property
    def is_moit_staff(self) -> bool:
        return self.role == Role.MOIT_STAFF


class ChallengePurpose(models.TextChoices):
    VERIFY = "verify", _("Xác thực số điện thoại")
    LOGIN = "login", _("Đăng nhập bằng mã")
    CLAIM = "claim", _("Xác nhận quyền đại diện doanh nghiệp")


class ChallengeDelivery(models.TextChoices):
    CODE = "code", _("Mã xác thực")
    NOTICE = "notice", _("Thông báo số đã đăng ký")
    NONE = "none", _("Không gửi")


class PhoneChallenge(models.Model):
    """One request for a one-time code sent by SMS to a phone (accounts.services: otp_request, otp_verify).

    The code itself is never stored: the worker that sends it makes it and keeps only its keyed hash.
    `delivery` NOTICE/NONE rows stand for requests that get no code (a sign-up with an already registered
    phone, a sign-in code for an unknown phone): they count towards every limit like real ones, so the
    answers look the same and reveal nothing.
    """

    phone = models.CharField(_("số điện thoại"), max_length=16)
    purpose = models.CharField(_("mục đích"), max_length=10, choices=ChallengePurpose.choices)
    delivery = models.CharField(
        _("nội dung gửi"), max_length=10, choices=ChallengeDelivery.choices, default=ChallengeDelivery.CODE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(max_length=128, blank=True, editable=False)
    requester_ip = models.GenericIPAddressField(_("địa chỉ IP yêu cầu"), null=True, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    delivery_error = models.CharField(_("lỗi gửi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mã xác thực SMS")
        verbose_name_plural = _("mã xác thực SMS")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["phone", "-created_at"]),
            models.Index(fields=["requester_ip", "-created_at"]),
            models.Index(fields=["-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.phone} {self.purpose} {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"


class ConsentPurpose(models.TextChoices):
    """What a person's data may be used for (Law 91/2025/QH15: consent per stated purpose, never pre-ticked)."""

    PARTICIPATION = (
        "participation",
        _("Tham gia Chương trình (bắt buộc): tài khoản, khảo sát, chứng nhận và tin nhắn dịch vụ"),
    )
    PROVIDER_SHARING = (
        "provider_sharing",
        _("Chia sẻ thông tin liên hệ và kết quả của doanh nghiệp với nhà cung cấp nền tảng tôi chọn"),
    )
    ASSIGNED_CONTACT = (
        "assigned_contact",
        _("Được nhà cung cấp do Chương trình phân công liên hệ sau khảo sát"),
    )
    PROMOTIONAL_SMS = "promotional_sms", _("Nhận tin nhắn giới thiệu hoạt động của Chương trình")
    PARTNER_SHARING = (
        "partner_sharing",
        _("Chia sẻ với cổng thông tin của cơ quan đối tác (Bộ Công Thương với Chương trình RDX)"),
    )


class ConsentChannel(models.TextChoices):
    WEB = "web", _("Trên cổng")
    ENUMERATOR = "enumerator", _("Qua cán bộ khảo sát")
    IMPORT = "import", _("Nhập từ danh sách")


class Consent(models.Model):
    """One person's consent to one purpose, under one version of the privacy notice.

    A withdrawal keeps the row (the record of what was agreed and when) and sets `withdrawn_at`; consenting
    again makes a new row. At most one row per person and purpose is in force.
    """

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("mục đích"), max_length=32, choices=ConsentPurpose.choices)
    notice_version = models.CharField(_("phiên bản thông báo"), max_length=16)
    channel = models.CharField(
        _("kênh"), max_length=16, choices=ConsentChannel.choices, default=ConsentChannel.WEB
    )
    given_at = models.DateTimeField(_("đồng ý lúc"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("sự đồng ý")
        verbose_name_plural = _("sự đồng ý")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_consent_in_force_per_purpose",
            )
        ]
        indexes = [
            models.Index(
                fields=["purpose", "user"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose}"
