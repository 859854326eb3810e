"""The signed-in floor in process (issue 21): what every signed-in request pays before its own work, measured as
the CPU of this process per request through the WSGI handler gunicorn calls (the web worker's share; Redis and
PostgreSQL are other processes). Not through `django.test.Client`: its handler disconnects and reconnects
`close_old_connections` on request_started/finished around every request (the "4 signal (dis)connections per
request" of an earlier profile were the test client's, not the portal's).

    DJANGO_SETTINGS_MODULE=tests.bench.settings python -m tests.bench.floor            # the floor, CPU per request
    DJANGO_SETTINGS_MODULE=tests.bench.settings python -m tests.bench.floor --split    # and without each middleware
    DJANGO_SETTINGS_MODULE=tests.bench.settings python -m tests.bench.floor --profile  # cProfile's top functions
    python -m tests.bench floor                                                        # through the bench runner

On the bench database and Redis (`tests/bench/server.py`: DATABASE_URL and REDIS_URL, else `smedx_bench` and
Redis database 6; the runner migrates it), as deployed: a signed-in POST with its CSRF
token to the bench's floor view (`tests/bench/urls.py`, a redirect), BENCH_FLOOR_REQUESTS (2,000) requests in
chunks of 100, CPU per request the median over the chunks. Each variant's chunks are interleaved with the others'
(a load spike of another process hits every variant alike): the floor as configured, with STAFF_MFA_REQUIRED (as in
production), and the bare view (`tests/bench/bare/urls.py`, no middleware); `--split` adds the floor less one
middleware at a time: the difference is that middleware's cost. BENCH_FLOOR_VARIANTS names a module whose
`variants()` (name → settings overrides) replaces these: session engines, or an older middleware beside the
current one. A variant may override settings that no `setting_changed` receiver resets caches for (MIDDLEWARE,
SESSION_ENGINE, AUTHENTICATION_BACKENDS…): ROOT_URLCONF would empty the URL caches at every chunk. The user and
its sessions are made for the run and deleted after it.

Measured 7/12/2026 03:00–03:30 (2 CPUs, load average 7–12): the floor 2.09 → 1.79 ms with this branch's changes,
interleaved in one process (user load through `run_together` → one cursor −0.16 ms, django-csp's per-response
policy build → once per process −0.06, `reverse` per request in StaffMfaRequiredMiddleware → once −0.02,
`patch_cache_control` → the header −0.02); the bare view 0.47 ms. Session engines: `cached_db` 1.99 ms, `cache`
2.04, `db` 2.91, `signed_cookies` 1.78 (README "Sessions").
"""

from __future__ import annotations

import importlib
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = int(os.environ.get("BENCH_FLOOR_REQUESTS", "2000"))
CHUNK = 100
FLOOR_URL = "/bench/gui-khi-da-dang-nhap/"
# The bare app's view (one SELECT), in the bench URLconf; run with no middleware at all.
BARE_URL = "/mot-dong/"
BARE = {"MIDDLEWARE": []}
PHONE = "+84900000999"
# Needed by the floor view itself (login_required reads request.user; the session keeps the user).
KEPT = {
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
}


def run() -> list[dict]:
    """The bench runner's entry: the floor and the split, in a child process with the bench settings."""
    from tests.bench.server import environment, migrated

    env = environment()  # the bench database and Redis, the bench settings
    migrated(env)
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench.floor", "--split", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-3000:])
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return [
        {"metric": name, "value": ms, "unit": "ms", "note": "CPU per request, in process"}
        for name, ms in figures.items()
    ]


def wsgi_environ(method: str, path: str, cookie: str, body: bytes) -> dict:
    """A WSGI environ as gunicorn builds it for a request from 127.0.0.1 (without its `wsgi.input`)."""
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_COOKIE": cookie,
        "CONTENT_TYPE": "application/x-www-form-urlencoded" if body else "",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


class Floor:
    """The WSGI handler a gunicorn worker calls, under some settings (its own middleware), and a signed-in
    request to answer: a POST with its CSRF token to the floor view (or, for "bare", a GET of one SELECT)."""

    def __init__(self, session_key: str, overrides: dict):
        from django.conf import settings
        from django.core.handlers.wsgi import WSGIHandler
        from django.http import HttpRequest
        from django.middleware.csrf import get_token
        from django.test import override_settings

        self.overrides = override_settings(**overrides)
        request = HttpRequest()
        token = get_token(request)
        body = f"csrfmiddlewaretoken={token}".encode()
        self.bare = overrides == BARE
        self.environ = wsgi_environ(
            "GET" if self.bare else "POST",
            BARE_URL if self.bare else FLOOR_URL,
            f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}",
            body,
        )
        self.body = body
        self.expected = "200" if self.bare else "302"
        with self.overrides:
            self.handler = WSGIHandler()
        self.post(10)  # warm: the first requests load the URLconf, translations, the pool

    def post(self, count: int) -> float:
        """CPU seconds of `count` requests, each answered and closed as gunicorn does."""
        statuses = []

        def start_response(status, headers, exc_info=None):
            statuses.append(status)

        with self.overrides:
            started = time.process_time()
            for _ in range(count):
                environ = dict(self.environ, **{"wsgi.input": io.BytesIO(self.body)})
                response = self.handler(environ, start_response)
                for _chunk in response:
                    pass
                response.close()
            spent = time.process_time() - started
        if not statuses[-1].startswith(self.expected):
            raise RuntimeError(f"answered {statuses[-1]}, not {self.expected}")
        return spent


def _session_key(user) -> str:
    """A session of `user`, as signing in leaves it (the session engine of the settings)."""
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest
    from django.utils.module_loading import import_string

    request = HttpRequest()
    request.session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session.save()
    return request.session.session_key


def _user():
    from django.conf import settings

    from accounts.models import User

    User.objects.filter(phone=PHONE).delete()
    return User.objects.create_user(
        username=PHONE,
        phone=PHONE,
        password="mat-khau-bench-2026",
        full_name="Bench floor",
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
    )


def measure(variants: dict[str, dict], requests: int = REQUESTS) -> dict[str, float]:
    """CPU ms per request of each variant (name → settings overrides): the median over chunks of CHUNK requests,
    the variants' chunks interleaved (a median, not a mean: another process's burst inflates a few chunks)."""
    from django.test import override_settings

    user = _user()
    try:
        floors = {}
        for name, overrides in variants.items():
            with override_settings(**overrides):
                key = _session_key(user)
            floors[name] = Floor(key, overrides)
        chunks: dict[str, list[float]] = {name: [] for name in floors}
        for _ in range(max(1, requests // CHUNK)):
            for name, floor in floors.items():
                chunks[name].append(floor.post(CHUNK) * 1000 / CHUNK)
        return {name: round(statistics.median(values), 3) for name, values in chunks.items()}
    finally:
        user.delete()


def base_variants() -> dict[str, dict]:
    """The floor as configured, as in production (staff need a second factor: the admin check runs), and the
    bare view."""
    return {
        "floor": {},
        "floor, STAFF_MFA_REQUIRED": {"STAFF_MFA_REQUIRED": True},
        "bare": BARE,
    }


def split_variants() -> dict[str, dict]:
    from django.conf import settings

    variants = base_variants()
    for name in settings.MIDDLEWARE:
        if name not in KEPT:
            variants[f"without {name.rsplit('.', 1)[-1]}"] = {
                "MIDDLEWARE": [other for other in settings.MIDDLEWARE if other != name]
            }
    return variants


def profile(requests: int) -> None:
    import cProfile
    import pstats

    user = _user()
    try:
        floor = Floor(_session_key(user), {})
        floor.post(100)
        profiler = cProfile.Profile(time.process_time)  # CPU, not the wait on Redis and PostgreSQL
        profiler.enable()
        floor.post(requests)
        profiler.disable()
    finally:
        user.delete()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(60)
    stats.sort_stats("tottime").print_stats(30)
    for name in os.environ.get("BENCH_FLOOR_CALLERS", "").split(","):
        if name:
            stats.print_callers(name)
    for name in os.environ.get("BENCH_FLOOR_CALLEES", "").split(","):
        if name:
            stats.print_callees(name)


def main(argv: list[str]) -> None:
    import django

    django.setup()
    if "--profile" in argv:
        profile(min(REQUESTS, 1000))
        return
    variants = split_variants() if "--split" in argv else base_variants()
    if os.environ.get("BENCH_FLOOR_VARIANTS"):  # a module whose variants() replaces these (e.g. before/after)
        variants = importlib.import_module(os.environ["BENCH_FLOOR_VARIANTS"]).variants()
    figures = measure(variants)
    if "--json" in argv:
        print(json.dumps(figures))
        return
    base = figures.get("floor", 0.0)
    for name, ms in figures.items():
        extra = f"  (middleware costs {base - ms:+.3f})" if name.startswith("without") else ""
        print(f"{name:<40} {ms:7.3f} ms{extra}")


if __name__ == "__main__":
    main(sys.argv[1:])
