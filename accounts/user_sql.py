"""The user load of every signed-in request, written by hand, and its ORM twin (kept equal by
`tests/accounts/test_user_sql.py` on PostgreSQL and SQLite).

Every signed-in request loads its user by id: the statement is written once, not built by the ORM's query
compiler (which cost three times the query itself), and PostgreSQL runs it prepared (`smedx_portal.db`).
Table and column names come from the model's `_meta`, quoted by the connection.
"""

from __future__ import annotations

import functools

from django.db import connection

from accounts.models import User
from smedx_portal.db import Statement, from_row, run_together, select_list

USER_FIELDS = tuple(field.name for field in User._meta.concrete_fields)


def user_row(pk: int) -> User | None:
    """The user with this primary key (every field loaded), or None."""
    rows = run_together([Statement(_user_sql(), [pk])])[0].rows
    return from_row(User, USER_FIELDS, rows[0]) if rows else None


def user_row_orm(pk: int) -> User | None:
    """`user_row`'s ORM twin."""
    return User.objects.filter(pk=pk).first()


@functools.cache  # one database (the default) for users
def _user_sql() -> str:
    table = connection.ops.quote_name(User._meta.db_table)
    key = connection.ops.quote_name(User._meta.pk.column)
    return f"SELECT {select_list(User, USER_FIELDS, table)} FROM {table} WHERE {table}.{key} = %s"  # noqa: S608
