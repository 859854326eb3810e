"""The SMS sender's hand-written write: each message's outcome, one UPDATE per row sent together (psycopg
pipelines `executemany`), because `bulk_update`'s CASE expressions cost more Python time than the whole gateway
call with the test backend. `write_outcomes_orm` is its twin (`bulk_update`), kept equal by
`tests/campaigns/test_sending_sql.py` on PostgreSQL and SQLite. Table and column names come from the model's
`_meta`, quoted by the connection; values are parameters prepared by each field.
"""

from __future__ import annotations

from django.db import connection

from campaigns.models import SmsMessage

OUTCOME_FIELDS = ["status", "attempts", "sent_at", "gateway_id", "error", "claim_token", "next_attempt_at"]


def write_outcomes(rows: list[SmsMessage]) -> None:
    """Write the outcome fields of `rows` (instances already holding them) in one round of UPDATEs."""
    if not rows:
        return
    quote = connection.ops.quote_name
    meta = SmsMessage._meta
    fields = [meta.get_field(name) for name in OUTCOME_FIELDS]
    table, key = quote(meta.db_table), quote(meta.pk.column)
    columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    values = [
        (*(field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields), row.pk)
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {columns} WHERE {key} = %s", values)  # noqa: S608 - names


def write_outcomes_orm(rows: list[SmsMessage]) -> None:
    """`write_outcomes`' ORM twin."""
    SmsMessage.objects.bulk_update(rows, OUTCOME_FIELDS)
