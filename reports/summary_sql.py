"""A dashboard's figures from the summary tables in one hand-written statement, and its ORM twin (kept equal by
`tests/reports/test_summary_sql.py` on PostgreSQL and SQLite).

A dashboard reads six GROUP BYs over the summary tables (by area, kind and sector, the programme totals, the
pillar averages, the monthly trend). Through the ORM each costs about 1 ms of Python to build and compile, for
well under 0.1 ms in the database; at a million businesses that was a fifth of the national page's 30 ms
budget (issue 21, `tests/bench/reports.py`). Here they are one `UNION ALL`, its text built once per shape from
the models' `_meta` (table and column names quoted by the connection), so a page pays one round trip and no
query compilation. Each row is a `Cell`: (part, number key, text key, month, level, count, score sum), the
part being one of PARTS.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from decimal import Decimal
from functools import cache

from django.db import connection
from django.db.models import Sum

from businesses.models import PillarStat, ProvinceStat, SubmissionStat, WardStat

Cell = tuple[str, int | None, str | None, datetime.date | None, str, int, Decimal | None]
PARTS = ("area", "kind", "sector", "programme", "pillar", "month")
CENT = Decimal("0.01")
_FLOATS = decimal.Context(prec=15)  # how Django reads a decimal that SQLite returns as a float


def _name(model, field: str | None = None) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column if field else model._meta.db_table)


@cache
def _statement(vendor: str, in_province: bool) -> str:
    """The statement for a national (ProvinceStat) or a province's (WardStat) dashboard; its parameters are
    `_parameters`'. Cached per shape: the names come from the models, fixed at start."""
    stat, area = (WardStat, "ward_code") if in_province else (ProvinceStat, "province")
    table, level, count, score = (
        _name(stat),
        _name(stat, "level"),
        _name(stat, "businesses"),
        _name(stat, "score_sum"),
    )
    programme, province = _name(stat, "programme"), _name(stat, "province")
    place = f" AND {province} = %s" if in_province else ""

    def cut(part: str, field: str, *, text: bool) -> str:
        column = _name(stat, field)
        number, label = ("CAST(NULL AS BIGINT)", column) if text else (column, "CAST(NULL AS VARCHAR(64))")
        return (
            f"SELECT '{part}', {number}, {label}, CAST(NULL AS DATE), {level}, SUM({count}), SUM({score}) "  # noqa: S608
            f"FROM {table} WHERE {programme} = %s{place} GROUP BY {column}, {level}"
        )

    pillar_table, pillar = _name(PillarStat), _name(PillarStat, "pillar")
    pillar_place = f" AND {_name(PillarStat, 'province')} = %s" if in_province else ""
    months, month, month_level = (
        _name(SubmissionStat),
        _name(SubmissionStat, "month"),
        _name(SubmissionStat, "level"),
    )
    month_place = f" AND {_name(SubmissionStat, 'province')} = %s" if in_province else ""
    every_programme = f" WHERE {province} = %s" if in_province else ""
    parts = [
        cut("area", area, text=False),
        cut("kind", "kind", text=True),
        cut("sector", "sector_id", text=False),
        f"SELECT 'programme', CAST(NULL AS BIGINT), {programme}, CAST(NULL AS DATE), {level}, SUM({count}), "  # noqa: S608
        f"CAST(NULL AS NUMERIC) FROM {table}{every_programme} GROUP BY {programme}, {level}",
        f"SELECT 'pillar', CAST(NULL AS BIGINT), {pillar}, CAST(NULL AS DATE), '', "  # noqa: S608
        f"SUM({_name(PillarStat, 'businesses')}), SUM({_name(PillarStat, 'score_sum')}) FROM {pillar_table} "
        f"WHERE {_name(PillarStat, 'programme')} = %s{pillar_place} GROUP BY {pillar}",
        f"SELECT 'month', CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR(64)), {month}, {month_level}, "  # noqa: S608
        f"SUM({_name(SubmissionStat, 'submissions')}), CAST(NULL AS NUMERIC) FROM {months} "
        f"WHERE {_name(SubmissionStat, 'programme')} = %s AND {month} >= %s AND {month} <= %s{month_place} "
        f"GROUP BY {month}, {month_level}",
    ]
    return (
        " UNION ALL ".join(parts) + " ORDER BY 1, 3"
    )  # pillars in the database's order, as the ORM reads them


def _parameters(province_id: int | None, programme: str, first: datetime.date, last: datetime.date) -> list:
    place = [] if province_id is None else [province_id]
    return [
        *([programme, *place] * 3),  # area, kind, sector
        *place,  # the programme totals: every programme
        programme,
        *place,  # pillars
        programme,
        first,
        last,
        *place,  # months
    ]


def _number(value) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _FLOATS.create_decimal_from_float(value).quantize(CENT)
    return Decimal(value)


def _month(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def summary_cells(
    *, province_id: int | None, programme: str, first: datetime.date, last: datetime.date
) -> list[Cell]:
    """The dashboard's cells for the nation (`province_id` None) or a province, `programme`'s figures (and
    every programme's totals), months `first`…`last` of the trend: one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            _statement(connection.vendor, province_id is not None),
            _parameters(province_id, programme, first, last),
        )
        rows = cursor.fetchall()
    return [
        (part, number, text, _month(month), level, int(count or 0), _number(score))
        for part, number, text, month, level, count, score in rows
    ]


def summary_cells_orm(
    *, province_id: int | None, programme: str, first: datetime.date, last: datetime.date
) -> list[Cell]:
    """`summary_cells`' ORM twin: the same six GROUP BYs as six queries."""
    stats = (
        ProvinceStat.objects.all()
        if province_id is None
        else WardStat.objects.filter(province_id=province_id)
    )
    pillars = PillarStat.objects.filter(programme=programme)
    months = SubmissionStat.objects.filter(programme=programme, month__gte=first, month__lte=last)
    if province_id is not None:
        pillars, months = pillars.filter(province_id=province_id), months.filter(province_id=province_id)
    mine = stats.filter(programme=programme)
    cells: list[Cell] = []
    for part, field, text in (
        ("area", "province_id" if province_id is None else "ward_code", False),
        ("kind", "kind", True),
        ("sector", "sector_id", False),
    ):
        for item in mine.values(field, "level").annotate(n=Sum("businesses"), s=Sum("score_sum")).order_by():
            key = item[field]
            cells.append(
                (
                    part,
                    None if text else key,
                    key if text else None,
                    None,
                    item["level"],
                    item["n"],
                    item["s"],
                )
            )
    for item in stats.values("programme", "level").annotate(n=Sum("businesses")).order_by():
        cells.append(("programme", None, item["programme"], None, item["level"], item["n"], None))
    for item in pillars.values("pillar").annotate(n=Sum("businesses"), s=Sum("score_sum")).order_by("pillar"):
        cells.append(("pillar", None, item["pillar"], None, "", item["n"], item["s"]))
    for item in months.values("month", "level").annotate(n=Sum("submissions")).order_by():
        cells.append(("month", None, None, item["month"], item["level"], item["n"], None))
    return cells


def by_part(cells: Iterable[Cell]) -> dict[str, list[Cell]]:
    """The cells of each part, in the order read."""
    parts: dict[str, list[Cell]] = {part: [] for part in PARTS}
    for cell in cells:
        parts[cell[0]].append(cell)
    return parts
