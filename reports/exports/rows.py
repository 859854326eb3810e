"""The business list of a report: its columns, and its rows in id order, converted by PostgreSQL where it can."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import DateTimeField, FloatField, Func, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.models import Province, Sector, Ward
from reports.exports.figures import CHUNK, ReportSpec
from reports.selectors import kind_labels, report_businesses
from smedx_portal.levels import Level
from smedx_portal.trial_sets import TRIAL_LABEL, trial_set_ids


def business_columns() -> list[str]:
    return [
        _("Mã"),
        _("Tên"),
        _("Mã số thuế"),
        _("Loại hình"),
        _("Ngành nghề"),
        _("Tỉnh/thành phố"),
        _("Xã/phường"),
        "SMEdx",
        "RDX",
        _("Mức độ gần nhất"),
        _("Bộ tiêu chí của kết quả"),
        _("Điểm gần nhất"),
        _("Đánh giá gần nhất lúc"),
        _("Đăng ký lúc"),
    ]


BUSINESS_FIELDS = (
    "id",
    "name",
    "tax_code",
    "kind",
    "sector_id",
    "province_id",
    "ward_id",
    "in_smedx",
    "in_rdx",
    "programme_result__level",
    "programme_result__criteria_set_id",
    "programme_result__score",
    "programme_result__assessed_at",
    "created_at",
)


class Lookups:
    """Names for the codes of the business rows, loaded once (3,321 wards) instead of joined per row."""

    def __init__(self, province_id: int | None = None):
        self.kinds = kind_labels()
        self.levels = {code: str(label) for code, label in Level.choices}
        self.sectors = dict(Sector.objects.values_list("pk", "name"))
        self.provinces = dict(Province.objects.values_list("code", "name"))
        wards = Ward.objects.all() if province_id is None else Ward.objects.filter(province_id=province_id)
        self.wards = dict(wards.values_list("code", "name"))


class LocalTime(Func):
    """A timestamp as the wall-clock time of a time zone, without zone: `(column AT TIME ZONE 'zone')`."""

    arg_joiner = " AT TIME ZONE "
    template = "(%(expressions)s)"
    output_field = DateTimeField()


def business_rows(spec: ReportSpec) -> Iterator[tuple]:
    """The business list in id order as tuples of BUSINESS_FIELDS: codes as stored, the score as a float, times
    as naive wall-clock times of the current time zone (what a spreadsheet shows). PostgreSQL converts them
    (`AT TIME ZONE`, `::float`), so a million rows cost no Python conversion; other databases convert here."""
    queryset = report_businesses(
        province_id=spec.province_id, programme=spec.programme, period_to=spec.period_to
    ).order_by("id")
    if connection.vendor == "postgresql":
        zone = Value(timezone.get_current_timezone_name())
        yield from queryset.values_list(
            *BUSINESS_FIELDS[:-3],
            Cast("programme_result__score", FloatField()),
            LocalTime("programme_result__assessed_at", zone),
            LocalTime("created_at", zone),
        ).iterator(chunk_size=CHUNK)
        return
    tz = timezone.get_current_timezone()
    for *codes, score, assessed, created in queryset.values_list(*BUSINESS_FIELDS).iterator(chunk_size=CHUNK):
        yield (
            *codes,
            float(score) if score is not None else None,
            assessed.astimezone(tz).replace(tzinfo=None) if assessed is not None else None,
            created.astimezone(tz).replace(tzinfo=None),
        )


def business_labels(spec: ReportSpec) -> Iterator[tuple]:
    """The business list as the CSV and Excel writers show it: `business_rows` with names for the codes (see
    `label_rows`), in the order of `business_columns`."""
    return label_rows(business_rows(spec), Lookups(spec.province_id), trial_set_ids())


def label_rows(rows: Iterable[tuple], names: Lookups, trial_ids: frozenset[int]) -> Iterator[tuple]:
    """Rows of BUSINESS_FIELDS with names for the codes: (id, name, tax code, kind, sector, province, ward, in
    SMEdx, in RDX, level, `TRIAL_LABEL` for a result scored under a trial set, score, assessed at, registered at);
    "" where a text is missing, the two flags, the score and the times as they come. One pass, no call per row:
    the 1M-row Excel loop keeps its per-row cost (tests/bench/excel.py)."""
    kinds, sectors, provinces, wards, levels = (
        names.kinds,
        names.sectors,
        names.provinces,
        names.wards,
        names.levels,
    )
    trial_label = str(TRIAL_LABEL)
    for (
        pk,
        name,
        tax_code,
        kind,
        sector_id,
        province_id,
        ward_id,
        smedx,
        rdx,
        level,
        criteria_set_id,
        score,
        assessed,
        created,
    ) in rows:
        yield (
            pk,
            name,
            tax_code or "",
            kinds.get(kind, kind),
            sectors.get(sector_id, ""),
            provinces.get(province_id, ""),
            wards.get(ward_id, ""),
            smedx,
            rdx,
            levels.get(level, level or ""),
            trial_label if criteria_set_id in trial_ids else "",
            score,
            assessed,
            created,
        )
