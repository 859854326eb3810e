"""The report workbook (XlsxWriter in `constant_memory` mode from `.iterator(chunk_size=…)`, so a million
businesses take bounded memory, DESIGN.md "Pitfalls"): a summary, three tables and the business list."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.exports.figures import (
    CHUNK,
    Progress,
    ReportSpec,
    no_progress,
    report_figures,
    table_header,
    table_values,
)
from reports.exports.rows import business_columns, business_labels
from smedx_portal.trial_sets import TRIAL_LABEL


def write_xlsx(path, spec: ReportSpec, progress: Progress = no_progress, figures: dict | None = None) -> int:
    """Write the report workbook to `path` and return the number of business rows."""
    import xlsxwriter

    figures = figures or report_figures(spec)
    progress(20)
    total_rows = figures["total"]["registered"]  # the rows below (a count would read them all once more)
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
            (_("Kết quả chấm theo %(label)s") % {"label": TRIAL_LABEL}, figures["trial_results"]),
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
        for column, width in enumerate((10, 40, 16, 16, 28, 20, 24, 7, 7, 14, 30, 10, 17, 17)):
            sheet.set_column(column, column, width)
        sheet.write_row(0, 0, columns, bold)
        sheet.freeze_panes(1, 0)
        write_number, write_string, write_datetime = (
            sheet.write_number,
            sheet.write_string,
            sheet.write_datetime,
        )
        count = 0
        step = max(CHUNK * 10, total_rows // 10 or 1)
        for count, (
            pk,
            name,
            tax_code,
            kind,
            sector,
            province,
            ward,
            smedx,
            rdx,
            level,
            trial,
            score,
            assessed,
            created,
        ) in enumerate(business_labels(spec), start=1):
            write_number(count, 0, pk)
            write_string(count, 1, name)
            if tax_code:
                write_string(count, 2, tax_code)
            write_string(count, 3, kind)
            if sector:
                write_string(count, 4, sector)
            write_string(count, 5, province)
            if ward:
                write_string(count, 6, ward)
            if smedx:
                write_string(count, 7, "x")
            if rdx:
                write_string(count, 8, "x")
            if level:
                write_string(count, 9, level)
            if trial:
                write_string(count, 10, trial)
            if score is not None:
                write_number(count, 11, score)
            if assessed is not None:
                write_datetime(count, 12, assessed, when)
            write_datetime(count, 13, created, when)
            if count % step == 0:
                progress(30 + int(65 * count / max(total_rows, 1)))
        progress(95)
    finally:
        workbook.close()
    return count
