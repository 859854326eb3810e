"""Page-render profile (issue 21): a survey page and the result page through the Django test client, in process,
a few hundred requests each, CPU per request and the largest costs (cProfile).

    python -m tests.bench page_profile          # through the `make bench` runner
    python -m tests.bench.page_profile          # alone; --profile prints cProfile's top functions

On its own database, BENCH_PROFILE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/smedx_bench_profile,
created and migrated here: the survey bench's database already holds the published criteria this bench loads), inside
one transaction rolled back at the end: the bundled RDX criteria set, a store and its owner, the survey answered at best and submitted, four
certified experts. BENCH_PROFILE_REQUESTS (default 200) requests per page after 20 warm-up requests, in rounds that
alternate base.html's cached fragments (menu, footer) with a dummy cache, so the fragments' saving is measured in
the same run; --profile first profiles as many requests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "200"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/smedx_bench_profile"


def run() -> list[dict]:
    from tests.bench.server import create_database, manage

    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ.get("BENCH_PROFILE_DATABASE_URL") or DEFAULT_URL
    env["DJANGO_SETTINGS_MODULE"] = "smedx_portal.settings"
    create_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench.page_profile", "--measure"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-3000:])
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return [
        {
            "metric": f"{name}: CPU per request",
            "value": ms,
            "unit": "ms",
            "note": f"{REQUESTS} requests, in process",
        }
        for name, ms in figures.items()
    ]


def _prepare():
    from django.test import Client
    from django.urls import reverse

    from assessment.services import assessment_start, assessment_submit
    from businesses.models import Sector
    from businesses.reference import reference_data_load
    from smedx_portal.programmes import Programme
    from tests.assessment.conftest import RDX_BEST, load_set
    from tests.experts.factories import certified_expert
    from tests.factories import MembershipFactory, UserFactory

    if not Sector.objects.exists():
        reference_data_load()
    load_set("rdx.yaml")
    owner = UserFactory(full_name="Chị Lan")
    store = MembershipFactory(user=owner, business__name="Tạp hóa Cô Lan").business
    pillars = ["rdx-customers-sales", "rdx-operations", "rdx-management", "rdx-technology"]
    for number in range(4):
        certified_expert(specialties=pillars[number:] + pillars[:number], provinces=[1, 79])
    result = assessment_start(business=store, programme=Programme.RDX, actor=owner)
    client = Client()
    client.force_login(owner)
    for page, data in RDX_BEST.items():
        client.post(reverse("assessment:page", kwargs={"pk": result.pk, "page": page}), data)
    assessment_submit(assessment_id=result.pk, actor=owner)
    survey = assessment_start(business=store, programme=Programme.RDX, actor=owner)  # a new draft
    return client, {
        "survey page": reverse("assessment:page", kwargs={"pk": survey.pk, "page": 2}),
        "result page": reverse("assessment:result", kwargs={"pk": result.pk}),
    }


def _measure(profile: bool) -> dict:
    import cProfile
    import pstats

    import django

    django.setup()
    from django.db import transaction

    figures = {}
    with transaction.atomic():
        client, urls = _prepare()
        for name, url in urls.items():
            for _ in range(20):
                assert client.get(url).status_code == 200, url
            if profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(REQUESTS):
                    client.get(url)
                profiler.disable()
                print(f"== {name}", file=sys.stderr)
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
                if os.environ.get("BENCH_PROFILE_DIR"):
                    profiler.dump_stats(
                        Path(os.environ["BENCH_PROFILE_DIR"]) / f"{name.replace(' ', '-')}.pstats"
                    )
            figures.update(_fragments_compared(client, name, url))
        transaction.set_rollback(True)
    return figures


def _fragments_compared(client, name: str, url: str, rounds: int = 4) -> dict:
    """CPU per request with base.html's cached fragments and without them (the "fragments" cache swapped for a
    dummy one), in interleaved rounds of the same process."""
    from django.test import override_settings

    without = override_settings(
        CACHES={**_caches(), "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    )
    spent = {"cached": 0.0, "uncached": 0.0}
    per_round = max(REQUESTS // rounds, 1)
    for number in range(rounds):
        for variant in ("cached", "uncached") if number % 2 == 0 else ("uncached", "cached"):
            if variant == "uncached":
                without.enable()
            started = time.process_time()
            for _ in range(per_round):
                client.get(url)
            spent[variant] += time.process_time() - started
            if variant == "uncached":
                without.disable()
    return {
        f"{name}": spent["cached"] / (per_round * rounds) * 1000,
        f"{name} without cached fragments": spent["uncached"] / (per_round * rounds) * 1000,
    }


def _caches() -> dict:
    from django.conf import settings

    return dict(settings.CACHES)


if __name__ == "__main__":
    if "--measure" in sys.argv:
        print(json.dumps(_measure("--profile" in sys.argv)))
    else:
        for row in run():
            print(f"{row['metric']:<40} {row['value']:>10.2f} {row['unit']}  {row.get('note', '')}")
