"""The query-count check's failure message under `pytest -v` lists every statement, including one Django logged
without SQL text (psycopg failed it before it reached the database), instead of crashing on it."""

import pytest
from django.db import DatabaseError, connection

from tests.conftest import NO_SQL_TEXT

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,  # SQLite logs such a statement with its text; PostgreSQL's backend logs None
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]


def failing_before_sent() -> None:
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SELECT %s, %s", [1])  # two placeholders, one parameter: never sent


@pytest.fixture
def verbose(request, monkeypatch):
    monkeypatch.setattr(request.config.option, "verbose", 2)


@pytest.mark.parametrize("check", ["django_assert_num_queries", "django_assert_max_num_queries"])
def test_a_statement_without_sql_text_is_listed_in_the_failure(request, verbose, check):
    assert_queries = request.getfixturevalue(check)
    with pytest.raises(pytest.fail.Exception) as failure, assert_queries(0):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        failing_before_sent()
    message = str(failure.value)
    assert "Queries:" in message and "SELECT 1" in message and NO_SQL_TEXT in message


def test_a_passing_check_counts_it_and_names_it(django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        failing_before_sent()
    assert captured.captured_queries[0]["sql"] == NO_SQL_TEXT
