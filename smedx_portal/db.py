"""Several small SQL statements in one round trip to PostgreSQL, prepared once per connection.

The survey's hottest requests run a handful of small statements, and on a busy server each round trip to the
database, and the planning of each statement, cost more than the work itself. On PostgreSQL `run_together`
sends them in one pipeline (one round trip) through a cursor that binds parameters on the server, so psycopg
prepares each statement after a few runs on a connection (`prepare_threshold`, see `env.database_config`);
other databases (SQLite in development) run them one by one. Run them inside `transaction.atomic()` when they
must all apply or none: a failing statement then rolls back the others on every database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.sql import UpdateQuery


@dataclass(frozen=True)
class Statement:
    sql: str  # %s placeholders; a literal % must be written %%
    params: Sequence[Any] = ()


@dataclass
class Outcome:
    rowcount: int  # rows written; for a SELECT, read `rows` (SQLite reports -1)
    rows: list[tuple] = field(default_factory=list)


def run_together(statements: Sequence[Statement | None], *, using: str = "default") -> list[Outcome]:
    """Run the statements in order (None entries skipped); each one's rowcount and rows, in order."""
    batch = [statement for statement in statements if statement is not None]
    if not batch:
        return []
    connection = connections[using]
    if connection.vendor == "postgresql":
        return _pipelined(connection, batch)
    outcomes = []
    with connection.cursor() as cursor:
        for statement in batch:
            cursor.execute(statement.sql, list(statement.params))
            outcomes.append(_outcome(cursor))
    return outcomes


def _pipelined(connection, batch: list[Statement]) -> list[Outcome]:
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    # wrapped as Django wraps its own cursors: errors translated, queries counted and logged in DEBUG
    cursors = [connection._prepare_cursor(ServerBindingCursor(connection.connection)) for _ in batch]
    try:
        with connection.wrap_database_errors, connection.connection.pipeline():
            for cursor, statement in zip(cursors, batch, strict=True):
                cursor.execute(statement.sql, list(statement.params))
        return [_outcome(cursor) for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _outcome(cursor) -> Outcome:
    return Outcome(rowcount=cursor.rowcount, rows=cursor.fetchall() if cursor.description else [])


def update_statement(queryset: QuerySet, **values: Any) -> Statement:
    """The UPDATE that `queryset.update(**values)` would run, to send with others (no signals, as update())."""
    query = queryset.query.chain(UpdateQuery)
    query.add_update_values(values)
    sql, params = query.get_compiler(queryset.db).as_sql()
    return Statement(sql, tuple(params))


def converted(
    model: type[Model], fields: Sequence[str], row: Sequence[Any], *, using: str = "default"
) -> list:
    """The values of a hand-written query's row for `fields` of `model`, converted as the ORM converts them."""
    connection = connections[using]
    values = []
    for name, value in zip(fields, row, strict=True):
        field = model._meta.get_field(name)
        column = field.get_col(model._meta.db_table)
        for converter in [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]:
            value = converter(value, column, connection)
        values.append(value)
    return values


def from_row(
    model: type[Model], fields: Sequence[str], row: Sequence[Any], *, using: str = "default"
) -> Model:
    """A model instance from a hand-written query's row (the other fields deferred)."""
    by_attname = {
        model._meta.get_field(name).attname: value
        for name, value in zip(fields, converted(model, fields, row, using=using), strict=True)
    }
    # from_db takes the values in the model's field order
    attnames = [field.attname for field in model._meta.concrete_fields if field.attname in by_attname]
    return model.from_db(using, attnames, [by_attname[name] for name in attnames])


def select_list(model: type[Model], fields: Sequence[str], alias: str, *, using: str = "default") -> str:
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(model._meta.get_field(name).column)}" for name in fields)
