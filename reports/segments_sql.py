"""The segmentation's hand-written SQL (one INSERT … SELECT over every result, the weakest pillar computed from
the JSON of pillar scores in the database) and its ORM twin (kept equal by `tests/reports/test_segments_sql.py`
on PostgreSQL and SQLite). Table and column names come from the models' `_meta`, quoted by the connection.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.db import connection
from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL

from businesses.models import Business, BusinessResult
from reports.models import SegmentCount


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def weakest_pillar_sql(alias: str) -> str:
    """A SQL expression: the key of the lowest value in the pillar scores of the result row `alias` (NULL if
    none); ties go to the first key in alphabetical order."""
    scores = _column(BusinessResult, "pillar_scores")
    if connection.vendor == "postgresql":
        return f"(SELECT e.key FROM jsonb_each_text({alias}.{scores}) e ORDER BY (e.value)::numeric, e.key LIMIT 1)"  # noqa: S608
    return f"(SELECT e.key FROM json_each({alias}.{scores}) e ORDER BY CAST(e.value AS REAL), e.key LIMIT 1)"  # noqa: S608


def weakest_pillar_expression() -> RawSQL:
    """`weakest_pillar_sql` of the queried result row, as an ORM expression (for `.alias()` then `.filter()`).
    RawSQL because the pillar codes are free slugs of each criteria version: the lowest of all the JSON's keys
    has no ORM spelling."""
    sql = weakest_pillar_sql(connection.ops.quote_name(BusinessResult._meta.db_table))
    return RawSQL(sql, (), CharField())  # noqa: S611 - names from _meta, quoted


def with_weakest_pillar(results: QuerySet, pillar: str) -> QuerySet:
    """The results among `results` whose weakest pillar is `pillar` (the database computes it)."""
    return results.alias(weakest_pillar=weakest_pillar_expression()).filter(weakest_pillar=pillar)


def with_weakest_pillar_orm(results: QuerySet, pillar: str) -> QuerySet:
    """`with_weakest_pillar`'s ORM twin: the candidates' scores read, the weakest found in Python."""
    candidates = results.filter(pillar_scores__has_key=pillar).values_list("pk", "pillar_scores")
    return results.filter(pk__in=[pk for pk, scores in candidates if weakest_pillar(scores) == pillar])


def weakest_pillar(scores: dict) -> str | None:
    """`weakest_pillar_sql` in Python (the ORM twin's)."""
    if not scores:
        return None
    return min(scores.items(), key=lambda item: (Decimal(str(item[1])), item[0]))[0]


def segments_insert(now: datetime.datetime) -> int:
    """Insert the segment counts of every result (the table emptied by the caller); the number of cells."""
    quote = connection.ops.quote_name
    table = quote(SegmentCount._meta.db_table)
    business, result = quote(Business._meta.db_table), quote(BusinessResult._meta.db_table)
    names = ("province", "programme", "sector_id", "pillar", "level", "businesses", "computed_at")
    province, programme, sector, pillar, level, businesses, computed = (
        _column(SegmentCount, n) for n in names
    )
    sql = (
        f"INSERT INTO {table} ({province}, {programme}, {sector}, {pillar}, {level}, {businesses}, {computed}) "  # noqa: S608 - names
        f"SELECT province, programme, sector, pillar, level, COUNT(*), %s FROM ("
        f"  SELECT b.{_column(Business, 'province')} AS province, r.{_column(BusinessResult, 'programme')} AS programme,"
        f"  COALESCE(b.{_column(Business, 'sector')}, 0) AS sector, {weakest_pillar_sql('r')} AS pillar,"
        f"  r.{_column(BusinessResult, 'level')} AS level FROM {result} r"
        f"  JOIN {business} b ON b.{_column(Business, 'id')} = r.{_column(BusinessResult, 'business')}"
        f") s WHERE pillar IS NOT NULL GROUP BY province, programme, sector, pillar, level"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now])
        return cursor.rowcount


def segments_insert_orm(now: datetime.datetime) -> int:
    """`segments_insert`'s ORM twin: the results read and counted in Python."""
    counts: Counter = Counter()
    rows = BusinessResult.objects.values_list(
        "business__province_id", "programme", "business__sector_id", "pillar_scores", "level"
    )
    for province_id, programme, sector_id, scores, level in rows.iterator(chunk_size=5000):
        pillar = weakest_pillar(scores)
        if pillar is not None:
            counts[(province_id, programme, sector_id or 0, pillar, level)] += 1
    SegmentCount.objects.bulk_create(
        SegmentCount(
            province_id=province_id,
            programme=programme,
            sector_id=sector_id,
            pillar=pillar,
            level=level,
            businesses=count,
            computed_at=now,
        )
        for (province_id, programme, sector_id, pillar, level), count in counts.items()
    )
    return len(counts)
