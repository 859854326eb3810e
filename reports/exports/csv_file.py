"""The business list as CSV: PostgreSQL `COPY` when available (`reports.exports.csv_sql`), else row by row
through `SafeWriter` (`write_csv_orm`, the COPY path's twin)."""

from __future__ import annotations

from django.db import connection

from reports.exports.figures import Progress, ReportSpec, no_progress
from reports.exports.rows import business_columns, business_labels
from smedx_portal.spreadsheets import SafeWriter


def write_csv(path, spec: ReportSpec, progress: Progress = no_progress) -> int:
    """The business list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the diacritics)."""
    if connection.vendor == "postgresql":
        from reports.exports.csv_sql import write_csv_copy

        return write_csv_copy(path, spec)
    return write_csv_orm(path, spec)


def write_csv_orm(path, spec: ReportSpec) -> int:
    """`write_csv` row by row through `SafeWriter` (other databases; the COPY path's twin); the row count."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = SafeWriter(handle)
        writer.writerow(business_columns())
        for *texts, smedx, rdx, level, trial, score, assessed, created in business_labels(spec):
            count += 1
            writer.writerow(
                [
                    *texts,
                    "x" if smedx else "",
                    "x" if rdx else "",
                    level,
                    trial,
                    f"{score:.2f}" if score is not None else "",
                    f"{assessed:%d/%m/%Y %H:%M}" if assessed else "",
                    f"{created:%d/%m/%Y %H:%M}",
                ]
            )
    return count
