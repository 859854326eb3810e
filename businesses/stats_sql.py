"""The summary bookkeeping's hand-written statements and their ORM twins (kept equal by
`tests/businesses/test_stats_sql.py` on PostgreSQL and SQLite).

Written by hand because a submit sends them with its own UPDATE in one round trip (`smedx_portal.db.run_together`);
the ORM twin does the same work in several statements. Table and column names come from the models' `_meta`,
quoted by the connection; values are prepared by the fields, as the ORM prepares them.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, Model

from businesses.models import BusinessResult
from smedx_portal.db import Statement

RESULT_FIELDS = (
    "business",
    "programme",
    "level",
    "score",
    "pillar_scores",
    "criteria_set_id",
    "criteria_version",
)
RESULT_KEY = ("business", "programme")


def increment_statement(model: type[Model], rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> Statement:
    """`INSERT … ON CONFLICT (key) DO UPDATE SET n = n + excluded.n` adding each row's increments to its cell of a
    summary table (rows of (key, increments) by field name; every row has the same fields)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key, increments = rows[0]
    key_columns = [quote(model._meta.get_field(name).column) for name in key]
    added = [quote(model._meta.get_field(name).column) for name in increments]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(key) + len(added))) + ")"] * len(rows))
    updates = ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in added)
    sql = (
        f"INSERT INTO {table} ({', '.join([*key_columns, *added])}) VALUES {placeholders} "  # noqa: S608 - names
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {updates}"
    )
    return Statement(
        sql, [value for key, increments in rows for value in (*key.values(), *increments.values())]
    )


def increment_orm(model: type[Model], rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """`increment_statement`'s ORM twin: add to the cell if it exists, else create it (call in a transaction that
    holds the business's lock, as the statement's callers do)."""
    for key, increments in rows:
        added = model.objects.filter(**key).update(
            **{name: F(name) + value for name, value in increments.items()}
        )
        if not added:
            model.objects.create(**key, **increments)


def result_statement(result: BusinessResult) -> Statement:
    """The upsert of a business's result in one programme (the row is derived data: no history)."""
    quote = connection.ops.quote_name
    meta = BusinessResult._meta
    fields = [meta.get_field(name) for name in [*RESULT_FIELDS, "assessed_at"]]
    columns = [quote(field.column) for field in fields]
    key = columns[: len(RESULT_KEY)]
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns[len(RESULT_KEY) :])
    return Statement(
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 - names only
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}",
        [field.get_db_prep_save(getattr(result, field.attname), connection) for field in fields],
    )


def result_orm(result: BusinessResult) -> None:
    """`result_statement`'s ORM twin: one upsert through `bulk_create(update_conflicts=True)`."""
    BusinessResult.objects.bulk_create(
        [result],
        update_conflicts=True,
        unique_fields=list(RESULT_KEY),
        update_fields=[name for name in (*RESULT_FIELDS, "assessed_at") if name not in RESULT_KEY],
    )
