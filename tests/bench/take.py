"""CPU of each request of a survey take, one request at a time, caches warm: what one person taking the survey
costs the web workers and PostgreSQL, request by request.

A take, as a person does it: open the survey home, start (POST, which leads straight to the first page), then
for each page view it and save it, view the review, submit, view the result (13 requests for RDX's four pages;
until 7 December 2026 the start led to the resume address, which redirected again: 14 requests). After a
few warm-up takes, each measured take is a new user and business (started fresh). Each request's CPU is read
from `/proc/…/schedstat` of the server's workers and the database's backends before it and shortly after its
response (the worker finishes its bookkeeping after sending).
"""

from __future__ import annotations

import http.client
import os
import statistics
import time
from urllib.parse import urlencode, urlparse

from tests.bench.server import CpuMeter, Server

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
    return WARMUP + TAKES * rounds


class _Client:
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


def take_once(
    server: Server, meter: CpuMeter, data: dict, key: str, business_id: int
) -> list[tuple[str, float, float]]:
    csrf = data["csrf"]
    pages = {int(page): body for page, body in data["pages"].items()}
    client = _Client(server, meter, f"sessionid={key}; csrftoken={csrf}")
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
    client.connection.close()
    return client.spent


def measure(server: Server, meter: CpuMeter, data: dict, *, rounds: int) -> list[dict]:
    users = iter(data["take"])
    for _ in range(WARMUP):
        take_once(server, meter, data, *next(users))
    per_round: list[dict[str, tuple[float, float]]] = []  # name → (web ms, PostgreSQL ms), mean per request
    totals: list[tuple[float, float]] = []  # web, PostgreSQL per take
    for _round in range(rounds):
        spent: dict[str, list[tuple[float, float]]] = {name: [] for name in LABELS}
        take_web, take_pg = [], []
        for _ in range(TAKES):
            requests = take_once(server, meter, data, *next(users))
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

    def spread(values: list[float]) -> str:
        return f"{min(values):.2f}–{max(values):.2f}"

    rows = []
    for name, label in LABELS.items():
        web = [r[name][0] for r in per_round]
        pg = [r[name][1] for r in per_round]
        goal = f"; goal ≤ {GOALS[name]:g} ms" if name in GOALS else ""
        rows.append(
            {
                "metric": f"take: {label}",
                "value": max(web),
                "unit": "ms web CPU",
                "note": f"min–max {spread(web)} ms web, PostgreSQL {spread(pg)} ms{goal}",
            }
        )
    web = [t[0] for t in totals]
    pg = [t[1] for t in totals]
    rows.append(
        {
            "metric": "take: the whole take (13 requests)",
            "value": max(web),
            "unit": "ms web CPU",
            "note": f"min–max {spread(web)} ms web, PostgreSQL {spread(pg)} ms; goal ≤ {TAKE_GOAL:g} ms web; "
            f"{TAKES} takes per round, {rounds} rounds, one request at a time",
        }
    )
    return rows
