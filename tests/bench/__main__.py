"""Run the benchmarks: `python -m tests.bench` (all) or `python -m tests.bench survey` (some).

A benchmark is a module of this package with a `run()` that returns a list of result rows
`{"metric": str, "value": float, "unit": str, "note": str (optional)}`; add its name to MODULES.
"""

from __future__ import annotations

import importlib
import sys
import time

MODULES = [
    "survey",
    "load",
    "reports",
    "campaign",
    "programmes",
    "persistence",
    "page_profile",
    "floor",
]


def main(argv: list[str]) -> int:
    names = argv or MODULES
    unknown = [name for name in names if name not in MODULES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(MODULES)}", file=sys.stderr)
        return 2
    failed = False
    for name in names:
        started = time.monotonic()
        print(f"== {name}", flush=True)
        try:
            rows = importlib.import_module(f"tests.bench.{name}").run()
        except Exception as exc:  # noqa: BLE001 - report and go on with the other benchmarks
            print(f"   FAILED: {exc!r}", flush=True)
            failed = True
            continue
        for row in rows:
            note = f"  ({row['note']})" if row.get("note") else ""
            print(f"   {row['metric']:<48} {row['value']:>10.2f} {row['unit']}{note}", flush=True)
        print(f"   [{time.monotonic() - started:.0f} s]", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
