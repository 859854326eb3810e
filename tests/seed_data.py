"""The reference data that the data migrations load, kept once per test session and put back after each
transactional test; and a flush that deletes the rows a test left instead of truncating every table.

A transactional test (`transaction=True`, a live server, a real Celery worker) ends with Django's flush, which
empties every table, the provinces, wards, sectors, catalogue groups and programme targets included. The tests
after it expect them, so `tests/conftest.py` puts them back: a copy of those tables (PostgreSQL `COPY`, ~3,500
rows) taken right after the migrations, written back in a few milliseconds. Where the database is not
PostgreSQL, every RunPython of the migration plan runs again instead (they are idempotent upserts).

Django's flush on PostgreSQL is one `TRUNCATE` of every table (~130, each with its indexes: new files for all of
them, 1–2 s, 5–8 s on a busy machine), while a test leaves rows in a dozen at most: `delete_flush` finds those
with one query and deletes their rows (foreign keys are checked at commit, as Django makes them deferrable).
Content types and permissions stay: the flush's post_migrate signal would create the same rows again.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db import connection, transaction
from django.db.backends.postgresql.operations import DatabaseOperations

PORTAL_APPS = {"core", "accounts", "businesses", "platforms", "experts", "assessment", "campaigns", "reports"}
KEPT_BY_FLUSH = {"django_content_type", "auth_permission"}
truncate_flush = DatabaseOperations.sql_flush


def filled_tables(connection, tables) -> list[str]:
    """The tables among `tables` that hold at least one row (one query)."""
    if not tables:
        return []
    quote = connection.ops.quote_name
    query = " UNION ALL ".join(
        f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {quote(table)})" for index, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [tables[index] for (index,) in cursor.fetchall()]


def delete_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False) -> list[str]:
    """`DatabaseOperations.sql_flush` for the test session: DELETE in the tables that have rows."""
    if reset_sequences:
        return truncate_flush(self, style, tables, reset_sequences=True, allow_cascade=allow_cascade)
    filled = [table for table in filled_tables(self.connection, list(tables)) if table not in KEPT_BY_FLUSH]
    return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {self.quote_name(table)}" for table in filled)]


class SeedSnapshot:
    """The rows of every table that holds data after the migrations, as PostgreSQL `COPY` text."""

    def __init__(self) -> None:
        self.tables: dict[str, bytes] = {}

    def take(self) -> None:
        if connection.vendor != "postgresql":
            return
        names = connection.introspection.django_table_names(only_existing=True, include_views=False)
        with connection.cursor() as cursor:
            for table in filled_tables(connection, sorted(names)):
                if table in KEPT_BY_FLUSH:
                    continue
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                    self.tables[table] = b"".join(bytes(block) for block in copy)

    def restore(self) -> None:
        """Write the rows back into the tables a flush emptied (or rerun the data migrations)."""
        if not self.tables:
            restore_seed_data_by_migrations()
            return
        empty = set(self.tables) - set(filled_tables(connection, list(self.tables)))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in sorted(empty):
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                    copy.write(self.tables[table])


def restore_seed_data_by_migrations() -> None:
    """Run the data migrations' code again, in order, with the real model registry, if the provinces are gone."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    from businesses.models import Province

    if Province.objects.exists():
        return
    loader = MigrationLoader(connection)
    schema_editor = SimpleNamespace(connection=connection)
    for app_label, name in _full_plan(loader):
        if app_label not in PORTAL_APPS:
            continue  # Django's and libraries' data migrations fix up their own tables, nothing to reload
        for operation in loader.graph.nodes[(app_label, name)].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, schema_editor)


def _full_plan(loader) -> list:
    plan: list = []
    for leaf in loader.graph.leaf_nodes():
        plan.extend(key for key in loader.graph.forwards_plan(leaf) if key not in plan)
    return plan
