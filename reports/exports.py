"""Rendering a report job's file: PDF (WeasyPrint, aggregates only), Excel (streaming) and CSV.

Excel is written with XlsxWriter in `constant_memory` mode from `.iterator(chunk_size=…)`, so a million
businesses take bounded memory (DESIGN.md "Pitfalls"); CSV goes through PostgreSQL `COPY` when available.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import DateTimeField, FloatField, Func, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.models import Business, BusinessKind, BusinessResult, Province, Sector, Ward
from reports.presenters import dashboard_charts
from reports.selectors import (
    kind_labels,
    pillar_averages,
    programme_or_default,
    report_businesses,
    report_cut,
    report_submissions,
    sector_labels,
    total_of,
)
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme, short_name
from smedx_portal.spreadsheets import SafeWriter, safe_sql_text

Progress = Callable[[int], None]
CHUNK = 5000


@dataclass(frozen=True)
class ReportSpec:
    """What a report covers (a `ReportJob`'s parameters, or a benchmark's)."""

    province_id: int | None
    programme: str
    period_from: datetime.date
    period_to: datetime.date
    grouping: str = "area"

    @classmethod
    def of(cls, job) -> ReportSpec:
        return cls(job.province_id, job.programme, job.period_from, job.period_to, job.grouping)


def _no_progress(_percent: int) -> None:
    return None


# --- figures ---------------------------------------------------------------------------------------------
def report_figures(spec: ReportSpec) -> dict:
    """The aggregates of a report: by area (province or ward), sector and kind, with levels, as of period end."""
    common = {
        "province_id": spec.province_id,
        "programme": spec.programme,
        "period_from": spec.period_from,
        "period_to": spec.period_to,
    }
    if spec.province_id is None:
        area_field, area_labels = "province_id", dict(Province.objects.values_list("code", "name"))
        area_name, area_missing = _("tỉnh/thành phố"), "?"
    else:
        area_field = "ward_id"
        area_labels = dict(Ward.objects.filter(province_id=spec.province_id).values_list("code", "name"))
        area_name, area_missing = _("xã/phường"), _("Chưa rõ xã/phường")
    by_area = report_cut(**common, field=area_field, labels=area_labels, missing=area_missing)
    by_sector = report_cut(**common, field="sector_id", labels=sector_labels(), missing=_("Chưa phân ngành"))
    by_kind = report_cut(**common, field="kind", labels=kind_labels(), missing="?")
    total = total_of(by_area, _("Tổng cộng"))
    total["in_period"] = sum(row["in_period"] for row in by_area)
    province = Province.objects.get(pk=spec.province_id) if spec.province_id else None
    groupings = {"area": by_area, "sector": by_sector, "kind": by_kind}
    return {
        "spec": spec,
        "province": province,
        "scope_label": province.name if province else _("Toàn quốc"),
        "programme_label": short_name(programme_or_default(spec.programme)),
        "area_name": area_name,
        "total": total,
        "by_area": by_area,
        "by_sector": by_sector,
        "by_kind": by_kind,
        "main": groupings.get(spec.grouping, by_area),
        "pillars": pillar_averages(
            province_id=spec.province_id, programme=programme_or_default(spec.programme)
        ),
        "trend": report_submissions(
            province_id=spec.province_id,
            programme=spec.programme,
            period_from=spec.period_from,
            period_to=spec.period_to,
        ),
        "generated_at": timezone.localtime(),
        "levels": [(code, str(label)) for code, label in Level.choices],
        "level_pairs": [(str(label), total["levels"][code]) for code, label in Level.choices],
    }


def table_header() -> list[str]:
    return [
        _("Tên"),
        _("Đăng ký"),
        _("Đã khảo sát"),
        _("Tỷ lệ khảo sát (%)"),
        _("Khảo sát trong kỳ"),
        *[str(label) for _code, label in Level.choices],
        _("Chưa khảo sát"),
        _("Điểm bình quân"),
        _("Mức bình quân (1–3)"),
    ]


def table_values(row: dict) -> list:
    return [
        row["label"],
        row["registered"],
        row["surveyed"],
        row["share"],
        row.get("in_period", 0),
        *row["level_list"],
        row["not_surveyed"],
        float(row["average_score"]) if row["average_score"] is not None else None,
        row["average_level"],
    ]


# --- PDF -------------------------------------------------------------------------------------------------
def render_report_pdf(spec: ReportSpec, progress: Progress = _no_progress) -> bytes:
    from smedx_portal.pdf import render_pdf

    figures = report_figures(spec)
    progress(50)
    charts = dashboard_charts(figures, area_name=figures["area_name"], width=640, tables=False)
    return render_pdf("reports/report_pdf.html", {"r": figures, "charts": charts, "header": table_header()})


# --- Excel -----------------------------------------------------------------------------------------------
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


def write_xlsx(path, spec: ReportSpec, progress: Progress = _no_progress, figures: dict | None = None) -> int:
    """Write the report workbook to `path` and return the number of business rows."""
    import xlsxwriter

    figures = figures or report_figures(spec)
    progress(20)
    total_rows = report_businesses(
        province_id=spec.province_id, programme=spec.programme, period_to=spec.period_to
    ).count()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    try:
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        decimal = workbook.add_format({"num_format": "0.00"})

        summary = workbook.add_worksheet(_("Tổng hợp"))
        summary.set_column(0, 0, 42)
        summary.set_column(1, 1, 18)
        total = figures["total"]
        lines = [
            (_("Báo cáo chuyển đổi số doanh nghiệp"), None),
            (_("Phạm vi"), figures["scope_label"]),
            (_("Chương trình"), str(figures["programme_label"])),
            (_("Kỳ báo cáo"), f"{spec.period_from:%d/%m/%Y} – {spec.period_to:%d/%m/%Y}"),
            (_("Lập lúc"), f"{figures['generated_at']:%H:%M %d/%m/%Y}"),
            (_("Doanh nghiệp đăng ký"), total["registered"]),
            (_("Đã khảo sát"), total["surveyed"]),
            (_("Tỷ lệ khảo sát (%)"), total["share"]),
            (_("Khảo sát trong kỳ"), total["in_period"]),
            *[(label, total["levels"][code]) for code, label in figures["levels"]],
            (_("Chưa khảo sát"), total["not_surveyed"]),
            (
                _("Điểm bình quân"),
                float(total["average_score"]) if total["average_score"] is not None else None,
            ),
            (_("Mức bình quân (1–3)"), total["average_level"]),
        ]
        for index, (label, value) in enumerate(lines):
            summary.write_string(index, 0, str(label), title if index == 0 else bold)
            if value is not None:
                summary.write(index, 1, value)
        row = len(lines) + 1
        if figures["pillars"]:
            summary.write_string(row, 0, _("Điểm trung bình theo trụ cột (0–100)"), bold)
            for offset, pillar in enumerate(figures["pillars"], start=1):
                summary.write_string(row + offset, 0, pillar["label"])
                summary.write_number(row + offset, 1, float(pillar["average"]), decimal)

        header = table_header()
        for name, rows in (
            (_("Theo địa bàn"), figures["by_area"]),
            (_("Theo ngành"), figures["by_sector"]),
            (_("Theo loại hình"), figures["by_kind"]),
        ):
            sheet = workbook.add_worksheet(name)
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, len(header) - 1, 13)
            sheet.write_row(0, 0, header, bold)
            for index, item in enumerate(rows, start=1):
                for column, value in enumerate(table_values(item)):
                    if value is not None:
                        sheet.write(index, column, value)
            sheet.freeze_panes(1, 1)
        progress(30)

        sheet = workbook.add_worksheet(_("Danh sách doanh nghiệp"))
        columns = business_columns()
        for column, width in enumerate((10, 40, 16, 16, 28, 20, 24, 7, 7, 14, 10, 17, 17)):
            sheet.set_column(column, column, width)
        sheet.write_row(0, 0, columns, bold)
        sheet.freeze_panes(1, 0)
        names = Lookups(spec.province_id)
        kinds, sectors, provinces, wards, levels = (
            names.kinds,
            names.sectors,
            names.provinces,
            names.wards,
            names.levels,
        )
        write_number, write_string, write_datetime = (
            sheet.write_number,
            sheet.write_string,
            sheet.write_datetime,
        )
        count = 0
        step = max(CHUNK * 10, total_rows // 10 or 1)
        for count, values in enumerate(business_rows(spec), start=1):
            (
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
                score,
                assessed,
                created,
            ) = values
            write_number(count, 0, pk)
            write_string(count, 1, name)
            if tax_code:
                write_string(count, 2, tax_code)
            write_string(count, 3, kinds.get(kind, kind))
            if sector_id:
                write_string(count, 4, sectors.get(sector_id, ""))
            write_string(count, 5, provinces.get(province_id, ""))
            if ward_id:
                write_string(count, 6, wards.get(ward_id, ""))
            if smedx:
                write_string(count, 7, "x")
            if rdx:
                write_string(count, 8, "x")
            if level:
                write_string(count, 9, levels.get(level, level))
            if score is not None:
                write_number(count, 10, score)
            if assessed is not None:
                write_datetime(count, 11, assessed, when)
            write_datetime(count, 12, created, when)
            if count % step == 0:
                progress(30 + int(65 * count / max(total_rows, 1)))
        progress(95)
    finally:
        workbook.close()
    return count


# --- CSV -------------------------------------------------------------------------------------------------
def write_csv(path, spec: ReportSpec, progress: Progress = _no_progress) -> int:
    """The business list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the diacritics)."""
    if connection.vendor == "postgresql":
        return _write_csv_copy(path, spec)
    names = Lookups(spec.province_id)
    count = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = SafeWriter(handle)
        writer.writerow(business_columns())
        for values in business_rows(spec):
            count += 1
            (
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
                score,
                assessed,
                created,
            ) = values
            writer.writerow(
                [
                    pk,
                    name,
                    tax_code or "",
                    names.kinds.get(kind, kind),
                    names.sectors.get(sector_id, ""),
                    names.provinces.get(province_id, ""),
                    names.wards.get(ward_id, ""),
                    "x" if smedx else "",
                    "x" if rdx else "",
                    names.levels.get(level, ""),
                    f"{score:.2f}" if score is not None else "",
                    f"{assessed:%d/%m/%Y %H:%M}" if assessed else "",
                    f"{created:%d/%m/%Y %H:%M}",
                ]
            )
    return count


def _case(column, mapping: dict):
    from psycopg import sql

    whens = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(code), sql.Literal(str(label)))
        for code, label in mapping.items()
    )
    return sql.SQL("CASE {} {} ELSE '' END").format(column, whens)


def _write_csv_copy(path, spec: ReportSpec) -> int:
    from psycopg import sql

    end = datetime.datetime.combine(spec.period_to + datetime.timedelta(days=1), datetime.time.min)
    tz = settings.TIME_ZONE
    conditions = [
        sql.SQL("b.created_at < ({}::timestamp AT TIME ZONE {})").format(sql.Literal(end), sql.Literal(tz))
    ]
    if spec.province_id is not None:
        conditions.append(sql.SQL("b.province_id = {}").format(sql.Literal(int(spec.province_id))))
    programme = programme_or_default(spec.programme)
    flag = "b.in_rdx" if programme == Programme.RDX else "b.in_smedx"
    conditions.append(sql.SQL(f"({flag} OR r.id IS NOT NULL)"))
    local = "to_char({}.{} AT TIME ZONE {}, 'DD/MM/YYYY HH24:MI')"
    columns = [
        sql.SQL("b.id"),
        safe_sql_text(sql.SQL("b.name")),
        safe_sql_text(sql.SQL("b.tax_code")),
        _case(sql.SQL("b.kind"), dict(BusinessKind.choices)),
        safe_sql_text(sql.SQL("s.name")),
        safe_sql_text(sql.SQL("p.name")),
        safe_sql_text(sql.SQL("w.name")),
        sql.SQL("CASE WHEN b.in_smedx THEN 'x' ELSE '' END"),
        sql.SQL("CASE WHEN b.in_rdx THEN 'x' ELSE '' END"),
        _case(sql.SQL("r.level"), dict(Level.choices)),
        sql.SQL("r.score"),
        sql.SQL(local.format("r", "assessed_at", "{}")).format(sql.Literal(tz)),
        sql.SQL(local.format("b", "created_at", "{}")).format(sql.Literal(tz)),
    ]
    selected = sql.SQL(", ").join(
        sql.SQL("{} AS {}").format(expression, sql.Identifier(header))
        for expression, header in zip(columns, business_columns(), strict=True)
    )
    statement = sql.SQL(
        "COPY (SELECT {columns} FROM {business} b JOIN {province} p ON p.code = b.province_id "
        "LEFT JOIN {sector} s ON s.id = b.sector_id LEFT JOIN {ward} w ON w.code = b.ward_id "
        "LEFT JOIN {result} r ON r.business_id = b.id AND r.programme = {programme} "
        "WHERE {where} ORDER BY b.id) TO STDOUT WITH (FORMAT csv, HEADER true)"
    ).format(
        columns=selected,
        business=sql.Identifier(Business._meta.db_table),
        province=sql.Identifier(Province._meta.db_table),
        sector=sql.Identifier(Sector._meta.db_table),
        ward=sql.Identifier(Ward._meta.db_table),
        result=sql.Identifier(BusinessResult._meta.db_table),
        programme=sql.Literal(programme),
        where=sql.SQL(" AND ").join(conditions),
    )
    with open(path, "wb") as handle, connection.cursor() as cursor:
        handle.write("\ufeff".encode())
        with cursor.cursor.copy(statement) as copy:
            for block in copy:
                handle.write(block)
    return report_businesses(
        province_id=spec.province_id, programme=spec.programme, period_to=spec.period_to
    ).count()
