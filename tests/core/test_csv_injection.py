"""Every CSV the portal writes neutralises cells a spreadsheet would run (`=`, `+`, `-`, `@`, tab, CR): the report
CSV (PostgreSQL COPY and the Python writer), the segment CSV, the admin's export and the open-data API's CSV.
A scan of the source finds every CSV writer and CSV response and checks each goes through the one helper."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from businesses.resources import BusinessResource
from reports.exports import ReportSpec, write_csv
from smedx_portal.levels import Level
from smedx_portal.spreadsheets import FORMULA_STARTS, SafeCSV, safe_cell
from tests.factories import BusinessFactory, StaffFactory

ROOT = Path(__file__).resolve().parents[2]
HELPER = "smedx_portal/spreadsheets.py"
EVIL = ['=HYPERLINK("http://evil.example","bấm")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
# What writes CSV (a writer, import-export's CSV format; reading one is fine) and what answers with a CSV.
WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\b|base_formats\.CSV\b")
RESPONSES = re.compile(r"text/csv|FORMAT csv")


def _sources():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/", "locale/")) or "/migrations/" in relative:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_every_csv_in_the_code_goes_through_the_helper():
    writers, responses = [], []
    for relative, text in _sources():
        if relative == HELPER:
            continue
        uses_helper = "smedx_portal.spreadsheets" in text
        for line in text.splitlines():
            if WRITERS.search(line) and not line.strip().startswith("import_formats"):
                writers.append(f"{relative}: {line.strip()}")
            if RESPONSES.search(line) and not uses_helper and "DictReader" not in text:
                responses.append(f"{relative}: {line.strip()}")
    assert writers == [], "write CSV with smedx_portal.spreadsheets (SafeWriter, SafeDictWriter, SafeCSV)"
    assert responses == [], "a module answering CSV must write it with smedx_portal.spreadsheets"


def test_the_cell_rule():
    for value in EVIL:
        assert safe_cell(value) == "'" + value
    assert safe_cell("Tạp hóa = An") == "Tạp hóa = An"
    assert safe_cell(-5) == -5 and safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:  # keep a carriage return inside a cell
        return handle.read()


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def _assert_neutralised(cells: list[str]) -> None:
    for value in EVIL:
        assert "'" + value in cells, value
        assert value not in cells, value


@pytest.fixture
def evil_businesses(db):
    return [
        BusinessFactory(
            name=name,
            result={
                "level": Level.GROWTH,
                "assessed_at": datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
                "pillar_scores": {"strategy": "10", "operations": "40"},
            },
        )
        for name in EVIL
    ]


def test_the_report_csv(evil_businesses, tmp_path, monkeypatch):
    spec = ReportSpec(None, "RDX", datetime.date(2026, 1, 1), datetime.date.today())
    write_csv(tmp_path / "copy.csv", spec)  # PostgreSQL: COPY
    _assert_neutralised(_cells(_read(tmp_path / "copy.csv")))
    monkeypatch.setattr(connection, "vendor", "other")  # the writer of other databases
    write_csv(tmp_path / "python.csv", spec)
    _assert_neutralised(_cells(_read(tmp_path / "python.csv")))


def test_the_segment_csv(evil_businesses, client):
    client.force_login(StaffFactory())
    sector = evil_businesses[0].sector_id
    response = client.get(
        reverse("reports:segment_csv"), {"sector": sector, "pillar": "strategy", "programme": "RDX"}
    )
    assert response.status_code == 200
    _assert_neutralised(_cells(b"".join(response.streaming_content).decode()))


def test_the_admin_export(evil_businesses):
    text = SafeCSV().export_data(BusinessResource().export())
    _assert_neutralised(_cells(text))


def test_the_admin_export_page(evil_businesses, client):
    client.force_login(StaffFactory())
    response = client.post(
        reverse("admin:businesses_business_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"businessresource_{name}": "on" for name in ("name", "tax_code")},
        },
    )
    assert response.status_code == 200, response.content[:500]
    _assert_neutralised(_cells(response.content.decode("utf-8")))


def test_the_open_data_csv():
    from businesses.api import CsvRenderer

    body = CsvRenderer().render({"columns": ["name"], "results": [{"name": value} for value in EVIL]})
    _assert_neutralised(_cells(body.decode("utf-8")))
