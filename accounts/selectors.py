"""Read-side queries of accounts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.user_sql import user_row


def user_by_id(user_id: Any) -> User | None:
    """The user with this id (as the session stores it), or None: one prepared statement (`accounts.user_sql`)."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    if pk is None:
        return None
    return user_row(pk)
