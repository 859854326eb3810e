"""The report CSV's hand-written path: one PostgreSQL `COPY (SELECT …) TO STDOUT (FORMAT csv)`, so a million
businesses stream from the database to the file without a Python row. Its ORM twin is
`reports.exports.csv_file.write_csv_orm` (the same file row by row through `SafeWriter`), kept equal by
`tests/reports/test_csv_sql.py` on PostgreSQL. Table and column names come from the models' `_meta`, quoted by
the connection; text cells are neutralised in SQL by `smedx_portal.spreadsheets.safe_sql_text`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Model
from psycopg import sql

from businesses.models import Business, BusinessKind, BusinessResult, Province, Sector, Ward
from reports.exports.figures import ReportSpec
from reports.exports.rows import business_columns
from reports.selectors import programme_or_default, report_businesses
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme
from smedx_portal.spreadsheets import safe_sql_text
from smedx_portal.trial_sets import TRIAL_LABEL, trial_set_ids


def _name(name: str) -> sql.SQL:
    return sql.SQL(connection.ops.quote_name(name))


def _table(model: type[Model]) -> sql.SQL:
    return _name(model._meta.db_table)


def _column(alias: str, model: type[Model], field: str) -> sql.Composed:
    """`alias.column` of a model's field (a relation's field: its key column; `pk`: the primary key)."""
    meta = model._meta
    column = meta.pk.column if field == "pk" else meta.get_field(field).column
    return sql.SQL("{}.{}").format(sql.SQL(alias), _name(column))


def _case(column: sql.Composable, mapping: dict) -> sql.Composed:
    whens = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(code), sql.Literal(str(label)))
        for code, label in mapping.items()
    )
    return sql.SQL("CASE {} {} ELSE '' END").format(column, whens)


def _trial_case(column: sql.Composable) -> sql.Composable:
    """The trial label for results scored under the portal's own trial criteria sets ('' for the others)."""
    trial_ids = sorted(trial_set_ids())
    return _case(column, dict.fromkeys(trial_ids, TRIAL_LABEL)) if trial_ids else sql.SQL("''")


def _flag(column: sql.Composable) -> sql.Composed:
    return sql.SQL("CASE WHEN {} THEN 'x' ELSE '' END").format(column)


def _local(column: sql.Composable, tz: str) -> sql.Composed:
    return sql.SQL("to_char({} AT TIME ZONE {}, 'DD/MM/YYYY HH24:MI')").format(column, sql.Literal(tz))


def csv_statement(spec: ReportSpec) -> sql.Composed:
    """The COPY statement of the report's business list (a header row, then one row per business in id order)."""
    b = lambda field: _column("b", Business, field)  # noqa: E731 - short aliases keep the SELECT readable
    r = lambda field: _column("r", BusinessResult, field)  # noqa: E731
    end = datetime.datetime.combine(spec.period_to + datetime.timedelta(days=1), datetime.time.min)
    tz = settings.TIME_ZONE
    limit = sql.SQL("({}::timestamp AT TIME ZONE {})").format(sql.Literal(end), sql.Literal(tz))
    conditions = [sql.SQL("{} < {}").format(b("created_at"), limit)]
    if spec.province_id is not None:
        conditions.append(sql.SQL("{} = {}").format(b("province"), sql.Literal(int(spec.province_id))))
    programme = programme_or_default(spec.programme)
    flag = b("in_rdx") if programme == Programme.RDX else b("in_smedx")
    conditions.append(sql.SQL("({} OR {} IS NOT NULL)").format(flag, r("pk")))
    columns = [
        b("pk"),
        safe_sql_text(b("name")),
        safe_sql_text(b("tax_code")),
        _case(b("kind"), dict(BusinessKind.choices)),
        safe_sql_text(_column("s", Sector, "name")),
        safe_sql_text(_column("p", Province, "name")),
        safe_sql_text(_column("w", Ward, "name")),
        _flag(b("in_smedx")),
        _flag(b("in_rdx")),
        _case(r("level"), dict(Level.choices)),
        _trial_case(r("criteria_set_id")),
        r("score"),
        _local(r("assessed_at"), tz),
        _local(b("created_at"), tz),
    ]
    selected = sql.SQL(", ").join(
        sql.SQL("{} AS {}").format(expression, _name(header))
        for expression, header in zip(columns, business_columns(), strict=True)
    )
    return sql.SQL(
        "COPY (SELECT {columns} FROM {business} b JOIN {province} p ON {province_key} = {b_province} "
        "LEFT JOIN {sector} s ON {sector_key} = {b_sector} LEFT JOIN {ward} w ON {ward_key} = {b_ward} "
        "LEFT JOIN {result} r ON {r_business} = {b_key} AND {r_programme} = {programme} "
        "WHERE {where} ORDER BY {b_key}) TO STDOUT WITH (FORMAT csv, HEADER true)"
    ).format(
        columns=selected,
        business=_table(Business),
        province=_table(Province),
        sector=_table(Sector),
        ward=_table(Ward),
        result=_table(BusinessResult),
        province_key=_column("p", Province, "pk"),
        sector_key=_column("s", Sector, "pk"),
        ward_key=_column("w", Ward, "pk"),
        b_key=b("pk"),
        b_province=b("province"),
        b_sector=b("sector"),
        b_ward=b("ward"),
        r_business=r("business"),
        r_programme=r("programme"),
        programme=sql.Literal(programme),
        where=sql.SQL(" AND ").join(conditions),
    )


def write_csv_copy(path, spec: ReportSpec) -> int:
    """Write the report CSV with PostgreSQL COPY (UTF-8 with a byte-order mark); the number of businesses."""
    statement = csv_statement(spec)
    with open(path, "wb") as handle, connection.cursor() as cursor:
        handle.write("\ufeff".encode())
        with cursor.cursor.copy(statement) as copy:
            for block in copy:
                handle.write(block)
    return report_businesses(
        province_id=spec.province_id, programme=spec.programme, period_to=spec.period_to
    ).count()
