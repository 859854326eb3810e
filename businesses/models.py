from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The dashboards' summary tables live in their own module; every name stays importable from here.
from businesses.summary_models import PillarStat, ProvinceStat, SubmissionStat, WardStat  # noqa: F401
from smedx_portal import identity
from smedx_portal.identity import IdentityNumberField
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme


class Province(models.Model):
    """The 34 provinces and centrally-run cities since 1 July 2025 (official code as primary key)."""

    code = models.PositiveSmallIntegerField(_("mã"), primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    codename = models.SlugField(max_length=100, unique=True)
    division_type = models.CharField(_("loại"), max_length=50)
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def code_str(self) -> str:
        return f"{self.code:02d}"


class Ward(models.Model):
    """Commune-level units (phường, xã, đặc khu): 3,321 since 1 July 2025. There are no districts."""

    code = models.PositiveIntegerField(_("mã"), primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="wards")
    name = models.CharField(_("tên"), max_length=100)
    codename = models.CharField(max_length=100)
    division_type = models.CharField(_("loại"), max_length=50)
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        verbose_name = _("xã/phường")
        verbose_name_plural = _("xã/phường")
        ordering = ["province_id", "name"]

    def __str__(self) -> str:
        return self.name


class LegacyProvince(models.Model):
    """One of the 63 provinces before 1 July 2025, and the province that absorbed it."""

    code = models.PositiveSmallIntegerField(_("mã cũ"), primary_key=True)
    name = models.CharField(_("tên cũ"), max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="legacy_provinces")

    class Meta:
        verbose_name = _("tỉnh cũ (trước 1/7/2025)")
        verbose_name_plural = _("tỉnh cũ (trước 1/7/2025)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} → {self.province.name}"


class Sector(models.Model):
    """A line of business. Retail sectors (grocery, pharmacy, ...) serve RDX segmentation."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    is_retail = models.BooleanField(_("ngành bán lẻ"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ngành nghề")
        verbose_name_plural = _("ngành nghề")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class BusinessKind(models.TextChoices):
    ENTERPRISE = "enterprise", pgettext_lazy("business kind", "Doanh nghiệp")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    HOUSEHOLD = "household", _("Hộ kinh doanh")
    RETAIL_STORE = "retail_store", _("Cửa hàng bán lẻ")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Siêu nhỏ")
    SMALL = "small", _("Nhỏ")
    MEDIUM = "medium", _("Vừa")
    LARGE = "large", _("Lớn")


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Chưa xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REJECTED = "rejected", _("Bị từ chối")


class BusinessQuerySet(models.QuerySet):
    def for_province(self, province) -> "BusinessQuerySet":
        return self.filter(province=province)

    def in_programme(self, programme: str) -> "BusinessQuerySet":
        return self.filter(in_rdx=True) if programme == Programme.RDX else self.filter(in_smedx=True)

    def verified(self) -> "BusinessQuerySet":
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def with_tax_code(self, tax_code: str) -> "BusinessQuerySet":
        """The business of a full, normalised tax code (found by its keyed hash; the number is not stored plain)."""
        return self.filter(tax_code_hash__in=identity.hashes(tax_code))


class Business(models.Model):
    """An organisation: enterprise, cooperative, household business or retail store."""

    kind = models.CharField(_("loại hình"), max_length=20, choices=BusinessKind.choices)
    in_smedx = models.BooleanField(_("tham gia SMEdx"), default=False)
    in_rdx = models.BooleanField(_("tham gia RDX"), default=False)
    name = models.CharField(_("tên"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    # Full only for enterprise codes (public); a 12-digit CCCD is shown masked, and kept encrypted and hashed in
    # the two columns after it (smedx_portal.identity). Look a tax code up with `Business.objects.with_tax_code`.
    tax_code = IdentityNumberField(
        _("mã số thuế"),
        max_length=14,
        null=True,
        blank=True,
        db_index=True,
        hash_field="tax_code_hash",
        encrypted_field="tax_code_encrypted",
        help_text=_("10 số, 10 số-3 số cho chi nhánh, hoặc 12 số CCCD của chủ hộ kinh doanh."),
    )
    tax_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    tax_code_encrypted = models.TextField(blank=True, editable=False)
    sector = models.ForeignKey(
        Sector, verbose_name=_("ngành nghề"), null=True, blank=True, on_delete=models.PROTECT
    )
    size_class = models.CharField(_("quy mô"), max_length=10, choices=SizeClass.choices, blank=True)
    employees = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    annual_revenue = models.DecimalField(
        _("doanh thu năm (VNĐ)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    province = models.ForeignKey(Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT)
    ward = models.ForeignKey(
        Ward, verbose_name=_("xã/phường"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("số điện thoại liên hệ"), max_length=16, blank=True)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="businesses",
        verbose_name=_("người đại diện"),
    )

    verification_status = models.CharField(
        _("trạng thái xác minh"),
        max_length=12,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
        db_index=True,
    )
    verification_reason = models.TextField(_("lý do"), blank=True)
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = BusinessQuerySet.as_manager()
    # Who changed what and when (staff decisions also go to the audit log with their reason).
    history = HistoricalRecords(excluded_fields=["search_name", "tax_code_hash", "tax_code_encrypted"])

    class Meta:
        verbose_name = _("doanh nghiệp / hộ kinh doanh")
        verbose_name_plural = _("doanh nghiệp / hộ kinh doanh")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["province", "kind"]),
            models.Index(fields=["province", "ward"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def programmes(self) -> list[str]:
        return [
            code
            for code, member in ((Programme.SMEDX, self.in_smedx), (Programme.RDX, self.in_rdx))
            if member
        ]

    def result_for(self, programme: str) -> "BusinessResult | None":
        """The latest result in `programme` (prefetch `results` to read several businesses' results)."""
        return next((result for result in self.results.all() if result.programme == programme), None)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    def clean(self) -> None:
        """The tax code in its stored form and valid for the kind; the ward inside the province."""
        from businesses.validators import PERSONAL_ID_KINDS, normalise_tax_code

        errors: dict[str, list] = {}
        if identity.is_masked(
            self.tax_code
        ):  # the stored CCCD, unchanged: still only for a household or store
            if self.kind not in PERSONAL_ID_KINDS:
                errors["tax_code"] = [_("Doanh nghiệp và hợp tác xã dùng mã số thuế 10 chữ số.")]
        elif self.tax_code:
            try:
                self.tax_code = normalise_tax_code(self.tax_code, kind=self.kind)
            except ValidationError as exc:
                errors["tax_code"] = exc.messages
        else:
            self.tax_code = None
        if self.ward_id and self.province_id and self.ward.province_id != self.province_id:
            errors["ward"] = [_("Xã/phường này không thuộc tỉnh/thành phố đã chọn.")]
        if errors:
            raise ValidationError(errors)

    def validate_unique(self, exclude=None) -> None:
        """The tax code is unique by its keyed hash (the column that shows it may be masked)."""
        super().validate_unique(exclude)
        if exclude and "tax_code" in exclude or not self.tax_code or identity.is_masked(self.tax_code):
            return
        if Business.objects.with_tax_code(self.tax_code).exclude(pk=self.pk).exists():
            raise ValidationError({"tax_code": [_("Mã số thuế này đã được đăng ký.")]})


class BusinessResult(models.Model):
    """A business's latest submitted survey result in one programme, copied from the assessment when it is
    submitted (in the transaction that counts it in the summary tables), so campaigns and reports segment per
    programme without joining assessments. SMEdx and RDX results never mix: one row per programme.

    The criteria set is kept as plain values (its id and version), not a foreign key: assessment depends on
    businesses, not the other way round."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="results")
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    level = models.CharField(_("mức độ"), max_length=16, choices=Level.choices)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    pillar_scores = models.JSONField(_("điểm theo trụ cột"), default=dict, blank=True)
    criteria_set_id = models.PositiveIntegerField(_("mã bộ tiêu chí"))
    criteria_version = models.PositiveIntegerField(_("phiên bản bộ tiêu chí"))
    assessed_at = models.DateTimeField(_("đánh giá lúc"))

    class Meta:
        verbose_name = _("kết quả đánh giá theo chương trình")
        verbose_name_plural = _("kết quả đánh giá theo chương trình")
        constraints = [
            models.UniqueConstraint(fields=["business", "programme"], name="unique_business_result")
        ]
        indexes = [
            models.Index(fields=["programme", "level"]),
            # the dashboards' "results under a trial criteria set" count reads only these (few) rows
            models.Index(fields=["criteria_set_id", "programme"], name="business_result_criteria_set"),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} {self.programme}: {self.level} ({self.score})"


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Chủ sở hữu")
    MEMBER = "member", _("Người đại diện")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    PENDING = "pending", _("Chờ chấp thuận")
    REFUSED = "refused", _("Bị từ chối")


class Membership(models.Model):
    """A user representing a business. A pending membership is a request to join an existing business."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("vai trò"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người đại diện")
        verbose_name_plural = _("người đại diện")
        constraints = [models.UniqueConstraint(fields=["user", "business"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.business}"


class IdentityLookup(models.Model):
    """One call of the identity API (`POST /api/v1/identity/lookup/`): which key asked, why, how many numbers and
    how many answered. The numbers themselves are not kept. Staff review these in the admin."""

    api_key = models.ForeignKey(
        "core.ApiKey",
        verbose_name=_("khóa API"),
        on_delete=models.PROTECT,
        related_name="identity_lookups",
    )
    purpose = models.CharField(_("mục đích"), max_length=500)
    count = models.PositiveIntegerField(_("số mã tra cứu"))
    answered = models.PositiveIntegerField(_("số mã có dữ liệu chia sẻ"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lượt tra cứu định danh")
        verbose_name_plural = _("nhật ký tra cứu định danh")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.api_key} · {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"
