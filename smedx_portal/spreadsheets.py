"""CSV that a spreadsheet cannot run: every CSV the portal writes goes through this module.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and LibreOffice as a
formula (`=HYPERLINK(...)` in a business name runs in the officer's spreadsheet: OWASP "CSV injection"). Such a
cell is written with a leading apostrophe, which spreadsheets show as text. Numbers are left alone (a negative
number is not text). XLSX written by XlsxWriter is safe as it is (strings are stored as strings).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

import tablib
from import_export.formats.base_formats import CSV

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with an apostrophe before text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


class SafeWriter:
    """csv.writer whose rows are neutralised; `writerow` returns what the underlying writer returns (the line,
    for a streaming echo buffer)."""

    def __init__(self, handle, **options):
        self.writer = csv.writer(handle, **options)

    def writerow(self, values: Iterable[Any]):
        return self.writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


class SafeDictWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})


def safe_sql_text(expression):
    """The same rule inside PostgreSQL, for a text column of a `COPY ... TO STDOUT (FORMAT csv)`:
    a psycopg `sql.Composable` in, one out."""
    from psycopg import sql

    starts = sql.SQL(", ").join(sql.Literal(start) for start in FORMULA_STARTS)
    return sql.SQL("CASE WHEN left({value}, 1) IN ({starts}) THEN '''' || {value} ELSE {value} END").format(
        value=expression, starts=starts
    )


class SafeCSV(CSV):
    """django-import-export's CSV with every cell neutralised (its IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only
    strips a leading `=`, from XLSX too): the admin's CSV exports use this."""

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(
            *(safe_row(row) for row in dataset), headers=dataset.headers, title=dataset.title
        )
        return super().export_data(safe, **kwargs)
