"""The report workbook counts its aggregates on a second connection while it streams the business list
(PostgreSQL, outside a transaction): the workbook it writes is the one written with the aggregates read first,
in the requester's language, and a transaction's own rows are never missed."""

from __future__ import annotations

import datetime
import threading

import openpyxl
import pytest
from django.db import connection, transaction
from django.utils import timezone, translation

from businesses.models import BusinessKind
from reports.exports import ReportSpec, report_figures, write_xlsx
from reports.exports import workbook as workbook_module
from smedx_portal.programmes import Programme
from tests.reports.factories import counted_business, surveyed

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a second connection: PostgreSQL")


def _spec() -> ReportSpec:
    today = timezone.localdate()
    return ReportSpec(None, Programme.RDX, today - datetime.timedelta(days=30), today)


def _sheets(path) -> dict[str, list[tuple]]:
    """Every sheet's values, the summary's "made at" line left out (the minute may turn between two writes)."""
    book = openpyxl.load_workbook(path, read_only=True)
    sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    sheets[book.sheetnames[0]] = [row for index, row in enumerate(sheets[book.sheetnames[0]]) if index != 4]
    return sheets


@pytest.fixture
def counting_threads(monkeypatch):
    """The names of the threads that counted the aggregates (the real `report_figures`, called through)."""
    names: list[str] = []

    def spy(spec):
        names.append(threading.current_thread().name)
        return report_figures(spec)

    monkeypatch.setattr(workbook_module, "report_figures", spy)
    return names


def _stores() -> None:
    for number, level in enumerate(("san_sang", "tang_truong", "dot_pha")):
        store = counted_business(kind=BusinessKind.RETAIL_STORE, in_rdx=True, name=f"Cửa hàng {number}")
        surveyed(store, level, 40 + 20 * number, programme=Programme.RDX)


@pytest.mark.django_db(transaction=True)
def test_the_aggregates_counted_alongside_give_the_same_workbook_in_the_requesters_language(
    tmp_path, counting_threads
):
    _stores()
    spec = _spec()
    with translation.override("en"):
        rows = write_xlsx(tmp_path / "alongside.xlsx", spec)
        assert counting_threads and counting_threads[0].startswith("report-figures")
        write_xlsx(tmp_path / "first.xlsx", spec, figures=report_figures(spec))
    alongside, first = _sheets(tmp_path / "alongside.xlsx"), _sheets(tmp_path / "first.xlsx")
    assert rows == 3
    assert alongside == first
    summary = dict(row[:2] for row in alongside[next(iter(alongside))] if row and row[0])
    assert summary["Registered businesses"] == 3  # English labels: the thread had the requester's language
    assert "Doanh nghiệp đăng ký" not in summary


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_aggregates_are_read_on_its_own_connection(tmp_path, counting_threads):
    with transaction.atomic():
        _stores()  # not committed: a second connection would count none of them
        write_xlsx(tmp_path / "report.xlsx", _spec())
    assert counting_threads == [threading.current_thread().name]
    summary = {row[0]: row[1] for row in _sheets(tmp_path / "report.xlsx")["Tổng hợp"] if row and row[0]}
    assert summary["Doanh nghiệp đăng ký"] == 3
