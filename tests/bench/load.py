"""200 survey takers at once, as deployed (gunicorn.conf.py, PostgreSQL, Redis): latency percentiles and errors,
connection errors included, of the whole take (`tests/bench/locustfile.py`). Goal (issue 21): p95 < 300 ms, 0 errors.

    python -m tests.bench load                       # or: make bench-load USERS=200 SECONDS=60

BENCH_LOAD_USERS (200), BENCH_LOAD_SECONDS (60), BENCH_LOAD_SPAWN_RATE (50 per second); the database, Redis and
gunicorn settings as the survey benchmark's (`tests/bench/server.py`).

Measured 2026-12-07 06:41–06:44 at 11e309b, three runs, nothing else running: p95 37, 35 and 38 ms (p50 9–10 ms,
p99 170–210 ms), 0 errors, 176–177 req/s; the web workers 0.78–0.82 CPUs (4.38–4.65 ms per request), PostgreSQL
0.15–0.16 CPUs, the locust client 0.11–0.12 CPUs. The slowest request is the survey home in the first seconds,
while 200 people open it at once (p95 270 ms, p99 770 ms in the first run).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.server import PORTAL_APP, ROOT, CpuMeter, Server, prepare_portal
from tests.bench.server import environment as server_environment
from tests.bench.take import served_take

USERS = int(os.environ.get("BENCH_LOAD_USERS", "200"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
SPAWN_RATE = int(os.environ.get("BENCH_LOAD_SPAWN_RATE", "50"))
PREFIX = "bench-load-"


def _seed() -> dict:
    import django

    django.setup()
    from urllib.parse import urlencode

    from django.db import transaction

    from tests.bench.survey import create_owners, page_bodies, seed_sessions

    csrf = secrets.token_hex(16)
    with transaction.atomic():
        users, businesses = create_owners(PREFIX, "+8471", USERS)
        keys = seed_sessions(users, csrf)
    return {
        "csrf": csrf,
        "takers": [[key, business.pk] for key, business in zip(keys, businesses, strict=True)],
        "pages": page_bodies(csrf),
        "submit_body": urlencode([("csrfmiddlewaretoken", csrf)]),
    }


def _aggregated(stats: Path) -> tuple[dict, list[dict]]:
    with stats.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return total, [row for row in rows if row["Name"] != "Aggregated"]


def run() -> list[dict]:
    env = server_environment()
    prepare_portal(env)
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.bench.load", "seed"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        takers = Path(folder, "takers.json")
        takers.write_text(seeded.stdout.strip().splitlines()[-1], encoding="utf-8")
        meter = CpuMeter(env["DATABASE_URL"])
        server = Server(env, PORTAL_APP, "/healthz")
        try:
            data = json.loads(takers.read_text(encoding="utf-8"))
            for key, business_id in data["takers"][:2]:  # templates compiled, caches filled, in both workers
                served_take(server, meter, data, key, business_id)
            before = meter.sample(server)
            client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [str(Path(sys.executable).with_name("locust")), "-f", str(ROOT / "tests/bench/locustfile.py"),
                 "--headless", "--only-summary", "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s",
                 "--host", f"http://127.0.0.1:{server.port}", "--csv", str(Path(folder, "load")),
                 "--loglevel", "WARNING", "--exit-code-on-error", "0"],
                cwd=ROOT, env={**env, "BENCH_LOAD_TAKERS": str(takers)}, check=True, capture_output=True,
            )  # fmt: skip
            cpu = CpuMeter.spent_ms(before, meter.sample(server))
            client_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # locust, once it has exited
            client_cpu = sum(
                getattr(client_after, f) - getattr(client_before, f) for f in ("ru_utime", "ru_stime")
            )
        finally:
            server.stop()
            meter.close()
        total, by_name = _aggregated(Path(folder, "load_stats.csv"))
        with Path(folder, "load_failures.csv").open(encoding="utf-8") as handle:
            failures = [
                f"{row['Occurrences']}× {row['Name']}: {row['Error']}" for row in csv.DictReader(handle)
            ]
    requests, failed = int(total["Request Count"]), int(total["Failure Count"])
    load = os.getloadavg()
    rows = [
        {
            "metric": f"{USERS} takers: p{pct}",
            "value": float(total[f"{pct}%"]),
            "unit": "ms",
            "note": "goal < 300 ms" if pct == "95" else "",
        }
        for pct in ("50", "95", "99")
    ]
    rows += [
        {
            "metric": f"{USERS} takers: errors (any status or connection error)",
            "value": failed,
            "unit": "",
            "note": ("; ".join(failures) if failures else "none") + "; goal 0",
        },
        {
            "metric": f"{USERS} takers: requests",
            "value": requests / SECONDS,
            "unit": "req/s",
            "note": f"{requests} in {SECONDS} s; web CPU {cpu['web'] / SECONDS / 1000:.2f} CPUs "
            f"({cpu['web'] / max(requests, 1):.2f} ms/request), PostgreSQL {cpu['postgres'] / SECONDS / 1000:.2f} CPUs, "
            f"the locust client {client_cpu / SECONDS:.2f} CPUs (on the same {os.cpu_count()} CPUs); "
            f"load average after {load[0]:.2f}",
        },
    ]
    for row in by_name:
        rows.append(
            {
                "metric": f"{USERS} takers: {row['Name']} p95",
                "value": float(row["95%"]),
                "unit": "ms",
                "note": f"p50 {row['50%']}, p99 {row['99%']} ms, {row['Request Count']} requests, "
                f"{row['Failure Count']} failed",
            }
        )
    return rows


if __name__ == "__main__" and sys.argv[1:] == ["seed"]:
    print(json.dumps(_seed()))
