"""The catalogue: domains → category groups (per programme) → listings (a platform in a group).

Providers apply with a platform per group; staff evaluate (weighted criteria, several evaluators), select at
most three per group (held by the database: `slot` 1–3 unique per group), add complementary platforms,
certify, review and delist. Businesses register to use a platform; the provider confirms.
Every staff decision goes through `platforms.services`, which writes the audit log and the history.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smedx_portal.programmes import Programme, short_name

MAX_SELECTED_PER_GROUP = 3


class _Bilingual:
    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Domain(_Bilingual, models.Model):
    """A field of needs (management, customers and market...). Codes are `smedx_portal.taxonomy.DOMAINS`."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.display_name


class CategoryGroupQuerySet(models.QuerySet):
    def active(self) -> CategoryGroupQuerySet:
        return self.filter(is_active=True)

    def for_programme(self, programme: str | None) -> CategoryGroupQuerySet:
        return self.filter(programme=programme) if programme else self


class CategoryGroup(_Bilingual, models.Model):
    """A group of platforms a programme selects (e.g. accounting and finance); at most three selected."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices, db_index=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    description = models.TextField(_("mô tả nhu cầu"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang nhận hồ sơ và hiển thị"), default=True)

    objects = CategoryGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhóm nền tảng")
        verbose_name_plural = _("nhóm nền tảng")
        ordering = ["programme", "position", "code"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_programme_display_short()})"

    def get_absolute_url(self) -> str:
        return reverse("platforms:group", kwargs={"code": self.code})

    def get_programme_display_short(self) -> str:
        return short_name(self.programme)


class CriterionKind(models.TextChoices):
    TECHNICAL = "technical", _("Tiêu chí kỹ thuật")
    PARTICIPATION = "participation", _("Tiêu chí khả năng tham gia Chương trình")


class EvaluationCriterionQuerySet(models.QuerySet):
    def for_programme(self, programme: str) -> EvaluationCriterionQuerySet:
        return self.filter(is_active=True).filter(Q(programme="") | Q(programme=programme))


class EvaluationCriterion(_Bilingual, models.Model):
    """One criterion of the framework, with its weight and scale (scores from 0 to `scale_max`)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=CriterionKind.choices)
    programme = models.CharField(
        _("chương trình"),
        max_length=8,
        choices=Programme.choices,
        blank=True,
        help_text=_("Để trống nếu tiêu chí áp dụng cho cả hai chương trình."),
    )
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    description = models.TextField(_("hướng dẫn chấm"), blank=True)
    weight = models.DecimalField(
        _("trọng số"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("thang điểm tối đa"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    objects = EvaluationCriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiêu chí đánh giá")
        verbose_name_plural = _("tiêu chí đánh giá")
        ordering = ["kind", "position", "code"]

    def __str__(self) -> str:
        return self.display_name


class Provider(models.Model):
    """A provider organisation, registered by a provider account (its owner)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản quản lý"),
        on_delete=models.PROTECT,
        related_name="provider",
    )
    name = models.CharField(_("tên tổ chức"), max_length=255)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True, null=True, blank=True)
    website = models.URLField(_("trang web"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=150)
    contact_phone = models.CharField(
        _("điện thoại liên hệ"),
        max_length=16,
        help_text=_("Nhận tin nhắn khi có doanh nghiệp đăng ký sử dụng."),
    )
    contact_email = models.EmailField(_("email liên hệ"), blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhà cung cấp")
        verbose_name_plural = _("nhà cung cấp")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _logo_upload_to(instance: Platform, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"platforms/logos/{uuid.uuid4().hex}.{extension}"


def _document_upload_to(instance: Document, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"platforms/documents/{instance.platform.provider_id}/{uuid.uuid4().hex}.{extension}"


class PlatformQuerySet(models.QuerySet):
    def owned_by(self, user) -> PlatformQuerySet:
        return self.filter(provider__owner=user) if getattr(user, "is_authenticated", False) else self.none()


class Platform(models.Model):
    """A digital platform of a provider. It appears publicly through its selected/complementary listings."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("nhà cung cấp"), on_delete=models.PROTECT, related_name="platforms"
    )
    name = models.CharField(_("tên nền tảng"), max_length=200)
    search_key = models.CharField(max_length=600, editable=False, db_index=True)
    short_description = models.CharField(_("mô tả ngắn"), max_length=300)
    description = models.TextField(_("giới thiệu chi tiết"), blank=True)
    logo = models.FileField(_("logo (PNG/JPEG)"), upload_to=_logo_upload_to, blank=True)
    website = models.URLField(_("trang web"), blank=True)
    features = models.TextField(_("tính năng chính"), blank=True, help_text=_("Mỗi dòng một tính năng."))
    pricing = models.TextField(_("bảng giá"), blank=True)
    # Denormalised, kept current by the usage services: the catalogue sorts and shows it without counting.
    usage_count = models.PositiveIntegerField(_("số đơn vị đang sử dụng"), default=0, editable=False)
    # The latest certificate (core machinery); `certified` filters check its status and validity.
    certificate = models.ForeignKey(
        "core.Certificate",
        verbose_name=_("chứng nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("nền tảng số")
        verbose_name_plural = _("nền tảng số")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("platforms:detail", kwargs={"pk": self.pk})

    def feature_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.features.splitlines() if line.strip(" -•\t")]

    @property
    def is_certified(self) -> bool:
        return self.certificate is not None and self.certificate.is_valid


class DocumentKind(models.TextChoices):
    LEGAL = "legal", _("Giấy chứng nhận đăng ký doanh nghiệp")
    TECHNICAL = "technical", _("Hồ sơ kỹ thuật của nền tảng")
    SECURITY = "security", _("Tài liệu an toàn thông tin")
    OFFER = "offer", _("Chính sách ưu đãi, hậu mãi")
    COMMITMENT = "commitment", _("Văn bản cam kết với Chương trình")
    OTHER = "other", _("Tài liệu khác")


class Document(models.Model):
    """A document of a platform's dossier (PDF/PNG/JPEG), stored under MEDIA_ROOT and served only to staff and the
    owner. Applications link documents, so an RDX fast-track application reuses the SMEdx ones."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        _("loại tài liệu"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    title = models.CharField(_("tên tài liệu"), max_length=200)
    file = models.FileField(_("tệp"), upload_to=_document_upload_to)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("platforms:document", kwargs={"pk": self.pk})


class ListingStatus(models.TextChoices):
    APPLIED = "applied", _("Đã nộp hồ sơ")
    UNDER_EVALUATION = "under_evaluation", _("Đang đánh giá")
    SELECTED = "selected", _("Được lựa chọn")
    COMPLEMENTARY = "complementary", _("Nền tảng bổ sung")
    REJECTED = "rejected", _("Không được lựa chọn")
    DELISTED = "delisted", _("Đã đưa ra khỏi danh sách")


PUBLIC_STATUSES = (ListingStatus.SELECTED, ListingStatus.COMPLEMENTARY)
OPEN_STATUSES = (ListingStatus.APPLIED, ListingStatus.UNDER_EVALUATION)


class ListingQuerySet(models.QuerySet):
    def public(self) -> ListingQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES, group__is_active=True)

    def owned_by(self, user) -> ListingQuerySet:
        return (
            self.filter(platform__provider__owner=user)
            if getattr(user, "is_authenticated", False)
            else self.none()
        )


class Listing(models.Model):
    """A platform's application to (and place in) one category group of one programme."""

    group = models.ForeignKey(
        CategoryGroup, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="listings"
    )
    platform = models.ForeignKey(
        Platform, verbose_name=_("nền tảng"), on_delete=models.CASCADE, related_name="listings"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ListingStatus.choices,
        default=ListingStatus.APPLIED,
        db_index=True,
    )
    slot = models.PositiveSmallIntegerField(
        _("vị trí được lựa chọn"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("1–3, chỉ khi được lựa chọn."),
    )
    documents = models.ManyToManyField(
        Document, verbose_name=_("tài liệu"), blank=True, related_name="listings"
    )
    in_depth_requested = models.BooleanField(
        _("đề nghị đánh giá chuyên sâu để được cấp chứng nhận"), default=False
    )
    commitment_accepted_at = models.DateTimeField(
        _("cam kết tuân thủ quy định Chương trình lúc"), null=True, blank=True
    )
    fast_track_from = models.ForeignKey(
        "self",
        verbose_name=_("xét nhanh từ hồ sơ SMEdx"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fast_tracked",
    )
    note = models.TextField(_("thuyết minh của nhà cung cấp"), blank=True)
    status_reason = models.TextField(_("ý kiến của Ban quản lý"), blank=True)
    # Kept current by `evaluation_submit`: the mean of evaluators' weighted totals and their spread (0–100).
    score_total = models.DecimalField(
        _("điểm tổng hợp"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    score_spread = models.DecimalField(
        _("chênh lệch giữa người chấm"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    evaluator_count = models.PositiveSmallIntegerField(_("số người chấm"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), default=timezone.now)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    objects = ListingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["score_total", "score_spread", "evaluator_count"])

    class Meta:
        verbose_name = _("hồ sơ / nền tảng trong nhóm")
        verbose_name_plural = _("hồ sơ / nền tảng trong nhóm")
        ordering = ["group", "-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "platform"], name="listing_one_per_platform_and_group"),
            # At most three selected per group, held by the database: a selected listing takes a slot 1–3,
            # and a slot is taken once per group, so concurrent approvals cannot make a fourth.
            models.UniqueConstraint(fields=["group", "slot"], name="listing_unique_slot_per_group"),
            models.CheckConstraint(
                condition=(
                    Q(
                        status=ListingStatus.SELECTED,
                        slot__isnull=False,
                        slot__gte=1,
                        slot__lte=MAX_SELECTED_PER_GROUP,
                    )
                    | (~Q(status=ListingStatus.SELECTED) & Q(slot__isnull=True))
                ),
                name="listing_slot_iff_selected",
            ),
        ]
        indexes = [models.Index(fields=["platform", "status"]), models.Index(fields=["group", "status"])]

    def __str__(self) -> str:
        return f"{self.platform} — {self.group}"

    @property
    def programme(self) -> str:
        return self.group.programme

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class Evaluation(models.Model):
    """One evaluator's independent scores of one application; `total` is the weighted total (0–100)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(_("điểm có trọng số"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("nhận xét"), blank=True)
    submitted_at = models.DateTimeField(_("chấm lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        ordering = ["listing", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "evaluator"], name="evaluation_one_per_evaluator")
        ]

    def __str__(self) -> str:
        return f"{self.listing} — {self.evaluator}: {self.total}"


class Score(models.Model):
    """A score for one criterion, with the weight and scale in force when it was given."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("điểm"))
    weight = models.DecimalField(max_digits=5, decimal_places=2)
    scale_max = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(condition=Q(value__lte=models.F("scale_max")), name="score_within_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}/{self.scale_max}"


class OfferQuerySet(models.QuerySet):
    def current(self, on=None) -> OfferQuerySet:
        today = on or timezone.localdate()
        return self.filter(is_active=True, valid_from__lte=today).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )


class Offer(models.Model):
    """An offer a provider makes to the programme's businesses (discount, free months, training...)."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="offers")
    programme = models.CharField(
        _("chương trình"),
        max_length=8,
        choices=Programme.choices,
        blank=True,
        help_text=_("Để trống: cả hai."),
    )
    title = models.CharField(_("ưu đãi"), max_length=200)
    description = models.TextField(_("nội dung"), blank=True)
    valid_from = models.DateField(_("từ ngày"), default=timezone.localdate)
    valid_until = models.DateField(_("đến ngày"), null=True, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("ưu đãi")
        verbose_name_plural = _("ưu đãi")
        ordering = ["-valid_from", "title"]
        indexes = [models.Index(fields=["platform", "is_active", "valid_from"])]

    def __str__(self) -> str:
        return self.title


class UsageStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ nhà cung cấp xác nhận")
    ACTIVE = "active", _("Đang sử dụng")
    DECLINED = "declined", _("Nhà cung cấp từ chối")
    CANCELLED = "cancelled", _("Đã hủy")


class UsageRegistration(models.Model):
    """A (verified) business asks to use a platform; the provider confirms activation. A lead for the provider."""

    business = models.ForeignKey(
        "businesses.Business",
        verbose_name=_("doanh nghiệp"),
        on_delete=models.CASCADE,
        related_name="platform_usages",
    )
    platform = models.ForeignKey(
        Platform, verbose_name=_("nền tảng"), on_delete=models.CASCADE, related_name="usages"
    )
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("nhóm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usages",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=UsageStatus.choices,
        default=UsageStatus.REQUESTED,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("lời nhắn cho nhà cung cấp"), blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    notified_at = models.DateTimeField(_("đã báo nhà cung cấp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký sử dụng")
        verbose_name_plural = _("đăng ký sử dụng")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "platform"],
                condition=Q(status__in=["requested", "active"]),
                name="usage_one_open_per_business_and_platform",
            )
        ]
        indexes = [models.Index(fields=["platform", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.business} → {self.platform} ({self.get_status_display()})"


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", _("Tiếp tục tham gia")
    WARN = "warn", _("Nhắc nhở, yêu cầu khắc phục")
    DELIST = "delist", _("Đề nghị đưa ra khỏi danh sách")


class Review(models.Model):
    """A periodic review of a listed platform: how it keeps its commitments and how often it is chosen."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reviews")
    period = models.CharField(_("kỳ rà soát"), max_length=40, help_text=_("Ví dụ: 2026-H1, Quý 3/2026."))
    usage_count = models.PositiveIntegerField(_("số đơn vị đang sử dụng lúc rà soát"), default=0)
    commitments_kept = models.BooleanField(_("thực hiện đúng cam kết"), default=True)
    outcome = models.CharField(
        _("kết luận"), max_length=10, choices=ReviewOutcome.choices, default=ReviewOutcome.KEEP
    )
    notes = models.TextField(_("nhận xét"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người rà soát"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("rà soát lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("rà soát định kỳ")
        verbose_name_plural = _("rà soát định kỳ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.listing} — {self.period}: {self.get_outcome_display()}"
