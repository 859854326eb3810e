"""The report CSV's hand-written COPY (`reports.exports.csv_sql.write_csv_copy`) and its ORM twin
(`reports.exports.csv_file.write_csv_orm`) write the same CSV: the same header and rows in the same order, text a
spreadsheet would run neutralised by both. PostgreSQL only (COPY)."""

from __future__ import annotations

import csv
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from reports.exports import ReportSpec
from reports.exports.csv_file import write_csv_orm
from tests.reports.factories import counted_business, surveyed

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _rows(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_the_copy_csv_is_the_orms(dataset, tmp_path):
    from reports.exports.csv_sql import write_csv_copy

    evil = counted_business(province=dataset["hanoi"], ward=dataset["ward_a"], name='=HYPERLINK("x","bấm")')
    surveyed(evil, "san_sang", "12.5", pillars={"rdx-operations": "10"})
    today = timezone.localdate()
    for province_id, programme in ((None, "RDX"), (None, "SMEDX"), (dataset["hanoi"].pk, "RDX")):
        spec = ReportSpec(province_id, programme, datetime.date(today.year, 1, 1), today)
        copied = write_csv_copy(tmp_path / "copy.csv", spec)
        written = write_csv_orm(tmp_path / "orm.csv", spec)
        by_copy, by_orm = _rows(tmp_path / "copy.csv"), _rows(tmp_path / "orm.csv")
        assert by_copy == by_orm, (province_id, programme)
        assert copied == written == len(by_copy) - 1 > 0
    assert '\'=HYPERLINK("x","bấm")' in [row[1] for row in by_copy]
