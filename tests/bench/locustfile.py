"""200 people taking the survey at once (`tests/bench/load.py` starts the server, seeds the takers and runs this).

Each simulated person is a seeded user owning a store, signed in by session cookie, and takes the survey as a
person does, thinking 1–3 s between requests: open the survey home, start (which leads to the first page), view
and save each page, view the review, submit, view the result; then again (a new draft). Every request is one
HTTP request on a keep-alive connection (redirects are requests of their own, as a browser makes them).
BENCH_LOAD_TAKERS names the JSON file of takers and forms the runner wrote.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from urllib.parse import urlencode, urlparse

import gevent
from locust import FastHttpUser, task

with open(os.environ["BENCH_LOAD_TAKERS"], encoding="utf-8") as listing:
    DATA = json.load(listing)
PAGES = {int(page): body for page, body in DATA["pages"].items()}
TAKERS = itertools.cycle(DATA["takers"])
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def think() -> None:
    gevent.sleep(random.uniform(1, 3))


class Taker(FastHttpUser):
    def on_start(self) -> None:
        key, self.business_id = next(TAKERS)
        self.cookie = {"Cookie": f"sessionid={key}; csrftoken={DATA['csrf']}"}

    def call(self, name: str, method: str, path: str, expected: int, body: str = "") -> str:
        headers = {**self.cookie, **(FORM if body else {})}
        with self.client.request(
            method,
            path,
            data=body or None,
            headers=headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expected:
                response.failure(f"status {response.status_code}, expected {expected}")
                return ""
            return response.headers.get("Location", "")

    @task
    def take(self) -> None:
        csrf = DATA["csrf"]
        self.call("open", "GET", "/danh-gia/", 200)
        think()
        start = urlencode({"csrfmiddlewaretoken": csrf, "business": self.business_id, "programme": "RDX"})
        first_page = urlparse(self.call("start", "POST", "/danh-gia/bat-dau/", 302, start)).path
        if not first_page:
            return
        pk = first_page.split("/trang/")[0].rsplit("/", 1)[1]
        for page in sorted(PAGES):
            self.call("page view", "GET", f"/danh-gia/{pk}/trang/{page}/", 200)
            think()
            self.call("save", "POST", f"/danh-gia/{pk}/trang/{page}/", 302, PAGES[page])
        self.call("review", "GET", f"/danh-gia/{pk}/xem-lai/", 200)
        think()
        self.call("submit", "POST", f"/danh-gia/{pk}/xem-lai/", 302, DATA["submit_body"])
        self.call("result", "GET", f"/danh-gia/{pk}/ket-qua/", 200)
        think()
