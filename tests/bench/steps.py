"""What the database benchmarks share: their database (created and migrated once), each step in a fresh
interpreter printing one JSON line (kept in a results file, so a long run's figures survive an interruption),
and the two measures (median wall time, statements sent)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.server import ROOT, create_database, manage


def prepare_database(env: dict[str, str], *, criteria: bool = False) -> None:
    """Create and migrate the bench database; `criteria` also loads the official criteria (demo approvals)."""
    create_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    if criteria:  # best effort, as before: a database that already has them keeps them
        subprocess.run(
            [sys.executable, "manage.py", "load_criteria", "--demo-approve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def run_step(env: dict[str, str], module: str, *args: str, results: Path, timeout: int = 900) -> dict:
    """Run `python -m module args…` in a fresh interpreter; it prints one JSON line last."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    with open(results, "a") as log:
        log.write(
            json.dumps({"step": [module, *args], "at": time.strftime("%F %T"), "result": result}) + "\n"
        )
    return result


def count_queries(function) -> int:
    """Statements sent to the database while `function` runs (across requests, unlike queries_log)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        function()
    return count


def median_ms(function, repeat: int = 5) -> float:
    function()  # warm the database's buffers and Python's imports
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
