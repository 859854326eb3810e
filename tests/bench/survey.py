"""Survey benchmark: the survey's save and submit against a true bare Django app, and the CPU of each request of
a take, on PostgreSQL and Redis under gunicorn (`gunicorn.conf.py`, as deployed).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedx_bench python -m tests.bench survey

Two servers with the same gunicorn settings: the portal (bench settings: the portal's plus a signed-in POST
that does nothing, `tests/bench/urls.py`) and the bare app (`tests/bench/bare/`: no app, no middleware, one
SELECT). The same client (wrk) drives, in interleaved rounds, the bare view, the signed-in floor, page saves and
submits; each round gives a ratio to that round's bare rate, and the min–max over the rounds is printed with the
CPU per request of the web workers and of PostgreSQL (only this bench's processes). Then `tests/bench/take.py`
takes the survey one request at a time and prints each request's CPU.

Environment: BENCH_ROUNDS (2), BENCH_SECONDS (5, per kind and round), BENCH_CONNECTIONS (32), BENCH_WORKERS /
BENCH_THREADS (2 / 4), BENCH_SUBMIT_DRAFTS (10,000), BENCH_TAKES (20 measured takes per round).

Measured 2026-12-07 06:36–06:39 at 11e309b (`BENCH_TAKES=10 BENCH_SUBMIT_DRAFTS=5000 python -m tests.bench survey`,
twice, nothing else running; load average 3.4–3.8 after, the bench's own): bare 2,583–2,803 req/s (web 0.52–0.55 ms
+ PostgreSQL 0.09–0.11 ms CPU per request); floor/bare 0.26–0.53 (web 1.12–1.50 ms); save/bare 0.14–0.28 (web
1.87–2.55 + PostgreSQL 0.49–0.67 ms); submit/bare 0.07–0.16 (web 3.21–4.65 + PostgreSQL 1.04–1.47 ms). A take in
process, back to back: page view 2.41–3.54 ms, result 3.98–6.03 ms, the take 32.9–49.1 ms (PostgreSQL 15.0–21.2 ms
per take, served); served one request at a time: page view 4.86–5.63 ms, result 7.05–8.86 ms, the take 69–79 ms.
The two runs differed by half in process (page 2.41 against 3.54 ms) while each run's rounds agreed within 3 %:
this machine's two virtual CPUs do not run at one speed (the same take pinned to one CPU or the other, or run
again, gave 33–67 ms), so read every figure as a range over several runs.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from urllib.parse import urlencode

from tests.bench import take, wrk
from tests.bench.server import (
    BARE_APP,
    PORTAL_APP,
    ROOT,
    CpuMeter,
    Server,
    prepare_portal,
)
from tests.bench.server import environment as server_environment

PREFIX = "bench-survey-"
SAVE_USERS = 16
SUBMIT_DRAFTS = int(os.environ.get("BENCH_SUBMIT_DRAFTS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
TAKE_USERS = take.users_needed(ROUNDS)


# --- seeding (in a child process, with the bench settings) -----------------------------------------


def seed_sessions(users, csrf: str) -> list[str]:
    """Signed-in sessions for `users` with the configured session engine, stored as after a sign-in (and, for
    the cached engines, already in the cache, as after the first request); returns the cookie values."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.utils import timezone

    engine = import_module(settings.SESSION_ENGINE)
    datas = [
        {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "accounts.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        for user in users
    ]
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.signed_cookies":
        keys = []
        for data in datas:
            store = engine.SessionStore()
            store.update(data)
            store.save()
            keys.append(store.session_key)
        return keys
    keys = [secrets.token_hex(16) for _user in users]
    if settings.SESSION_ENGINE.endswith((".db", ".cached_db")):
        expire = timezone.now() + timezone.timedelta(days=1)
        encode = engine.SessionStore().encode
        Session.objects.bulk_create(
            (
                Session(session_key=key, session_data=encode(data), expire_date=expire)
                for key, data in zip(keys, datas)
            ),
            batch_size=2000,
        )
    if settings.SESSION_ENGINE.endswith(("cache", ".cached_db")):
        caches[settings.SESSION_CACHE_ALIAS].set_many(
            {engine.SessionStore(key).cache_key: data for key, data in zip(keys, datas, strict=True)}, 86400
        )
    return keys


def page_bodies(csrf: str) -> dict[int, str]:
    """Each RDX page's form, answered best, as a browser posts it."""
    from tests.assessment.conftest import RDX_STORES_BEST

    pages = {}
    for position, data in RDX_STORES_BEST.items():
        pairs = [("csrfmiddlewaretoken", csrf), ("action", "next")]
        for code, value in data.items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append((code, item))
        pages[position] = urlencode(pairs)
    return pages


def create_owners(prefix: str, phone_prefix: str, count: int) -> tuple[list, list]:
    """`count` users, each owning a store in RDX, who have answered the privacy notice (those of an earlier run
    with this prefix deleted first)."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from businesses.models import Business, Membership, Province, Sector

    province = Province.objects.get(code=1)
    sector = Sector.objects.get(code="tap-hoa")
    Business.objects.filter(name__startswith=prefix).delete()
    User.objects.filter(username__startswith=prefix).delete()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i}", phone=f"{phone_prefix}{i:07d}", password=password,
             full_name=f"Bench {i}", privacy_notice_version=settings.PRIVACY_NOTICE_VERSION)
        for i in range(count)
    )  # fmt: skip
    businesses = Business.objects.bulk_create(
        Business(name=f"{prefix}{i}", search_name=f"{prefix}{i}", kind="retail_store", in_rdx=True,
                 province=province, sector=sector)
        for i in range(count)
    )  # fmt: skip
    Membership.objects.bulk_create(
        Membership(user=user, business=business, role="owner")
        for user, business in zip(users, businesses, strict=True)
    )
    return users, businesses


def seed() -> dict:
    import django

    django.setup()
    from django.db import transaction

    from assessment.models import Answer, Assessment, CriteriaSet
    from assessment.structure import structure_for
    from tests.assessment.conftest import RDX_STORES_BEST
    from tests.assessment.test_scoring import answers_from

    criteria_set = CriteriaSet.objects.current("RDX")
    structure = structure_for(criteria_set)
    answers = answers_from(structure, RDX_STORES_BEST)
    total = SAVE_USERS + SUBMIT_DRAFTS + TAKE_USERS
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret

    with transaction.atomic():
        users, businesses = create_owners(PREFIX, "+8470", total)
        drafted = SAVE_USERS + SUBMIT_DRAFTS  # the take users start their own
        drafts = Assessment.objects.bulk_create(
            Assessment(business=business, criteria_set=criteria_set, programme="RDX", started_by=user,
                       current_pillar=structure.pillars[0])
            for user, business in zip(users[:drafted], businesses[:drafted], strict=True)
        )  # fmt: skip
        Answer.objects.bulk_create(
            (
                Answer(
                    assessment=draft, question_id=qid, option_ids=list(v.option_ids), number_value=v.number
                )
                for draft in drafts[SAVE_USERS:]
                for qid, v in answers.items()
            ),
            batch_size=5000,
        )
        keys = seed_sessions(users, csrf)

    return {
        "csrf": csrf,
        "save": [(keys[i], drafts[i].pk) for i in range(SAVE_USERS)],
        "submit": [(keys[i], drafts[i].pk) for i in range(SAVE_USERS, drafted)],
        "take": [(keys[i], businesses[i].pk) for i in range(drafted, total)],
        "pages": page_bodies(csrf),
        "submit_body": urlencode([("csrfmiddlewaretoken", csrf)]),
    }


# --- the rounds --------------------------------------------------------------------------------------


def _spread(values: list[float], digits: int = 2) -> str:
    low, high = min(values), max(values)
    return f"{low:.{digits}f}–{high:.{digits}f}"


def _throughput(portal: Server, bare: Server, meter: CpuMeter, data: dict) -> list[dict]:
    csrf, pages = data["csrf"], {int(page): body for page, body in data["pages"].items()}
    cookie = "sessionid={}; csrftoken=" + csrf
    kinds = {
        "bare": (bare, [("GET", "/mot-dong/", "", "")], 200),
        "floor": (
            portal,
            [
                ("POST", "/bench/gui-khi-da-dang-nhap/", cookie.format(key), data["submit_body"])
                for key, _pk in data["save"]
            ],
            302,
        ),
        "save": (
            portal,
            [
                ("POST", f"/danh-gia/{pk}/trang/{page}/", cookie.format(key), pages[page])
                for key, pk in data["save"]
                for page in sorted(pages)
            ],
            302,
        ),
    }
    submits = [
        ("POST", f"/danh-gia/{pk}/xem-lai/", cookie.format(key), data["submit_body"])
        for key, pk in data["submit"]
    ]
    wrk.run(
        bare, meter, kinds["bare"][1], expected=200, connections=CONNECTIONS, seconds=1
    )  # warm the workers
    wrk.run(portal, meter, kinds["floor"][1], expected=302, connections=CONNECTIONS, seconds=1)
    results: dict[str, list[dict]] = {name: [] for name in (*kinds, "submit")}
    used = 0
    for _round in range(ROUNDS):  # interleaved, so a load spike from another process hits every kind alike
        for name, (server, requests, expected) in kinds.items():
            results[name].append(
                wrk.run(server, meter, requests, expected=expected, connections=CONNECTIONS, seconds=SECONDS)
            )
        left = submits[used:]
        result = wrk.run(portal, meter, left, expected=302, connections=CONNECTIONS, seconds=SECONDS)
        if result["requests"] + CONNECTIONS > len(left):
            raise RuntimeError("the submit drafts ran out: raise BENCH_SUBMIT_DRAFTS")
        used += result["requests"] + CONNECTIONS  # and the requests in flight when wrk stopped
        results["submit"].append(result)

    labels = {
        "bare": "bare Django view, one SELECT (GET)",
        "floor": "signed-in POST doing nothing (the floor)",
        "save": "save a survey page (POST, 5-6 answers)",
        "submit": "submit and score a complete survey (POST)",
    }
    rows = []
    for name, label in labels.items():
        runs = results[name]
        rows.append(
            {
                "metric": label,
                "value": min(r["rps"] for r in runs),
                "unit": "req/s",
                "note": f"min–max {_spread([r['rps'] for r in runs], 0)}; CPU ms/request web "
                f"{_spread([r['web_ms'] for r in runs])}, PostgreSQL {_spread([r['postgres_ms'] for r in runs])}; "
                f"p95 {_spread([r['p95'] for r in runs], 1)} ms; errors {sum(r['errors'] for r in runs)}",
            }
        )
    goals = {"floor": "", "save": "goal ≥ 0.3", "submit": "goal ≥ 0.2"}
    for name, goal in goals.items():
        ratios = [r["rps"] / b["rps"] for r, b in zip(results[name], results["bare"], strict=True)]
        rows.append(
            {
                "metric": f"{name} / bare",
                "value": min(ratios),
                "unit": "x",
                "note": f"min–max {_spread(ratios)} over {ROUNDS} rounds, each against its own round's bare rate"
                + (f"; {goal}" if goal else ""),
            }
        )
    return rows


def run() -> list[dict]:
    if not wrk.available():
        raise RuntimeError("wrk is missing: apt-get install wrk (make bench installs it)")
    env = server_environment()  # for the child processes only: other benchmarks run in this process after us
    prepare_portal(env)
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.bench.survey", "seed"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    meter = CpuMeter(env["DATABASE_URL"])
    portal = Server(env, PORTAL_APP, "/healthz")
    bare = Server(env, BARE_APP, "/mot-dong/")
    try:
        rows = _throughput(portal, bare, meter, data)
        rows += take.measure(portal, meter, data, rounds=ROUNDS)
    finally:
        portal.stop()
        bare.stop()
        meter.close()
    load = os.getloadavg()
    rows.append(
        {
            "metric": "setup",
            "value": 0,
            "unit": "",
            "note": f"gunicorn.conf.py: {env['WEB_CONCURRENCY']} workers × {env['GUNICORN_THREADS']} threads; wrk "
            f"-t{wrk.THREADS} -c{CONNECTIONS}, {SECONDS:g} s per kind in {ROUNDS} interleaved rounds; "
            f"{os.cpu_count()} CPUs shared with the client; load average after {load[0]:.2f} {load[1]:.2f}",
        }
    )
    return rows


if __name__ == "__main__" and sys.argv[1:] == ["seed"]:
    print(json.dumps(seed()))
