"""Compare two commits' survey save/bare and submit/bare ratios, measured the way `tests/bench/survey.py` measures
them, plus the web and PostgreSQL CPU per save and per submit request:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m tests.bench.compare_commits BEFORE AFTER

Each commit gets a detached git worktree (under BENCH_WORKTREES, default /tmp/smedx-bench-worktrees) with this
checkout's .venv linked and this checkout's `tests/bench` package and `gunicorn.conf.py` copied over it
(uncommitted), so both commits are measured by the same bench. Each gets its own database (BENCH_DB_PREFIX + the
short hash, on the server of DATABASE_URL), migrated and loaded as survey.py does (`load_criteria --demo-approve`,
or `--publish` before the criteria lifecycle existed), its own cache key prefix in the same Redis database
(REDIS_URL), and survey.py's seed (16 savers, BENCH_SUBMIT_DRAFTS complete drafts). Glue for older commits, in
the worktree only: where a commit landed with two leaf migrations in an app (renumbered by a later commit),
`makemigrations --merge` joins them; where `tests.assessment.conftest` has `RDX_BEST` but not `RDX_STORES_BEST`,
the seed uses `RDX_BEST` (that commit's RDX set, answered best).

Then one gunicorn per commit (`gunicorn.conf.py`, bench settings) and one bare app (this checkout's
`tests/bench/bare`, on BEFORE's database), and BENCH_ROUNDS rounds (default 3), BEFORE and AFTER alternating
(A B, B A, A B, …); in each turn wrk drives the bare view, then that commit's page saves, then its submits, for
BENCH_SECONDS each, so each ratio is against the bare rate measured just before it. The CPU per request is read
from /proc schedstat of that server's processes and of its database's backends only (see server.py): it barely
moves with other load on the machine, the rates do.

--keep leaves the worktrees and databases for another comparison (a commit that is AFTER in one pair and BEFORE
in the next is set up once); --clean removes them (worktree and database of each commit named) and exits.
--json FILE also writes every round's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from tests.bench import wrk
from tests.bench.server import BARE_APP, PORTAL_APP, ROOT, CpuMeter, Server, create_database, empty_redis
from tests.bench.server import environment as server_environment

WORKTREES = Path(os.environ.get("BENCH_WORKTREES", "/tmp/smedx-bench-worktrees"))
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "smedx_cmp_")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
OVERLAY = ["tests/bench", "gunicorn.conf.py"]


class Side:
    """One commit: its worktree, database, server and seeded requests."""

    def __init__(self, label: str, commit: str):
        self.label = label
        self.sha = _git("rev-parse", "--short=8", f"{commit}^{{commit}}")
        self.commit = commit
        self.root = WORKTREES / self.sha
        self.database = f"{DB_PREFIX}{self.sha}"
        base = server_environment()
        self.env = {
            **base,
            "DATABASE_URL": urlparse(base["DATABASE_URL"])._replace(path=f"/{self.database}").geturl(),
            "CACHE_KEY_PREFIX": f"cmp{self.sha}",
        }
        self.server: Server | None = None
        self.meter: CpuMeter | None = None
        self.data: dict = {}
        self.used = 0

    def __str__(self) -> str:
        return f"{self.label} {self.sha} ({self.commit})"

    def prepare(self) -> None:
        if not self.root.exists():
            self.root.parent.mkdir(parents=True, exist_ok=True)
            _git("worktree", "add", "--detach", str(self.root), self.sha)
            (self.root / ".venv").symlink_to(ROOT / ".venv")
        for item in OVERLAY:
            source, target = ROOT / item, self.root / item
            if source.is_dir():
                shutil.copytree(
                    source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy2(source, target)
        create_database(self.env["DATABASE_URL"])
        # A commit landed with two leaves in an app's migrations (renumbered by a later commit): merge them here.
        self.manage("makemigrations", "--merge", "--noinput")
        self.manage("migrate", "--noinput")
        self.manage("load_reference_data")
        help_text = self.manage("load_criteria", "--help", quiet=False)
        self.manage("load_criteria", "--demo-approve" if "--demo-approve" in help_text else "--publish")
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.bench.compare_commits", "seed"],
            cwd=self.root, env=self.env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        self.data = json.loads(seeded.stdout.strip().splitlines()[-1])
        if not Path(self.data.pop("code")).resolve().is_relative_to(self.root.resolve()):
            raise RuntimeError(f"{self}: the seed imported the product from outside its worktree")
        self.used = 0

    def manage(self, *args: str, quiet: bool = True) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=self.root, env=self.env, capture_output=True, text=True
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"{self}: manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return "" if quiet else done.stdout

    def start(self) -> None:
        self.meter = CpuMeter(self.env["DATABASE_URL"])
        self.server = _server(self.env, PORTAL_APP, "/healthz", self.root)

    def stop(self) -> None:
        if self.server:
            self.server.stop()
        if self.meter:
            self.meter.close()

    def requests(self) -> tuple[list, list]:
        csrf = self.data["csrf"]
        pages = {int(page): body for page, body in self.data["pages"].items()}
        cookie = "sessionid={}; csrftoken=" + csrf
        saves = [
            ("POST", f"/danh-gia/{pk}/trang/{page}/", cookie.format(key), pages[page])
            for key, pk in self.data["save"]
            for page in sorted(pages)
        ]
        submits = [
            ("POST", f"/danh-gia/{pk}/xem-lai/", cookie.format(key), self.data["submit_body"])
            for key, pk in self.data["submit"]
        ]
        return saves, submits

    def remove(self) -> None:
        if self.root.exists():
            _git("worktree", "remove", "--force", str(self.root))
        import psycopg

        url = urlparse(self.env["DATABASE_URL"])._replace(path="/postgres").geturl()
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def _server(env: dict[str, str], app: str, ready_path: str, root: Path) -> Server:
    """server.Server, started in `root` (the commit's worktree) instead of this checkout."""
    import tests.bench.server as server_module

    saved = server_module.ROOT
    server_module.ROOT = root
    try:
        return Server(env, app, ready_path)
    finally:
        server_module.ROOT = saved


def _turn(side: Side, bare: Server, bare_meter: CpuMeter) -> dict:
    saves, submits = side.requests()
    assert side.server and side.meter
    bare_run = wrk.run(bare, bare_meter, [("GET", "/mot-dong/", "", "")], expected=200,
                       connections=CONNECTIONS, seconds=SECONDS)  # fmt: skip
    save = wrk.run(side.server, side.meter, saves, expected=302, connections=CONNECTIONS, seconds=SECONDS)
    left = submits[side.used :]
    submit = wrk.run(side.server, side.meter, left, expected=302, connections=CONNECTIONS, seconds=SECONDS)
    if submit["requests"] + CONNECTIONS > len(left):
        raise RuntimeError("the submit drafts ran out: raise BENCH_SUBMIT_DRAFTS")
    side.used += submit["requests"] + CONNECTIONS
    return {
        "side": side.label,
        "load": os.getloadavg()[0],
        "bare": bare_run,
        "save": save,
        "submit": submit,
        "save_ratio": save["rps"] / bare_run["rps"],
        "submit_ratio": submit["rps"] / bare_run["rps"],
    }


def _summary(turns: list[dict]) -> dict:
    def spread(values: list[float]) -> dict:
        return {"min": min(values), "max": max(values), "mean": statistics.fmean(values)}

    return {
        "save_ratio": spread([t["save_ratio"] for t in turns]),
        "submit_ratio": spread([t["submit_ratio"] for t in turns]),
        **{
            f"{kind}_{group}_ms": spread([t[kind][f"{group}_ms"] for t in turns])
            for kind in ("bare", "save", "submit")
            for group in ("web", "postgres")
        },
        "errors": sum(t[kind]["errors"] for t in turns for kind in ("bare", "save", "submit")),
        "load": spread([t["load"] for t in turns]),
    }


def _print(sides: list[Side], summaries: dict[str, dict]) -> None:
    before, after = (summaries[side.label] for side in sides)

    def change(key: str) -> str:
        return f"{(after[key]['mean'] / before[key]['mean'] - 1) * 100:+.1f} %"

    def cpu(summary: dict, kind: str) -> float:
        return summary[f"{kind}_web_ms"]["mean"] + summary[f"{kind}_postgres_ms"]["mean"]

    for side in sides:
        s = summaries[side.label]
        print(f"{side}:")
        for kind in ("save", "submit"):
            r = s[f"{kind}_ratio"]
            print(f"  {kind}/bare {r['min']:.3f}–{r['max']:.3f} (mean {r['mean']:.3f}); CPU ms/request web "
                  f"{s[f'{kind}_web_ms']['mean']:.2f} + PostgreSQL {s[f'{kind}_postgres_ms']['mean']:.2f}")  # fmt: skip
        bare_cpu = cpu(s, "bare")
        print(
            f"  CPU ratios (bare's CPU per request / the request's, what the rates' ratio tends to when the "
            f"CPUs are the limit): save {bare_cpu / cpu(s, 'save'):.3f}, submit {bare_cpu / cpu(s, 'submit'):.3f}"
        )
        print(f"  bare CPU ms/request web {s['bare_web_ms']['mean']:.2f} + PostgreSQL "
              f"{s['bare_postgres_ms']['mean']:.2f}; errors {s['errors']}; load average "
              f"{s['load']['min']:.1f}–{s['load']['max']:.1f}")  # fmt: skip
    print("change after/before (means):")
    for kind in ("save", "submit"):
        cpu_change = (cpu(after, kind) / cpu(before, kind) - 1) * 100
        print(f"  {kind}/bare {change(f'{kind}_ratio')}; CPU per {kind} web {change(f'{kind}_web_ms')}, "
              f"PostgreSQL {change(f'{kind}_postgres_ms')}, web+PostgreSQL {cpu_change:+.1f} %")  # fmt: skip


def compare(before: str, after: str, *, keep: bool, json_path: str | None) -> dict:
    if not wrk.available():
        raise RuntimeError("wrk is missing: apt-get install wrk (make bench installs it)")
    sides = [Side("before", before), Side("after", after)]
    empty_redis(sides[0].env["REDIS_URL"])
    for side in sides:
        print(f"preparing {side} in {side.root}, database {side.database}", flush=True)
        side.prepare()
    bare_meter = CpuMeter(sides[0].env["DATABASE_URL"])
    bare = _server(sides[0].env, BARE_APP, "/mot-dong/", ROOT)
    turns: list[dict] = []
    try:
        for side in sides:
            side.start()
        for side in sides:  # warm the workers
            saves, _submits = side.requests()
            wrk.run(side.server, side.meter, saves, expected=302, connections=CONNECTIONS, seconds=1)
        wrk.run(
            bare,
            bare_meter,
            [("GET", "/mot-dong/", "", "")],
            expected=200,
            connections=CONNECTIONS,
            seconds=1,
        )
        for number in range(ROUNDS):
            for side in sides if number % 2 == 0 else sides[::-1]:
                turn = _turn(side, bare, bare_meter)
                turns.append(turn)
                print(f"  round {number + 1} {side.label}: save/bare {turn['save_ratio']:.3f}, submit/bare "
                      f"{turn['submit_ratio']:.3f}, bare {turn['bare']['rps']:.0f} req/s, load {turn['load']:.1f}",
                      flush=True)  # fmt: skip
    finally:
        bare.stop()
        bare_meter.close()
        for side in sides:
            side.stop()
        if not keep:
            for side in sides:
                side.remove()
    summaries = {side.label: _summary([t for t in turns if t["side"] == side.label]) for side in sides}
    _print(sides, summaries)
    result = {"before": str(sides[0]), "after": str(sides[1]), "summaries": summaries, "turns": turns}
    if json_path:
        Path(json_path).write_text(json.dumps(result, indent=1))
    return result


def _seed() -> dict:
    """Run in a worktree: survey.py's seed, with RDX_BEST standing in for RDX_STORES_BEST in older commits."""
    import django

    django.setup()
    import assessment
    from tests.assessment import conftest

    if not hasattr(conftest, "RDX_STORES_BEST"):
        conftest.RDX_STORES_BEST = conftest.RDX_BEST
    from tests.bench import survey

    return {**survey.seed(), "code": str(Path(assessment.__file__).parent)}


def main(argv: list[str]) -> int:
    if argv == ["seed"]:
        print(json.dumps(_seed()))
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.compare_commits", description=__doc__.split("\n")[0]
    )
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--keep", action="store_true", help="leave the worktrees and databases")
    parser.add_argument("--clean", action="store_true", help="only remove the worktrees and databases")
    parser.add_argument("--json", help="write every round's figures to this file")
    args = parser.parse_args(argv)
    if args.clean:
        for side in (Side("before", args.before), Side("after", args.after)):
            side.remove()
        return 0
    compare(args.before, args.after, keep=args.keep, json_path=args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
