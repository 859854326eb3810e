"""Several small SQL statements in one round trip to PostgreSQL, prepared once per connection.

The survey's hottest requests run a handful of small statements, and on a busy server each round trip to the
database, and the planning of each statement, cost more than the work itself. On PostgreSQL `run_together`
sends them through psycopg's own cursor, which binds parameters on the server (public psycopg and Django APIs
only: `psycopg.Cursor`, `connection.connection.pipeline()`, `make_cursor`), so psycopg prepares each statement
after a few runs on a connection (`prepare_threshold`, see `env.database_config`), and several in one pipeline (one round
trip; a single statement goes without one: a pipeline's own cost is more than half a plain query's); other
databases (SQLite in development) run them one by one. Run them inside `transaction.atomic()` when they
must all apply or none: a failing statement then rolls back the others on every database.

Kept against the ORM on measurement (`python -m tests.bench persistence`, interleaved rounds, CPU of the process
and of its PostgreSQL backend, 7/12/2026 on a loaded 2-core machine): the ORM doing the same work cost 2.1–2.2×
for the submit's UPDATE, 1.9–2.3× for the submit's write with its bookkeeping, 2.7–3.1× for the user load. Every
caller keeps its statements in one module per path with an ORM twin tested equal (`tests/twins.py`).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Model


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
        return _run_server_bound(connection, batch)
    outcomes = []
    with connection.cursor() as cursor:
        for statement in batch:
            cursor.execute(statement.sql, list(statement.params))
            outcomes.append(_outcome(cursor))
    return outcomes


def fetch_rows(sql: str, params: Sequence[Any] = (), *, using: str = "default") -> list[tuple]:
    """One SELECT's rows, through `run_together`: on PostgreSQL bound on the server, so psycopg prepares it after a
    few runs on a connection and PostgreSQL no longer parses and plans it on every request (for the survey's
    five-table read that was 0.7 ms of the database's CPU against 0.15 prepared)."""
    return run_together([Statement(sql, params)], using=using)[0].rows


def _run_server_bound(connection, batch: list[Statement]) -> list[Outcome]:
    """psycopg's own `Cursor` binds parameters on the server (psycopg prepares it after `prepare_threshold`
    runs); it is wrapped by the connection's public `make_cursor` / `make_debug_cursor`, as Django wraps its
    own cursors (errors translated, queries counted and logged in DEBUG)."""
    import psycopg

    connection.ensure_connection()
    connection.validate_thread_sharing()
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    cursors = [wrap(psycopg.Cursor(connection.connection)) for _ in batch]
    try:
        with connection.wrap_database_errors, _pipeline(connection.connection, len(batch)):
            for cursor, statement in zip(cursors, batch, strict=True):
                cursor.execute(statement.sql, list(statement.params))
        return [_server_bound_outcome(cursor) for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _pipeline(psycopg_connection, statements: int):
    return psycopg_connection.pipeline() if statements > 1 else contextlib.nullcontext()


def _server_bound_outcome(cursor) -> Outcome:
    """As `_outcome`, telling a SELECT by psycopg's public `pgresult` status: `cursor.description` would build a
    column description for every column (0.3 ms for the survey's 78-column read)."""
    import psycopg

    result = cursor.pgresult
    returned_rows = result is not None and result.status == psycopg.pq.ExecStatus.TUPLES_OK
    return Outcome(rowcount=cursor.rowcount, rows=cursor.fetchall() if returned_rows else [])


def _outcome(cursor) -> Outcome:
    return Outcome(rowcount=cursor.rowcount, rows=cursor.fetchall() if cursor.description else [])


def update_row_statement(model: type[Model], pk: Any, *, using: str = "default", **values: Any) -> Statement:
    """`UPDATE <table> SET <fields> = … WHERE <pk> = pk`: what `Model.objects.filter(pk=pk).update(**values)`
    runs for plain values (prepared by their fields as the ORM prepares them; no signals, no history row), built
    without the ORM's query compiler."""
    connection = connections[using]
    fields = [model._meta.get_field(name) for name in values]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    params = [field.get_db_prep_save(_saved_value(field, values[field.name]), connection) for field in fields]
    return Statement(f"UPDATE {table} SET {assignments} WHERE {key} = %s", [*params, pk])  # noqa: S608 - names


def _saved_value(field, value: Any) -> Any:
    """A related instance as its key, as the ORM's UPDATE takes it."""
    if field.remote_field and hasattr(value, "prepare_database_save"):
        return value.prepare_database_save(field)
    return value


def converted(
    model: type[Model], fields: Sequence[str], row: Sequence[Any], *, using: str = "default"
) -> list:
    """The values of a hand-written query's row for `fields` of `model`, converted as the ORM converts them."""
    connection = connections[using]
    values = []
    for converters, value in zip(_converters(connection, model, tuple(fields)), row, strict=True):
        for converter, column in converters:
            value = converter(value, column, connection)
        values.append(value)
    return values


Converter = Callable[[Any, Any, Any], Any]


_CONVERTERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _converters(connection, model: type[Model], fields: tuple[str, ...]) -> list[list[tuple[Converter, Any]]]:
    """Each field's converters (the backend's, then the field's), looked up once per connection: the lookup
    costs more than the conversions. Kept per connection object (weakly: a closed thread's connection goes)
    because the backend's converters are its methods (a connection belongs to one thread)."""
    cache = _CONVERTERS.setdefault(connection, {})
    key = (model, fields)
    if key not in cache:
        cache[key] = [_field_converters(connection, model._meta.get_field(name)) for name in fields]
    return cache[key]


def _field_converters(connection, field) -> list[tuple[Converter, Any]]:
    column = field.get_col(field.model._meta.db_table)
    found = [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]
    return [(converter, column) for converter in found]


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
