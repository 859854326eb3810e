"""Hand-written SQL paths and their ORM twins: run both on the test database (PostgreSQL in CI, SQLite without
DATABASE_URL) and assert the same rows. One helper for every path's test, so each test only says what to run.

    from tests.twins import TWIN, assert_same_rows, assert_same_effect

    pytestmark = TWIN                                    # django_db + the `postgres` marker CI selects
    assert_same_rows(user_row, user_row_orm, pk)         # reads: the same rows (instances by their fields)
    assert_same_effect(hand_write, orm_write, read)      # writes: the same rows after each, each rolled back
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model

TWIN = [pytest.mark.django_db, pytest.mark.postgres]


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return tuple(sorted((key, _value(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_value(item) for item in value)
    return value


def row_of(item: Any) -> Any:
    """A comparable row: a model instance as its concrete fields' values, a dict by key, a tuple item by item."""
    if isinstance(item, Model):
        return (
            type(item).__name__,
            tuple(
                (field.attname, _value(getattr(item, field.attname))) for field in item._meta.concrete_fields
            ),
        )
    return _value(item)


def rows_of(result: Any, *, ordered: bool = False) -> list:
    """Rows of what a path returned: None is no row, a single instance or dict one row, an iterable its rows
    (sorted unless the order is part of the result)."""
    if result is None:
        return []
    if isinstance(result, Model | dict) or not isinstance(result, Iterable) or isinstance(result, str):
        return [row_of(result)]
    rows = [row_of(item) for item in result]
    return rows if ordered else sorted(rows, key=repr)


def assert_same_rows(hand: Callable, orm: Callable, *args: Any, ordered: bool = False, **kwargs: Any) -> list:
    """Both paths return the same rows for these arguments; returns them (for the test's own checks)."""
    by_hand = rows_of(hand(*args, **kwargs), ordered=ordered)
    by_orm = rows_of(orm(*args, **kwargs), ordered=ordered)
    assert by_hand == by_orm, f"{hand.__name__} and {orm.__name__} differ"
    return by_hand


def effect_of(write: Callable[[], Any], read: Callable[[], Any]) -> list:
    """The rows `read` finds after `write`, then rolled back (the next path starts from the same state)."""
    with transaction.atomic():
        write()
        rows = rows_of(read())
        transaction.set_rollback(True)
    return rows


def assert_same_effect(hand: Callable[[], Any], orm: Callable[[], Any], read: Callable[[], Any]) -> list:
    """Both writes leave the same rows (as `read` finds them); returns them."""
    by_hand, by_orm = effect_of(hand, read), effect_of(orm, read)
    assert by_hand == by_orm, f"{hand.__name__} and {orm.__name__} leave different rows"
    return by_hand
