from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUSINESS = "business", _("Đại diện doanh nghiệp / hộ kinh doanh")
    PROVIDER = "provider", _("Nhà cung cấp nền tảng")
    EXPERT = "expert", _("Chuyên gia tư vấn")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ Sở (cấp tỉnh)")
    MINISTRY_STAFF = "ministry_staff", _("Cán bộ Bộ")


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
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")

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
