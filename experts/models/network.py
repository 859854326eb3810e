"""Applications to the expert network, experts, their specialties and the network's rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from businesses.validators import validate_organisation_tax_code
from smedx_portal.models import CertificateStatus
from smedx_portal.taxonomy import SPECIALTY_CHOICES


class ExpertKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức tư vấn")


class Language(models.TextChoices):
    VI = "vi", _("Tiếng Việt")
    EN = "en", _("Tiếng Anh")
    ZH = "zh", _("Tiếng Trung")
    JA = "ja", _("Tiếng Nhật")
    KO = "ko", _("Tiếng Hàn")
    FR = "fr", _("Tiếng Pháp")
    KM = "km", _("Tiếng Khmer")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp, chờ xét duyệt")
    NEEDS_INFO = "needs_info", _("Cần bổ sung thông tin")
    APPROVED = "approved", _("Đã được chấp thuận")
    REJECTED = "rejected", _("Bị từ chối")


class ExpertApplication(models.Model):
    """What an applicant (a person or a consulting organisation) sends; staff vet it in the admin."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.CASCADE,
        related_name="expert_applications",
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=ExpertKind.choices, default=ExpertKind.INDIVIDUAL
    )
    name = models.CharField(_("họ tên / tên tổ chức"), max_length=200)
    tax_code = models.CharField(
        _("mã số thuế (tổ chức)"), max_length=14, blank=True, validators=[validate_organisation_tax_code]
    )
    headline = models.CharField(_("chức danh, lĩnh vực tư vấn"), max_length=200)
    bio = models.TextField(_("giới thiệu kinh nghiệm"))
    specialties = models.JSONField(_("chuyên môn"), default=list)
    sectors = models.ManyToManyField("businesses.Sector", verbose_name=_("ngành am hiểu"), blank=True)
    provinces = models.ManyToManyField("businesses.Province", verbose_name=_("tỉnh/thành phố phục vụ"))
    languages = models.JSONField(_("ngôn ngữ"), default=list)
    years_experience = models.PositiveSmallIntegerField(_("số năm kinh nghiệm"))
    references = models.TextField(
        _("người/đơn vị tham chiếu"),
        help_text=_("Tên, đơn vị và số điện thoại của người có thể xác nhận kinh nghiệm."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    decision_reason = models.TextField(_("ghi chú của cán bộ"), blank=True)
    decided_at = models.DateTimeField(_("xét lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), default=timezone.now)
    resubmissions = models.PositiveSmallIntegerField(_("số lần nộp lại"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ đăng ký chuyên gia")
        verbose_name_plural = _("hồ sơ đăng ký chuyên gia")
        ordering = ["-submitted_at"]
        constraints = [
            # one application in progress or approved per person; after a rejection they may apply again
            models.UniqueConstraint(
                fields=["user"], condition=~Q(status="rejected"), name="experts_one_open_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == ApplicationStatus.NEEDS_INFO

    @property
    def accepts_documents(self) -> bool:
        return self.status in {ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO}

    def specialty_labels(self) -> list[str]:
        labels = dict(SPECIALTY_CHOICES)
        return [str(labels.get(code, code)) for code in self.specialties]

    def language_labels(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages if code in Language.values]


def _document_path(instance: ApplicationDocument, filename: str) -> str:
    import secrets
    from pathlib import Path

    # a random name: the file's own name is kept in `name`, never used on disk
    return f"experts/documents/{timezone.now():%Y}/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


class ApplicationDocument(models.Model):
    """A degree, certificate or reference letter (PDF or image); served only to staff and the applicant."""

    application = models.ForeignKey(ExpertApplication, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("tệp"), upload_to=_document_path)
    name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("dung lượng"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kèm hồ sơ")
        verbose_name_plural = _("tài liệu kèm hồ sơ")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("experts:document", kwargs={"pk": self.pk})


class ExpertStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    REMOVED = "removed", _("Đã đưa ra khỏi mạng lưới")


class ExpertQuerySet(models.QuerySet):
    def certified(self, on=None) -> ExpertQuerySet:
        """Active members whose current certificate is valid on the day (expired ones drop out by themselves)."""
        today = on or timezone.localdate()
        return self.filter(
            status=ExpertStatus.ACTIVE,
            certificate__status=CertificateStatus.ACTIVE,
            certificate__valid_from__lte=today,
        ).filter(Q(certificate__valid_until__isnull=True) | Q(certificate__valid_until__gte=today))

    def public(self) -> ExpertQuerySet:
        """Experts who have been certified at least once and not removed: their profile page is public."""
        return self.exclude(status=ExpertStatus.REMOVED).filter(certificate__isnull=False)

    def with_specialty(self, code: str) -> ExpertQuerySet:
        return self.filter(specialties__code=code)


class Expert(models.Model):
    """A member of the network (a person or an organisation), created when staff approve an application."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile"
    )
    application = models.OneToOneField(
        ExpertApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="expert"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=ExpertKind.choices)
    name = models.CharField(_("họ tên / tên tổ chức"), max_length=200)
    headline = models.CharField(_("chức danh, lĩnh vực tư vấn"), max_length=200)
    bio = models.TextField(_("giới thiệu"))
    years_experience = models.PositiveSmallIntegerField(_("số năm kinh nghiệm"), default=0)
    languages = models.JSONField(_("ngôn ngữ"), default=list)
    sectors = models.ManyToManyField("businesses.Sector", verbose_name=_("ngành am hiểu"), blank=True)
    provinces = models.ManyToManyField("businesses.Province", verbose_name=_("tỉnh/thành phố phục vụ"))
    search_key = models.TextField(editable=False, default="")

    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ExpertStatus.choices,
        default=ExpertStatus.ACTIVE,
        db_index=True,
    )
    status_reason = models.TextField(_("lý do"), blank=True)
    training_course = models.CharField(_("khóa đào tạo đã hoàn thành"), max_length=200, blank=True)
    training_completed_on = models.DateField(_("hoàn thành đào tạo ngày"), null=True, blank=True)
    certificate = models.ForeignKey(
        "core.Certificate",
        verbose_name=_("chứng nhận hiện hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    rating_avg = models.DecimalField(
        _("điểm đánh giá"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    rating_count = models.PositiveIntegerField(_("số lượt đánh giá"), default=0)
    created_at = models.DateTimeField(_("tham gia lúc"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["search_key", "rating_avg", "rating_count"])
    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyên gia")
        verbose_name_plural = _("chuyên gia")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("experts:profile", kwargs={"pk": self.pk})

    @property
    def is_certified(self) -> bool:
        return (
            self.status == ExpertStatus.ACTIVE and self.certificate is not None and self.certificate.is_valid
        )

    @property
    def certification_status(self) -> str:
        """The certificate's effective status ('active', 'expired', ...) or '' if never certified."""
        if self.certificate is None:
            return ""
        if self.status == ExpertStatus.SUSPENDED:
            return CertificateStatus.SUSPENDED
        if self.status == ExpertStatus.REMOVED:
            return CertificateStatus.REVOKED
        return self.certificate.effective_status

    def get_certification_status_display(self) -> str:
        status = self.certification_status
        return str(CertificateStatus(status).label) if status else str(_("Chưa được chứng nhận"))

    def specialty_codes(self) -> list[str]:
        return [specialty.code for specialty in self.specialties.all()]

    def specialty_labels(self) -> list[str]:
        return [specialty.get_code_display() for specialty in self.specialties.all()]

    def language_labels(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages if code in Language.values]


class ExpertSpecialty(models.Model):
    """One specialty code (a survey pillar or a catalogue domain) of an expert: a row, so it filters anywhere."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="specialties")
    code = models.CharField(_("chuyên môn"), max_length=64, choices=SPECIALTY_CHOICES, db_index=True)

    class Meta:
        verbose_name = _("chuyên môn")
        verbose_name_plural = _("chuyên môn")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["expert", "code"], name="experts_unique_specialty")]

    def __str__(self) -> str:
        return self.get_code_display()


class NetworkRules(models.Model):
    """The network's rules (quy chế), one page edited by staff; every version kept in its history."""

    title = models.CharField(
        _("tiêu đề"), max_length=200, default=_("Quy chế hoạt động của Mạng lưới chuyên gia")
    )
    body = models.TextField(_("nội dung"), help_text=_("Văn bản thường hoặc Markdown đơn giản."))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy chế mạng lưới")
        verbose_name_plural = _("quy chế mạng lưới")

    def __str__(self) -> str:
        return str(self.title)
