from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smedx_portal.programmes import Programme


class Indicator(models.TextChoices):
    """The programmes' yearly targets (seed 000 I.2 for SMEdx, seed 001 I.2 for RDX)."""

    PEOPLE_REACHED = "people_reached", _("Số người được tiếp cận Chương trình")
    BUSINESSES_TRYING_PLATFORMS = "businesses_trying_platforms", _("Số doanh nghiệp trải nghiệm nền tảng số")
    EXPERTS_NETWORK = "experts_network", _("Số tổ chức, cá nhân trong Mạng lưới chuyên gia")
    SURVEYED_SHARE = (
        "surveyed_share",
        _("Tỷ lệ doanh nghiệp, cửa hàng, hộ kinh doanh bán lẻ được khảo sát (%)"),
    )
    SURVEYED_TRYING_PLATFORMS_SHARE = (
        "surveyed_trying_platforms_share",
        _("Tỷ lệ đã khảo sát được trải nghiệm nền tảng số (%)"),
    )


PERCENT_INDICATORS = {Indicator.SURVEYED_SHARE, Indicator.SURVEYED_TRYING_PLATFORMS_SHARE}


class ProgrammeTarget(models.Model):
    """A programme's target for one indicator in one year (data, so new decisions change no code)."""

    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=40, choices=Indicator.choices)
    value = models.DecimalField(_("giá trị mục tiêu"), max_digits=12, decimal_places=2)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu năm")
        verbose_name_plural = _("chỉ tiêu năm")
        ordering = ["programme", "year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "indicator"], name="unique_programme_target")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year} {self.get_indicator_display()}: {self.value}"

    @property
    def is_percent(self) -> bool:
        return self.indicator in PERCENT_INDICATORS


class ReportKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (.xlsx)")
    CSV = "csv", _("CSV (danh sách doanh nghiệp)")


class ReportScope(models.TextChoices):
    NATIONAL = "national", _("Toàn quốc")
    PROVINCE = "province", _("Một tỉnh/thành phố")


class Grouping(models.TextChoices):
    AREA = "area", _("Theo địa bàn (tỉnh hoặc xã/phường)")
    SECTOR = "sector", _("Theo ngành nghề")
    KIND = "kind", _("Theo loại hình")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")
    EXPIRED = "expired", _("Đã hết hạn")


def report_upload_to(job: "ReportJob", filename: str) -> str:
    return f"reports/{job.created_at:%Y/%m}/{filename}"


class ReportJob(models.Model):
    """One report asked for by a user, rendered by a Celery task, downloadable until it expires."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("định dạng"), max_length=8, choices=ReportKind.choices)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=ReportScope.choices)
    province = models.ForeignKey(
        "businesses.Province",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices, blank=True)
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    grouping = models.CharField(
        _("nhóm theo"), max_length=10, choices=Grouping.choices, default=Grouping.AREA
    )

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    file = models.FileField(_("tệp"), upload_to=report_upload_to, blank=True, max_length=255)
    file_size = models.BigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("số dòng doanh nghiệp"), null=True, blank=True)

    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="national", province__isnull=True)
                | models.Q(scope="province", province__isnull=False),
                name="report_job_scope_matches_province",
            ),
            models.CheckConstraint(
                condition=models.Q(period_from__lte=models.F("period_to")), name="report_job_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.scope_label}"

    @property
    def scope_label(self) -> str:
        return str(self.province) if self.province_id else str(ReportScope.NATIONAL.label)

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED}

    @property
    def can_download(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file)

    @property
    def can_retry(self) -> bool:
        return self.status in {JobStatus.FAILED, JobStatus.EXPIRED}


class RankingGroup(models.TextChoices):
    A = "A", _("Nhóm A")
    B = "B", _("Nhóm B")
    C = "C", _("Nhóm C")


class ProvinceRanking(models.Model):
    """A published ranking of the provinces for one year in one programme (a snapshot: later data never
    changes it)."""

    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    programme = models.CharField(
        _("chương trình"), max_length=8, choices=Programme.choices, default=Programme.SMEDX
    )
    published_at = models.DateTimeField(_("công bố lúc"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    weights = models.JSONField(_("trọng số"), default=dict)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("xếp hạng tỉnh")
        verbose_name_plural = _("xếp hạng tỉnh")
        ordering = ["-year", "-published_at"]
        get_latest_by = "published_at"

    def __str__(self) -> str:
        return f"{self.programme} {self.year} ({timezone.localtime(self.published_at):%d/%m/%Y})"


class ProvinceRankingRow(models.Model):
    ranking = models.ForeignKey(ProvinceRanking, on_delete=models.CASCADE, related_name="rows")
    province = models.ForeignKey("businesses.Province", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("hạng"))
    group = models.CharField(_("nhóm"), max_length=1, choices=RankingGroup.choices)
    registered = models.PositiveIntegerField(_("doanh nghiệp đăng ký"))
    surveyed = models.PositiveIntegerField(_("đã khảo sát trong năm"))
    surveyed_share = models.DecimalField(_("tỷ lệ khảo sát (%)"), max_digits=6, decimal_places=2)
    submissions = models.PositiveIntegerField(_("lượt đánh giá trong năm"))
    average_level = models.DecimalField(_("mức bình quân"), max_digits=4, decimal_places=2, null=True)
    previous_average = models.DecimalField(
        _("mức bình quân năm trước"), max_digits=4, decimal_places=2, null=True
    )
    progress = models.DecimalField(_("tiến bộ"), max_digits=4, decimal_places=2, null=True)
    score = models.DecimalField(_("điểm tổng hợp"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["ranking", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "province"], name="unique_ranking_province"),
            models.UniqueConstraint(fields=["ranking", "rank"], name="unique_ranking_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.province_id} ({self.group})"


class SegmentCount(models.Model):
    """Businesses per province × programme × sector × weakest pillar × level: the segmentation, recomputed by
    a task.

    A business's segment in a programme is the sector it works in and the pillar where its latest survey in
    that programme scored lowest,
    i.e. where it most needs help. Recomputing reads every surveyed business once (seconds at a million),
    so it runs in the background (nightly and on demand) and pages read this small table.
    """

    province = models.ForeignKey("businesses.Province", on_delete=models.CASCADE, related_name="+")
    programme = models.CharField(max_length=8, choices=Programme.choices, default=Programme.SMEDX)
    sector_id = models.PositiveIntegerField(default=0)
    pillar = models.CharField(max_length=64)
    level = models.CharField(max_length=16, blank=True)
    businesses = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "programme", "sector_id", "pillar", "level"], name="unique_segment_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.sector_id} {self.pillar} {self.level}: {self.businesses}"


class ReachCount(models.Model):
    """People reached by a programme in a year through one channel (`reports.reach`): those reached that way,
    and those counted under it (their first channel; the counted add up to the total). Recounted from every
    SMS, event, account and survey of the year (`reports.reach_people_sql`, a second at a million surveys), so
    a task refreshes them every REPORTS_RECOUNT_SECONDS and the dashboards read these few rows."""

    programme = models.CharField(max_length=8, choices=Programme.choices)
    year = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=16)
    people = models.PositiveIntegerField(default=0)
    counted = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "channel"], name="unique_reach_count")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year} {self.channel}: {self.people}"


class TrialResultCount(models.Model):
    """A programme's results scored under the portal's retired trial criteria sets, per province (0: the whole
    country; `reports.trial_counts`). Counting them joins every such result to its business (30 ms a page for
    the largest province at a million businesses), and they change only when one of those businesses takes the
    survey again, so the task that recounts people reached recounts these too; the dashboards read a row."""

    programme = models.CharField(max_length=8, choices=Programme.choices)
    province_code = models.PositiveSmallIntegerField()  # 0: the nation
    results = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "province_code"], name="unique_trial_result_count")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.province_code}: {self.results}"
