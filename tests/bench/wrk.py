"""The load client of the web benchmarks: wrk (Debian package `wrk`), the same for every server and kind of
request. `run()` drives one server with a list of requests for a duration and returns the rate, the errors and
the CPU the server and the database spent per request."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.bench.server import CpuMeter, Server

SCRIPT = Path(__file__).with_name("wrk.lua")
THREADS = 2


def available() -> bool:
    return shutil.which("wrk") is not None


def run(
    server: Server,
    meter: CpuMeter,
    requests: list[tuple[str, str, str, str]],
    *,
    expected: int,
    connections: int,
    seconds: float,
) -> dict:
    """`requests`: (method, path, cookie header, urlencoded body or ""), sent round robin by each connection's
    thread. Responses with another status than `expected` count as errors, like connection errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as listing:
        for request in requests:
            listing.write("\t".join(request) + "\n")
    try:
        before = meter.sample(server)
        done = subprocess.run(
            ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(SCRIPT),
             f"http://127.0.0.1:{server.port}", "--", listing.name, str(THREADS), str(expected)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        after = meter.sample(server)
    finally:
        Path(listing.name).unlink()
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK "))
    answered, micros, connect, read, write, status, timeout, unexpected, p50, p95, p99 = map(
        float, line.split()[1:]
    )
    cpu = CpuMeter.spent_ms(before, after)
    return {
        "rps": (answered - unexpected) / (micros / 1e6),
        "requests": int(answered),
        "errors": int(connect + read + write + timeout + unexpected),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "web_ms": cpu["web"] / max(answered, 1),
        "postgres_ms": cpu["postgres"] / max(answered, 1),
    }
