"""The Excel export against its yardstick, each run in a fresh process (`tests/bench/reports.py` steps):

* `report`: `reports.exports.write_xlsx`, the whole report workbook (summary and three small sheets from the
  aggregates, then every business row from the ORM's `values_list(...).iterator()`);
* `plain`: a plain XlsxWriter `constant_memory` loop writing the same business rows, cell for cell with the
  same formats (the trial-set label too, since 2026-12-07: before, it wrote one column fewer), read by a psycopg
  server-side cursor with the same SQL conversions (`AT TIME ZONE`, `::float`).

Goal (issue 21): the report ≤ 1.1× the plain loop's time and ≤ 1.2× its peak memory.

Measured 2026-12-07 on the reports bench's 1,000,000 businesses (`python -m tests.bench.reports excel`, 2
interleaved rounds, each export in a fresh process; 2 CPUs shared with another session's survey benchmarks, the
1-minute load average given with each figure):

* before (SMEdx, 350,000 rows, load 1.0–1.2, plain loop without the trial-set column): report 26.9–28.5 s wall,
  23.9–25.1 s CPU, 114 MB; plain 23.5–24.2 s, 21.9–22.6 s, 113 MB: report ÷ plain 1.14–1.18× wall (CPU
  1.09–1.11×), 1.01× peak memory. Of the report's extra 3 s, 1.5 s were its three GROUP BYs over the business
  rows (by area, sector and kind, 0.5 s each) and 0.3 s a count of the rows for the progress bar; RDX (750,000
  rows, load 1.0–1.2): 1.08–1.12× wall (CPU 1.04–1.08×), 1.00–1.01× memory. Earlier, at load 2.6–7.3 with a test
  run beside it, the same SMEdx code gave 0.81–1.02× wall: the wall ratio follows the other processes.
* after (one GROUP BY for the three tables, `reports.selectors.report_cuts`; the row count from the figures;
  the plain loop writes the trial-set column like the report):
  SMEdx, load 1.2–1.9: report 20.6–22.0 s wall, 19.0–20.3 s CPU, 114–115 MB; plain 19.7–20.1 s, 18.5–18.6 s,
  113 MB: 1.03–1.12× wall (CPU 1.02–1.10×), 1.01× peak memory (growth during the export 1.12–1.13×); again with
  BENCH_EXCEL_ROUNDS=3, load 1.1–1.5: report 20.4–22.8 s, CPU 18.9–21.1 s; plain 20.2–21.4 s, CPU 18.8–19.7 s:
  1.01–1.07× wall (CPU 1.00–1.07×), 1.01× memory (4 rounds of 5 within the goal, the fifth 1.12×);
  RDX, load 1.0–1.2: report 47.8–48.3 s wall, 45.0–45.6 s CPU, 115–116 MB; plain 48.8–50.4 s, 46.1–47.5 s,
  114 MB: 0.96–0.98× wall (CPU 0.96–0.97×), 1.00–1.01× peak memory.
  The report's remaining overhead is its aggregates (one GROUP BY, 0.5 s at SMEdx) and the ORM's row iterator
  with the names looked up (about 0.3 s CPU); the rest of the spread is the machine's: the same export's CPU
  time varies by ±1.3 s between rounds.

Measured 2026-12-07 on another machine (Intel Xeon, 2 CPUs), SMEdx, 2 rounds each: before, 1.01–1.02× and, in a
second run, 1.07–1.09× wall (CPU 1.06–1.07×); after the aggregates were counted on a second connection while the
list streams (`reports.exports.workbook.figures_meanwhile`, −0.37 s of PostgreSQL's GROUP BY off the wall time):
report 21.3–21.8 s, plain 22.0 s, 0.97–0.99× wall (CPU 0.96–0.99×), 1.01–1.02× peak memory, load 0.6–0.9.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_EXCEL_ROUNDS", "2"))
PROGRAMME = os.environ.get("BENCH_EXCEL_PROGRAMME", "SMEDX")  # RDX: the larger list (750,000 rows at 1 M)
FLAGS = {"SMEDX": "in_smedx", "RDX": "in_rdx"}


def _memory_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _plain(path: Path, spec) -> int:
    import datetime

    import psycopg
    import xlsxwriter
    from django.utils import timezone

    from reports.exports import Lookups, business_columns
    from smedx_portal.trial_sets import TRIAL_LABEL, trial_set_ids

    names = Lookups()
    trial_ids, trial_label = trial_set_ids(), str(TRIAL_LABEL)
    end = datetime.datetime.combine(spec.period_to + datetime.timedelta(days=1), datetime.time.min)
    zone = timezone.get_current_timezone_name()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet = workbook.add_worksheet("Danh sách doanh nghiệp")
    sheet.write_row(0, 0, business_columns(), bold)
    count = 0
    with psycopg.connect(os.environ["DATABASE_URL"]) as connection, connection.cursor(name="plain") as cursor:
        cursor.itersize = 5000
        cursor.execute(
            "SELECT b.id, b.name, b.tax_code, b.kind, b.sector_id, b.province_id, b.ward_id, b.in_smedx, b.in_rdx, "
            "r.level, r.criteria_set_id, r.score::float, r.assessed_at AT TIME ZONE %(zone)s, "
            "b.created_at AT TIME ZONE %(zone)s "
            "FROM businesses_business b LEFT JOIN businesses_businessresult r ON r.business_id = b.id "
            f"AND r.programme = %(programme)s WHERE (b.{FLAGS[spec.programme]} OR r.id IS NOT NULL) "
            "AND b.created_at < (%(end)s::timestamp AT TIME ZONE %(zone)s) ORDER BY b.id",
            {"zone": zone, "end": end, "programme": spec.programme},
        )
        for count, (
            pk,
            name,
            tax,
            kind,
            sector,
            province,
            ward,
            smedx,
            rdx,
            level,
            criteria_set,
            score,
            assessed,
            created,
        ) in enumerate(cursor, start=1):
            sheet.write_number(count, 0, pk)
            sheet.write_string(count, 1, name)
            if tax:
                sheet.write_string(count, 2, tax)
            sheet.write_string(count, 3, names.kinds.get(kind, kind))
            if sector:
                sheet.write_string(count, 4, names.sectors.get(sector, ""))
            sheet.write_string(count, 5, names.provinces.get(province, ""))
            if ward:
                sheet.write_string(count, 6, names.wards.get(ward, ""))
            if smedx:
                sheet.write_string(count, 7, "x")
            if rdx:
                sheet.write_string(count, 8, "x")
            if level:
                sheet.write_string(count, 9, names.levels.get(level, level))
            if criteria_set in trial_ids:
                sheet.write_string(count, 10, trial_label)
            if score is not None:
                sheet.write_number(count, 11, score)
            if assessed is not None:
                sheet.write_datetime(count, 12, assessed, when)
            sheet.write_datetime(count, 13, created, when)
    workbook.close()
    return count


def step(kind: str, spec) -> dict:
    """One export in this (fresh) process: wall and CPU time, peak memory (and the memory before it started)."""
    import xlsxwriter  # noqa: F401 - imported before the baseline memory is read, as the report's module does

    from reports.exports import write_xlsx

    load_before = os.getloadavg()[0]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    rss_before = _memory_mb("VmRSS")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bench-{kind}.xlsx"
        started = time.perf_counter()
        rows = write_xlsx(path, spec) if kind == "report" else _plain(path, spec)
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime - cpu_before,
        "rows": rows,
        "peak_mb": _memory_mb("VmHWM"),
        "before_mb": rss_before,
        "size_mb": size / 1e6,
        "load": [load_before, os.getloadavg()[0]],  # the machine's 1-minute load average before and after
    }


def rows(results: dict[str, list[dict]]) -> list[dict]:
    """Result rows of interleaved rounds: {"report": [...], "plain": [...]}, one entry per round each."""

    def spread(values: list[float], digits: int = 2) -> str:
        return f"{min(values):.{digits}f}–{max(values):.{digits}f}"

    report, plain = results["report"], results["plain"]
    time_ratios = [r["seconds"] / p["seconds"] for r, p in zip(report, plain, strict=True)]
    cpu_ratios = [r["cpu_s"] / p["cpu_s"] for r, p in zip(report, plain, strict=True)]
    memory_ratios = [r["peak_mb"] / p["peak_mb"] for r, p in zip(report, plain, strict=True)]
    growth_ratios = [
        (r["peak_mb"] - r["before_mb"]) / max(p["peak_mb"] - p["before_mb"], 1)
        for r, p in zip(report, plain, strict=True)
    ]
    out = []
    for name, runs, what in (
        ("report", report, "write_xlsx, 5 sheets"),
        ("plain", plain, "plain XlsxWriter constant_memory loop, same rows, 1 sheet"),
    ):
        out.append(
            {
                "metric": f"excel: {name}",
                "value": min(r["seconds"] for r in runs),
                "unit": "s",
                "note": f"{what}; {runs[0]['rows']} rows; min–max {spread([r['seconds'] for r in runs], 1)} s, "
                f"CPU {spread([r['cpu_s'] for r in runs], 1)} s, peak {spread([r['peak_mb'] for r in runs], 0)} MB "
                f"({spread([r['before_mb'] for r in runs], 0)} MB before the export); load average "
                f"{spread([value for r in runs for value in r.get('load', [])] or [0.0], 1)}",
            }
        )
    out += [
        {"metric": "excel: report ÷ plain time", "value": max(time_ratios), "unit": "×",
         "note": f"min–max {spread(time_ratios)} over {len(report)} interleaved rounds (CPU {spread(cpu_ratios)}); "
         "goal ≤ 1.1"},
        {"metric": "excel: report ÷ plain peak memory", "value": max(memory_ratios), "unit": "×",
         "note": f"min–max {spread(memory_ratios)}; growth during the export {spread(growth_ratios)}; goal ≤ 1.2"},
    ]  # fmt: skip
    return out
