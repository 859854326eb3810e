"""Persistence micro-bench (issue 21): `smedx_portal.db`'s `run_together` / `update_row_statement` against the
ORM path doing the same work, CPU time per operation.

    python -m tests.bench persistence           # through the `make bench` runner
    python -m tests.bench.persistence           # alone

On PostgreSQL (BENCH_PERSISTENCE_DATABASE_URL, else the bench database of `tests/bench/server.py`, migrated and
given the reference data here), inside one transaction rolled back at the end (nothing is left behind). Three
operations, each run both ways in interleaved rounds (hand, ORM, ORM, hand, …) so that the machine's load falls
on both alike:

* `update`: the submit's UPDATE of one row — `run_together([update_row_statement(...)])` against
  `QuerySet.filter(pk=…).update(...)`;
* `submit write`: that UPDATE plus the business's result and summary-table upserts in one pipelined round trip,
  against the ORM's UPDATE and the same upserts through `connection.cursor()` one by one;
* `user load`: `accounts.selectors.user_by_id` (prepared, server-bound) against `User.objects.filter(pk=…).first()`.

CPU is the bench process's (`time.process_time`) plus the PostgreSQL backend's (its /proc/<pid>/stat, same
machine), per operation; the printed ratio is ORM ÷ hand (each side's total CPU over its rounds ÷ its operations).
BENCH_PERSISTENCE_SECONDS (default 6) sets the run's length.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("BENCH_PERSISTENCE_SECONDS", "6"))
BATCH = 50  # operations per timed batch


def run() -> list[dict]:
    from tests.bench.server import environment, migrated

    env = environment()
    env["DATABASE_URL"] = os.environ.get("BENCH_PERSISTENCE_DATABASE_URL") or env["DATABASE_URL"]
    if not env["DATABASE_URL"].startswith("postgres"):
        raise RuntimeError("needs PostgreSQL: set BENCH_PERSISTENCE_DATABASE_URL or DATABASE_URL")
    env["DJANGO_SETTINGS_MODULE"] = "smedx_portal.settings"
    migrated(env)
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench.persistence", "--measure"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-3000:])
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    rows = []
    for name, figure in figures.items():
        rows.append({"metric": f"{name}: hand-written", "value": figure["hand_us"], "unit": "µs CPU/op"})
        rows.append({"metric": f"{name}: ORM", "value": figure["orm_us"], "unit": "µs CPU/op"})
        rows.append(
            {
                "metric": f"{name}: ORM / hand-written",
                "value": figure["ratio"],
                "unit": "×",
                "note": f"{figure['rounds']} rounds × {BATCH} ops, web {figure['web_ratio']:.2f}× alone",
            }
        )
    return rows


def _backend_cpu(pid: int) -> float:
    """The PostgreSQL backend's CPU seconds (user + system) from /proc; 0 when it is not on this machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _operations() -> dict:
    from decimal import Decimal

    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from accounts.selectors import user_by_id
    from businesses.models import Business, BusinessResult, Sector
    from businesses.reference import reference_data_load
    from businesses.stats import BusinessFacts, business_result_statements
    from smedx_portal.db import run_together, update_row_statement
    from tests.factories import BusinessFactory, UserFactory

    if not Sector.objects.exists():  # a test database after a flush: provinces, wards, sectors (rolled back)
        reference_data_load()
    business = BusinessFactory()
    user = UserFactory()
    now = timezone.now()
    values = {"name": "Cửa hàng đo", "verified_at": now, "in_rdx": True}
    result = BusinessResult(
        business_id=business.pk,
        programme="RDX",
        level="growth",
        score=Decimal("55.50"),
        pillar_scores={"A": "50.00", "B": "61.00"},
        criteria_set_id=1,
        criteria_version=1,
        assessed_at=now,
    )
    BusinessFacts.of(business)  # warm the imports the statements use

    def bookkeeping() -> list:
        previous = BusinessResult.objects.filter(business=business, programme="RDX").first()
        return business_result_statements(business=business, previous=previous, result=result)

    statements = bookkeeping()

    def hand_update() -> None:
        run_together([update_row_statement(Business, business.pk, **values)])

    def orm_update() -> None:
        Business.objects.filter(pk=business.pk).update(**values)

    def hand_submit() -> None:
        run_together([update_row_statement(Business, business.pk, **values), *statements])

    def orm_submit() -> None:
        Business.objects.filter(pk=business.pk).update(**values)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement.sql, list(statement.params))

    def hand_user() -> None:
        user_by_id(user.pk)

    def orm_user() -> None:
        User.objects.filter(pk=user.pk).first()

    return {
        "update": (hand_update, orm_update),
        "submit write": (hand_submit, orm_submit),
        "user load": (hand_user, orm_user),
    }


def _measure() -> dict:
    import django

    django.setup()
    from django.db import connection, transaction

    figures = {}
    with transaction.atomic():
        operations = _operations()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        per_operation = SECONDS / len(operations)
        for name, (hand, orm) in operations.items():
            samples: dict[str, list[tuple[float, float]]] = {"hand": [], "orm": []}
            for function in (hand, orm):  # warm: statements prepared, converters looked up
                for _ in range(10):
                    function()
            deadline = time.monotonic() + per_operation
            order = [("hand", hand), ("orm", orm)]
            while time.monotonic() < deadline:
                for side, function in order:
                    web, database = time.process_time(), _backend_cpu(backend)
                    for _ in range(BATCH):
                        function()
                    samples[side].append(
                        (time.process_time() - web, _backend_cpu(backend) - database),
                    )
                order.reverse()
            figures[name] = _summary(samples)
        transaction.set_rollback(True)
    return figures


def _summary(samples: dict[str, list[tuple[float, float]]]) -> dict:
    def per_op(side: str, part: slice) -> float:
        # totals, not medians: the backend's CPU is counted in clock ticks (10 ms), coarser than one batch
        return sum(sum(sample[part]) for sample in samples[side]) / (BATCH * len(samples[side])) * 1e6

    hand, orm = per_op("hand", slice(0, 2)), per_op("orm", slice(0, 2))
    hand_web, orm_web = per_op("hand", slice(0, 1)), per_op("orm", slice(0, 1))
    return {
        "hand_us": hand,
        "orm_us": orm,
        "ratio": orm / hand if hand else 0.0,
        "web_ratio": orm_web / hand_web if hand_web else 0.0,
        "rounds": len(samples["hand"]),
    }


if __name__ == "__main__":
    if "--measure" in sys.argv:
        print(json.dumps(_measure()))
    else:
        for row in run():
            print(f"{row['metric']:<40} {row['value']:>10.2f} {row['unit']}  {row.get('note', '')}")
