"""CPU of each request of a survey take, one request at a time: what one person taking the survey costs the web
workers and PostgreSQL, request by request, measured two ways in the same run.

A take, as a person does it: open the survey home, start (POST, which leads straight to the first page), then
for each page view it and save it, view the review, submit, view the result (13 requests for RDX's four pages;
until 7 December 2026 the start led to the resume address, which redirected again: 14 requests). After a
few warm-up takes, each measured take is a new user and business (started fresh).

* **Served** (gunicorn, `gunicorn.conf.py`): each request's CPU is read from `/proc/…/schedstat` of the server's
  processes (every thread: the poller that accepts and parses, the thread that answers) and of the database's
  backends, before the request and 10 ms after its response (the worker finishes its bookkeeping after sending).
* **In process, back to back**: the same takes through the WSGI handler a gunicorn worker thread calls, in a
  child process with the servers' settings, each request's CPU the thread's own (`time.thread_time`), with
  nothing between two requests but building the next one. This is "one request at a time with warm caches".

The two differ by more than gunicorn's own work because of the machine: a thread that has slept between two
requests finds the CPU's caches cold. The bare view (one SELECT, no middleware) costs 0.23–0.25 ms in process
back to back, 0.72–0.99 ms when the same loop sleeps 10–100 ms between calls, 1.40 ms served one request at a
time, and 0.57–0.75 ms served under wrk's 32 connections (7 December 2026, this machine). A survey page under
200 takers costs what it costs warm plus gunicorn's share, not what it costs after an idle pause.
"""

from __future__ import annotations

import gc
import http.client
import io
import json
import os
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode, urlparse

from tests.bench.floor import BARE, Floor, wsgi_environ
from tests.bench.server import ROOT, CpuMeter, Server, environment

WARMUP = 3
TAKES = int(os.environ.get("BENCH_TAKES", "20"))  # measured, per round
SETTLE = 0.01  # seconds after a response before reading the CPU counters
LABELS = {
    "open": "open the survey home",
    "start": "start (POST)",
    "page": "view a survey page",
    "save": "save a survey page (POST)",
    "review": "review",
    "submit": "submit (POST)",
    "result": "result page",
}
GOALS = {"page": 3.0, "result": 8.0}
TAKE_GOAL = 40.0


def users_needed(rounds: int) -> int:
    """Users for the served takes and the in-process takes (each take is a new user and business)."""
    return 2 * (WARMUP + TAKES * rounds)


class _Client:
    """One person's browser against the served portal: each request's CPU read from the processes' counters."""

    def __init__(self, server: Server, meter: CpuMeter, cookie: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        self.server, self.meter, self.cookie = server, meter, cookie
        self.spent: list[tuple[str, float, float]] = []

    def request(self, name: str, method: str, path: str, expected: int, body: str = "") -> str:
        headers = {"Cookie": self.cookie}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        before = self.meter.sample(self.server)
        self.connection.request(method, path, body=body or None, headers=headers)
        response = self.connection.getresponse()
        response.read()
        time.sleep(SETTLE)
        after = self.meter.sample(self.server)
        if response.status != expected:
            raise RuntimeError(f"{method} {path}: {response.status}, expected {expected}")
        cpu = CpuMeter.spent_ms(before, after)
        self.spent.append((name, cpu["web"], cpu["postgres"]))
        return response.getheader("Location", "")

    def close(self) -> None:
        self.connection.close()


class _InProcess:
    """The same browser against the WSGI handler a gunicorn worker thread calls, in this process: each request's
    CPU is this thread's (`time.thread_time`) from the call to the response's close, with nothing between two
    requests but building the next one (PostgreSQL's share is the served measure's)."""

    def __init__(self, handler, cookie: str):
        self.handler, self.cookie = handler, cookie
        self.spent: list[tuple[str, float, float]] = []

    def request(self, name: str, method: str, path: str, expected: int, body: str = "") -> str:
        payload = body.encode()
        environ = {**wsgi_environ(method, path, self.cookie, payload), "wsgi.input": io.BytesIO(payload)}
        answer: dict = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        started = time.thread_time()
        response = self.handler(environ, start_response)
        for _chunk in response:
            pass
        response.close()
        spent = (time.thread_time() - started) * 1000
        if answer["status"] != expected:
            raise RuntimeError(f"{method} {path}: {answer['status']}, expected {expected}")
        self.spent.append((name, spent, 0.0))
        return answer["headers"].get("Location", "")

    def close(self) -> None:
        pass


def take_once(client, data: dict, business_id: int) -> list[tuple[str, float, float]]:
    """A whole take by `client` (served or in process) for the business `business_id`: each request's name, web
    CPU ms and PostgreSQL CPU ms."""
    csrf = data["csrf"]
    pages = {int(page): body for page, body in data["pages"].items()}
    client.request("open", "GET", "/danh-gia/", 200)
    start = urlencode({"csrfmiddlewaretoken": csrf, "business": business_id, "programme": "RDX"})
    first_page = urlparse(client.request("start", "POST", "/danh-gia/bat-dau/", 302, start)).path
    pk = int(first_page.split("/trang/")[0].rsplit("/", 1)[1])
    for page in sorted(pages):
        client.request("page", "GET", f"/danh-gia/{pk}/trang/{page}/", 200)
        client.request("save", "POST", f"/danh-gia/{pk}/trang/{page}/", 302, pages[page])
    client.request("review", "GET", f"/danh-gia/{pk}/xem-lai/", 200)
    client.request("submit", "POST", f"/danh-gia/{pk}/xem-lai/", 302, data["submit_body"])
    client.request("result", "GET", f"/danh-gia/{pk}/ket-qua/", 200)
    client.close()
    return client.spent


def served_take(server: Server, meter: CpuMeter, data: dict, key: str, business_id: int):
    return take_once(_Client(server, meter, f"sessionid={key}; csrftoken={data['csrf']}"), data, business_id)


def _rounds(take, users, rounds: int) -> tuple[list[dict], list[tuple[float, float]]]:
    """WARMUP takes, then `rounds` rounds of TAKES takes by `take(key, business_id)`: per round, each request
    name's mean (web ms, PostgreSQL ms), and each round's mean whole take."""
    for _ in range(WARMUP):
        take(*next(users))
    per_round: list[dict[str, tuple[float, float]]] = []
    totals: list[tuple[float, float]] = []
    for _round in range(rounds):
        spent: dict[str, list[tuple[float, float]]] = {name: [] for name in LABELS}
        take_web, take_pg = [], []
        for _ in range(TAKES):
            requests = take(*next(users))
            for name, web, pg in requests:
                spent[name].append((web, pg))
            take_web.append(sum(web for _name, web, _pg in requests))
            take_pg.append(sum(pg for _name, _web, pg in requests))
        per_round.append(
            {
                name: (statistics.mean(w for w, _p in v), statistics.mean(p for _w, p in v))
                for name, v in spent.items()
            }
        )
        totals.append((statistics.mean(take_web), statistics.mean(take_pg)))
    return per_round, totals


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def _rows(
    per_round: list[dict], totals: list[tuple[float, float]], how: str, *, postgres: bool
) -> list[dict]:
    rows = []
    for name, label in LABELS.items():
        web = [r[name][0] for r in per_round]
        pg = f", PostgreSQL {_spread([r[name][1] for r in per_round])} ms" if postgres else ""
        goal = f"; goal ≤ {GOALS[name]:g} ms" if name in GOALS else ""
        rows.append(
            {
                "metric": f"take {how}: {label}",
                "value": max(web),
                "unit": "ms web CPU",
                "note": f"min–max {_spread(web)} ms web{pg}{goal}",
            }
        )
    web = [t[0] for t in totals]
    pg = f", PostgreSQL {_spread([t[1] for t in totals])} ms" if postgres else ""
    rows.append(
        {
            "metric": f"take {how}: the whole take (13 requests)",
            "value": max(web),
            "unit": "ms web CPU",
            "note": f"min–max {_spread(web)} ms web{pg}; goal ≤ {TAKE_GOAL:g} ms web; {TAKES} takes per round, "
            f"{len(totals)} rounds, one request at a time",
        }
    )
    return rows


def measure(server: Server, meter: CpuMeter, data: dict, *, rounds: int) -> list[dict]:
    """The take served by gunicorn (CPU from the processes' counters, a pause before each reading), then in
    process (back to back, in a child process with the servers' environment)."""
    users = iter(data["take"])
    served = _rounds(
        lambda key, business_id: served_take(server, meter, data, key, business_id), users, rounds
    )
    request = {"data": data, "users": list(users), "rounds": rounds}
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench.take", "in-process"],
        cwd=ROOT,
        env=environment(),
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the in-process take failed:\n{completed.stderr[-3000:]}")
    warm = json.loads(completed.stdout.strip().splitlines()[-1])
    rows = _rows(*served, "served", postgres=True)
    rows += _rows(warm["per_round"], [tuple(t) for t in warm["totals"]], "in process", postgres=False)
    rows += [
        {
            "metric": f"in process: {name}",
            "value": ms,
            "unit": "ms web CPU",
            "note": "back to back, the same run",
        }
        for name, ms in warm["reference"].items()
    ]
    return rows


def in_process(request: dict) -> dict:
    """The takes of `request` through the portal's WSGI handler in this process, and the references beside them:
    the bare view (no middleware, one SELECT) and the signed-in floor, back to back in the same process."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    data, users = request["data"], iter(request["users"])
    handler = WSGIHandler()
    gc.freeze()  # as gunicorn.conf.py's post_worker_init does once a worker has loaded the application

    def take(key: str, business_id: int):
        return take_once(_InProcess(handler, f"sessionid={key}; csrftoken={data['csrf']}"), data, business_id)

    per_round, totals = _rounds(take, users, request["rounds"])
    floor_key = request["users"][0][0]
    references = {
        "bare view (one SELECT, no middleware)": Floor(floor_key, BARE),
        "signed-in floor": Floor(floor_key, {}),
    }
    reference = {
        name: round(statistics.median(f.post(100) * 10 for _ in range(10)), 3)
        for name, f in references.items()
    }
    return {"per_round": per_round, "totals": totals, "reference": reference}


if __name__ == "__main__" and sys.argv[1:] == ["in-process"]:
    print(json.dumps(in_process(json.loads(sys.stdin.read()))))
