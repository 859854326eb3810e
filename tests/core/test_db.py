"""smedx_portal.db: statements run together (one pipeline on PostgreSQL), UPDATEs of one row built without the
ORM's compiler but doing what its update() does, rows of hand-written queries turned into model instances as the
ORM would."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from businesses.models import Business, BusinessResult, Sector
from smedx_portal.db import Statement, converted, from_row, run_together, select_list, update_row_statement
from tests.factories import BusinessFactory, BusinessResultFactory

pytestmark = pytest.mark.django_db

BUSINESS = Business._meta.db_table


def test_statements_run_in_order_and_each_reports_its_rows_and_rowcount():
    business = BusinessFactory(name="Một")
    outcomes = run_together(
        [
            Statement(f"UPDATE {BUSINESS} SET employees = %s WHERE id = %s", [7, business.pk]),
            None,  # skipped
            Statement(f"SELECT employees, name FROM {BUSINESS} WHERE id = %s", [business.pk]),
            Statement(f"UPDATE {BUSINESS} SET employees = 8 WHERE id = %s", [-1]),
        ]
    )
    assert (outcomes[0].rowcount, outcomes[2].rowcount) == (1, 0)  # rows written (a SELECT's is the driver's)
    assert outcomes[1].rows == [(7, "Một")]  # the second statement saw the first one's write
    assert run_together([]) == []


def test_a_failing_statement_raises_djangos_error_and_the_transaction_rolls_back():
    first, second = BusinessFactory(), BusinessFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        run_together(
            [
                Statement(f"UPDATE {BUSINESS} SET employees = 5 WHERE id = %s", [first.pk]),
                Statement(f"UPDATE {BUSINESS} SET province_id = %s WHERE id = %s", [999, second.pk]),
            ]
        )
        connection.check_constraints()  # SQLite checks foreign keys only when asked
    first.refresh_from_db()
    assert first.employees is None


def test_statements_are_counted_and_logged_like_the_orms(django_assert_num_queries):
    business = BusinessFactory()
    with CaptureQueriesContext(connection) as captured:
        run_together([Statement(f"SELECT name FROM {BUSINESS} WHERE id = %s", [business.pk])] * 3)
    assert len(captured) == 3
    assert all("SELECT name" in query["sql"] for query in captured.captured_queries)


def test_update_row_statement_writes_what_the_querysets_update_writes():
    when = datetime.datetime(2026, 10, 5, 3, 0, tzinfo=datetime.UTC)
    values = {
        "employees": 4,
        "annual_revenue": Decimal("125000000"),
        "verified_at": when,
        "sector": Sector.objects.order_by("-pk").first(),  # a related instance is written as its key
    }
    by_orm, by_statement, untouched = (
        BusinessFactory(employees=3),
        BusinessFactory(employees=3),
        BusinessFactory(),
    )
    statement = update_row_statement(Business, by_statement.pk, **values)
    by_statement.refresh_from_db()
    assert by_statement.employees == 3  # only built
    Business.objects.filter(pk=by_orm.pk).update(**values)
    assert run_together([statement])[0].rowcount == 1
    written = ["employees", "annual_revenue", "verified_at", "sector_id"]
    rows = {row["id"]: row for row in Business.objects.values("id", *written, "name")}
    assert {k: rows[by_statement.pk][k] for k in written} == {k: rows[by_orm.pk][k] for k in written}
    assert (rows[by_statement.pk]["annual_revenue"], rows[by_statement.pk]["sector_id"]) == (
        Decimal("125000000"),
        values["sector"].pk,
    )
    assert rows[untouched.pk]["employees"] != 4
    assert by_statement.history.count() == 1  # like update(): no signal, no history row


def test_a_single_statement_runs_without_a_pipeline_and_still_counts_and_fails_like_the_orm():
    business = BusinessFactory()
    with CaptureQueriesContext(connection) as captured:
        outcome = run_together([Statement(f"SELECT name FROM {BUSINESS} WHERE id = %s", [business.pk])])
    assert outcome[0].rows == [(business.name,)]
    assert len(captured) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        run_together([Statement(f"UPDATE {BUSINESS} SET province_id = %s WHERE id = %s", [999, business.pk])])
        connection.check_constraints()


def test_rows_of_hand_written_queries_become_instances_with_converted_values():
    when = datetime.datetime(2026, 10, 5, 3, 0, tzinfo=datetime.UTC)
    result = BusinessResultFactory(
        pillar_scores={"rdx-operations": "50.00"}, score=Decimal("61.25"), assessed_at=when
    )
    table = BusinessResult._meta.db_table
    fields = ["pillar_scores", "id", "score", "assessed_at", "business"]
    row = run_together(
        [
            Statement(
                f"SELECT {select_list(BusinessResult, fields, 'r')} FROM {table} r WHERE r.id = %s",
                [result.pk],
            )
        ]
    )[0].rows[0]
    assert converted(BusinessResult, fields, row) == [
        {"rdx-operations": "50.00"},
        result.pk,
        Decimal("61.25"),
        when,
        result.business_id,
    ]
    instance = from_row(BusinessResult, fields, row)
    assert (instance.pk, instance.score, instance.business_id) == (
        result.pk,
        Decimal("61.25"),
        result.business_id,
    )
    assert instance.pillar_scores == {"rdx-operations": "50.00"}
    assert "level" in instance.get_deferred_fields()
    assert instance.level == result.level  # a deferred field loads on access
    assert isinstance(instance.business, Business)
