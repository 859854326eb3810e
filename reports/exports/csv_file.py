"""The business list as CSV: PostgreSQL `COPY` when available, else row by row through `SafeWriter`."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection

from businesses.models import Business, BusinessKind, BusinessResult, Province, Sector, Ward
from reports.exports.figures import Progress, ReportSpec, no_progress
from reports.exports.rows import Lookups, business_columns, business_rows
from reports.selectors import programme_or_default, report_businesses
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme
from smedx_portal.spreadsheets import SafeWriter, safe_sql_text
from smedx_portal.trial_sets import TRIAL_LABEL, trial_set_ids


def write_csv(path, spec: ReportSpec, progress: Progress = no_progress) -> int:
    """The business list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the diacritics)."""
    if connection.vendor == "postgresql":
        return _write_csv_copy(path, spec)
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


def _case(column, mapping: dict):
    from psycopg import sql

    whens = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(code), sql.Literal(str(label)))
        for code, label in mapping.items()
    )
    return sql.SQL("CASE {} {} ELSE '' END").format(column, whens)


def _trial_case(column):
    """The trial label for results scored under the portal's own trial criteria sets ('' for the others)."""
    from psycopg import sql

    trial_ids = sorted(trial_set_ids())
    return _case(column, dict.fromkeys(trial_ids, TRIAL_LABEL)) if trial_ids else sql.SQL("''")


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
        _trial_case(sql.SQL("r.criteria_set_id")),
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
