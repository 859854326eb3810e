"""The report workbook (XlsxWriter in `constant_memory` mode from `.iterator(chunk_size=…)`, so a million
businesses take bounded memory, DESIGN.md "Pitfalls"): a summary, three tables and the business list.

The aggregates (one GROUP BY over the same rows, a third of a second at a million businesses) are counted by
PostgreSQL on a second connection while this one streams the business list: every worksheet is added first and
filled in any order (constant_memory only asks each sheet's rows in order), the summary and the tables last.
Inside a transaction (a test, a caller's atomic block) a second connection would not see its rows, so the
aggregates are read first on this one, as on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection, connections
from django.utils import timezone, translation
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


@contextmanager
def figures_meanwhile(spec: ReportSpec, figures: dict | None = None) -> Iterator[Future]:
    """The report's aggregates as a future: counted on another connection while the caller streams the rows
    (PostgreSQL, outside a transaction), else ready at once."""
    if figures is None and connection.vendor == "postgresql" and not connection.in_atomic_block:
        language, zone = translation.get_language(), timezone.get_current_timezone()

        def counted() -> dict:
            try:
                with translation.override(language), timezone.override(zone):
                    return report_figures(spec)
            finally:
                connections.close_all()  # this thread's connection, back to the pool

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-figures") as pool:
            yield pool.submit(counted)
        return
    ready: Future = Future()
    ready.set_result(figures or report_figures(spec))
    yield ready


def write_xlsx(path, spec: ReportSpec, progress: Progress = no_progress, figures: dict | None = None) -> int:
    """Write the report workbook to `path` and return the number of business rows."""
    import xlsxwriter

    progress(20)
    with figures_meanwhile(spec, figures) as pending:
        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
        try:
            formats = {
                "bold": workbook.add_format({"bold": True}),
                "title": workbook.add_format({"bold": True, "font_size": 14}),
                "when": workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
                "decimal": workbook.add_format({"num_format": "0.00"}),
            }
            summary = workbook.add_worksheet(_("Tổng hợp"))
            tables = [
                workbook.add_worksheet(name)
                for name in (_("Theo địa bàn"), _("Theo ngành"), _("Theo loại hình"))
            ]
            business_list = workbook.add_worksheet(_("Danh sách doanh nghiệp"))
            progress(30)
            count = _write_business_list(business_list, spec, formats, progress, pending)
            figures = pending.result()
            _write_summary(summary, figures, formats)
            _write_tables(tables, figures, formats["bold"])
            progress(95)
        finally:
            workbook.close()
    return count


def _write_summary(summary, figures: dict, formats: dict) -> None:
    summary.set_column(0, 0, 42)
    summary.set_column(1, 1, 18)
    total = figures["total"]
    lines = [
        (_("Báo cáo chuyển đổi số doanh nghiệp"), None),
        (_("Phạm vi"), figures["scope_label"]),
        (_("Chương trình"), str(figures["programme_label"])),
        (_("Kỳ báo cáo"), f"{figures['spec'].period_from:%d/%m/%Y} – {figures['spec'].period_to:%d/%m/%Y}"),
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
        summary.write_string(index, 0, str(label), formats["title"] if index == 0 else formats["bold"])
        if value is not None:
            summary.write(index, 1, value)
    row = len(lines) + 1
    if figures["pillars"]:
        summary.write_string(row, 0, _("Điểm trung bình theo trụ cột (0–100)"), formats["bold"])
        for offset, pillar in enumerate(figures["pillars"], start=1):
            summary.write_string(row + offset, 0, pillar["label"])
            summary.write_number(row + offset, 1, float(pillar["average"]), formats["decimal"])


def _write_tables(sheets: list, figures: dict, bold) -> None:
    header = table_header()
    for sheet, rows in zip(
        sheets, (figures["by_area"], figures["by_sector"], figures["by_kind"]), strict=True
    ):
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, len(header) - 1, 13)
        sheet.write_row(0, 0, header, bold)
        for index, item in enumerate(rows, start=1):
            for column, value in enumerate(table_values(item)):
                if value is not None:
                    sheet.write(index, column, value)
        sheet.freeze_panes(1, 1)


def _write_business_list(sheet, spec: ReportSpec, formats: dict, progress: Progress, pending: Future) -> int:
    """Every business row, in id order; the progress from 30 to 95 % once the aggregates have given the total."""
    columns = business_columns()
    for column, width in enumerate((10, 40, 16, 16, 28, 20, 24, 7, 7, 14, 30, 10, 17, 17)):
        sheet.set_column(column, column, width)
    sheet.write_row(0, 0, columns, formats["bold"])
    sheet.freeze_panes(1, 0)
    write_number, write_string, write_datetime = (
        sheet.write_number,
        sheet.write_string,
        sheet.write_datetime,
    )
    when = formats["when"]
    count = 0
    step = CHUNK * 10
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
        if count % step == 0 and pending.done():
            progress(30 + int(65 * count / max(pending.result()["total"]["registered"], 1)))
    return count
