"""People reached, counted in one hand-written statement over two ORM-built subqueries (distinct phones sent a
campaign SMS, distinct phones registered for an event, and distinct phones of both together), and its ORM twin
(kept equal by `tests/reports/test_reach_sql.py` on PostgreSQL and SQLite). The subqueries are the ORM's own SQL
(`QuerySet.query.sql_with_params()`), so every table and column name comes from the models."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, QuerySet


def _phones(queryset: QuerySet, field: str) -> QuerySet:
    return queryset.annotate(reached=F(field)).values_list("reached")


def reach_counts(messages: QuerySet, registrations: QuerySet) -> tuple[int, int, int]:
    """(SMS recipients, event participants, people) for these messages and registrations, in one query."""
    sms_sql, sms_params = _phones(messages, "phone").query.sql_with_params()
    event_sql, event_params = _phones(registrations, "attendee_phone").query.sql_with_params()
    sql = (
        "SELECT COUNT(DISTINCT CASE WHEN source = 1 THEN reached END), "  # noqa: S608 - the inner SQL is the ORM's
        "COUNT(DISTINCT CASE WHEN source = 2 THEN reached END), COUNT(DISTINCT reached) FROM ("
        f"SELECT a.reached, 1 AS source FROM ({sms_sql}) a UNION ALL "
        f"SELECT b.reached, 2 AS source FROM ({event_sql}) b) phones"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*sms_params, *event_params])
        sms, participants, people = cursor.fetchone()
    return sms, participants, people


def reach_counts_orm(messages: QuerySet, registrations: QuerySet) -> tuple[int, int, int]:
    """`reach_counts`' ORM twin: the distinct phones read and counted in Python."""
    sent = set(messages.values_list("phone", flat=True).distinct())
    registered = set(registrations.values_list("attendee_phone", flat=True).distinct())
    sent.discard(None)
    registered.discard(None)
    return len(sent), len(registered), len(sent | registered)
