"""The business list as CSV: PostgreSQL `COPY` when available (`reports.exports.csv_sql`), else row by row
through `SafeWriter` (`write_csv_orm`, the COPY path's twin)."""

from __future__ import annotations

from django.db import connection

from reports.exports.figures import Progress, ReportSpec, no_progress
from reports.exports.rows import Lookups, business_columns, business_rows
from smedx_portal.spreadsheets import SafeWriter
from smedx_portal.trial_sets import TRIAL_LABEL, trial_set_ids


def write_csv(path, spec: ReportSpec, progress: Progress = no_progress) -> int:
    """The business list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the diacritics)."""
    if connection.vendor == "postgresql":
        from reports.exports.csv_sql import write_csv_copy

        return write_csv_copy(path, spec)
    return write_csv_orm(path, spec)


def write_csv_orm(path, spec: ReportSpec) -> int:
    """`write_csv` row by row through `SafeWriter` (other databases; the COPY path's twin); the row count."""
    names = Lookups(spec.province_id)
    trial_ids = trial_set_ids()
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
                criteria_set_id,
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
                    str(TRIAL_LABEL) if criteria_set_id in trial_ids else "",
                    f"{score:.2f}" if score is not None else "",
                    f"{assessed:%d/%m/%Y %H:%M}" if assessed else "",
                    f"{created:%d/%m/%Y %H:%M}",
                ]
            )
    return count
