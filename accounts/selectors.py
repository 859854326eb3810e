"""Read-side queries of accounts."""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from smedx_portal.db import Statement, from_row, run_together, select_list

_USER_FIELDS = tuple(field.name for field in User._meta.concrete_fields)


def user_by_id(user_id: Any) -> User | None:
    """The user with this id (as the session stores it), or None.

    Every signed-in request loads its user by id: the statement is written once, not built by the ORM's query
    compiler (which cost three times the query itself), and PostgreSQL runs it prepared."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    rows = run_together([Statement(_user_sql(), [pk])])[0].rows
    return from_row(User, _USER_FIELDS, rows[0]) if rows else None


@functools.cache  # one database (the default) for users
def _user_sql() -> str:
    table = connection.ops.quote_name(User._meta.db_table)
    key = connection.ops.quote_name(User._meta.pk.column)
    return f"SELECT {select_list(User, _USER_FIELDS, table)} FROM {table} WHERE {table}.{key} = %s"  # noqa: S608
