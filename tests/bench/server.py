"""What the web benchmarks share: the bench database, gunicorn started with the repository's `gunicorn.conf.py`
(the portal, and the bare app under the same settings), and CPU accounting per process group.

CPU is read from Linux's `/proc/<pid>/task/<tid>/schedstat` (nanoseconds on a CPU, every thread) for exactly:
the gunicorn master and its workers of one server, and the PostgreSQL backends connected to the bench database
(`pg_stat_activity`). Other engineers' servers and databases on the same machine are not counted.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/smedx_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"
WORKERS = os.environ.get("BENCH_WORKERS", "2")
THREADS = os.environ.get("BENCH_THREADS", "4")
PORTAL_APP = "smedx_portal.wsgi:application"
BARE_APP = "tests.bench.bare.wsgi:application"


def environment() -> dict[str, str]:
    """The servers' environment: the bench database, sessions and cache in Redis as deployed."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_URL)
    env["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    env.setdefault("DJANGO_ENV", "development")
    env.setdefault("REDIS_URL", DEFAULT_REDIS)
    env["WEB_CONCURRENCY"] = WORKERS
    env["GUNICORN_THREADS"] = THREADS
    env["GUNICORN_LOG_LEVEL"] = "warning"
    env["GUNICORN_ACCESS_LOG"] = ""
    return env


def create_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def empty_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()  # cached sessions and survey content of an earlier run


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def migrated(env: dict[str, str]) -> None:
    """The database of `env` created if missing, migrated, with the reference data (provinces, wards, sectors)."""
    create_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")


def prepare_portal(env: dict[str, str]) -> None:
    """The survey benches' database and Redis: migrated, the reference data and the published criteria loaded,
    the cache emptied, and the static files collected so WhiteNoise serves them as deployed."""
    migrated(env)
    empty_redis(env["REDIS_URL"])
    manage(env, "load_criteria", "--demo-approve")
    manage(env, "collectstatic", "--noinput")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn (`-c gunicorn.conf.py`) serving `app` on a free local port."""

    def __init__(self, env: dict[str, str], app: str, ready_path: str):
        self.port = free_port()
        server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WSGI_APP": app}
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=server_env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", ready_path)
                if connection.getresponse().status < 500:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn ({app}) did not start")

    def pids(self) -> list[int]:
        """The master and its workers."""
        found = [self.process.pid]
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if parent == self.process.pid:
                found.append(int(pid))
        return found

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)


def _cpu_ns(pid: int) -> int:
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as schedstat:
                total += int(schedstat.read().split()[0])
        except OSError:
            continue
    return total


class CpuMeter:
    """CPU nanoseconds of a server's processes and of the database's backends, sampled before and after."""

    def __init__(self, database_url: str):
        import psycopg

        self.database = urlparse(database_url).path.lstrip("/")
        self.connection = psycopg.connect(database_url, autocommit=True)
        self.own_backend = self.connection.execute("SELECT pg_backend_pid()").fetchone()[0]

    def backends(self) -> list[int]:
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s AND backend_type = 'client backend'",
            [self.database, self.own_backend],
        ).fetchall()
        return [pid for (pid,) in rows]

    def sample(self, server: Server) -> dict[str, dict[int, int]]:
        return {
            "web": {pid: _cpu_ns(pid) for pid in server.pids()},
            "postgres": {pid: _cpu_ns(pid) for pid in self.backends()},
        }

    @staticmethod
    def spent_ms(before: dict[str, dict[int, int]], after: dict[str, dict[int, int]]) -> dict[str, float]:
        """Milliseconds per group between two samples (a backend that appeared in between counts from 0)."""
        return {
            group: sum(ns - before[group].get(pid, 0) for pid, ns in after[group].items()) / 1e6
            for group in after
        }

    def close(self) -> None:
        self.connection.close()
