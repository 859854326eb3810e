"""Programmes benchmark (issue 17): the national table of province progress at national scale.

    python -m tests.bench programmes            # through the `make bench` runner
    python -m tests.bench.programmes            # alone

Uses the reports benchmark's database (BENCH_REPORTS_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/smedx_bench_reports) and its `prepare` step, which generates 1,000,000
businesses and their summary tables in SQL (kept between runs). On top, this bench writes an approved plan for
every province and both programmes with a target for every ward × business type of the programme (all 3,321
wards × 2 programmes × 3 types = 19,926 targets) and four milestones, then measures, uncached:

* the national progress selector (plans, milestones, surveyed per province from the summary table);
* the whole national page through the Django test client, signed in as ministry staff (server time: the
  request in process, rendering included).

Goal: the page in ≤ 50 ms of server time. Figures are appended to BENCH_PROGRAMMES_RESULTS (default
/tmp/bench-programmes.jsonl).

Measured here on 6/12/2026, 1 M businesses, 19,926 targets, load average 9 on 2 cores (seven other engineers'
test runs): generation 11 min; selector 19 ms (4 queries); page 126 ms wall, of which 25 ms CPU in the web
process (7 queries). The wall time is mostly waiting for a CPU; the page's own work (CPU + its 7 queries) is
within the 50 ms goal, which an idle machine should show in wall time too (not shown here).
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

from tests.bench.reports import _environment as reports_environment  # the same database and settings
from tests.bench.steps import prepare_database, run_step

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(os.environ.get("BENCH_PROGRAMMES_RESULTS", "/tmp/bench-programmes.jsonl"))
REPEAT = 20
GOAL_MS = 50.0


def run() -> list[dict]:
    env = reports_environment()
    started = time.monotonic()
    prepare_database(env, criteria=True)
    prepared = run_step(env, "tests.bench.reports", "prepare", results=RESULTS, timeout=1800)
    plans = run_step(env, "tests.bench.programmes", "plans", results=RESULTS, timeout=1800)
    measured = run_step(env, "tests.bench.programmes", "measure", results=RESULTS, timeout=1800)
    return [
        {"metric": "data: businesses", "value": prepared["businesses"], "unit": "rows", "note": prepared["note"]},
        {"metric": "data: ward × type targets", "value": plans["targets"], "unit": "rows"},
        {"metric": "national progress: selector", "value": measured["selector_ms"], "unit": "ms",
         "note": f"{measured['queries']} queries"},
        {"metric": "national progress: page (server time)", "value": measured["page_ms"], "unit": "ms",
         "note": f"{measured['page_queries']} queries; goal ≤ {GOAL_MS:.0f} ms: "
         + ("met" if measured["page_ms"] <= GOAL_MS else "NOT met")},
        {"metric": "national progress: page, web process CPU", "value": measured["page_cpu_ms"], "unit": "ms",
         "note": f"load average {measured['load_average']:.1f} on {os.cpu_count()} cores"},
        {"metric": "total bench time", "value": time.monotonic() - started, "unit": "s"},
    ]  # fmt: skip


def step_plans() -> dict:
    """An approved plan per province and programme, a target per ward × type of the programme."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from businesses.models import Ward
    from programmes.models import PlanMilestone, PlanStatus, PlanTarget, ProvincePlan
    from programmes.selectors import PROGRAMME_KINDS
    from smedx_portal.programmes import Programme

    year = timezone.localdate().year
    wards = list(Ward.objects.values_list("code", "province_id"))
    with transaction.atomic():
        ProvincePlan.objects.filter(year=year).delete()
        for programme in Programme.values:
            kinds = PROGRAMME_KINDS[programme]
            totals: dict[int, int] = {}
            for _code, province_id in wards:
                totals[province_id] = totals.get(province_id, 0) + 40 * len(kinds)
            plans = {
                province_id: ProvincePlan.objects.create(
                    province_id=province_id,
                    programme=programme,
                    year=year,
                    status=PlanStatus.APPROVED,
                    survey_total=total,
                )
                for province_id, total in totals.items()
            }
            PlanTarget.objects.bulk_create(
                (
                    PlanTarget(plan=plans[province_id], ward_id=code, kind=kind, target=40)
                    for code, province_id in wards
                    for kind in kinds
                ),
                batch_size=5000,
            )
            PlanMilestone.objects.bulk_create(
                PlanMilestone(
                    plan=plan, due_on=datetime.date(year, month, 28), surveyed=plan.survey_total * month // 12
                )
                for plan in plans.values()
                for month in (3, 6, 9, 12)
            )
    return {"targets": PlanTarget.objects.filter(plan__year=year).count()}


def step_measure() -> dict:
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Role, User
    from programmes.selectors import national_progress
    from tests.bench.steps import count_queries, median_ms

    staff, _created = User.objects.get_or_create(
        username="bench-programmes-staff", defaults={"role": Role.MINISTRY_STAFF, "phone": "+84700000998"}
    )
    client = Client()
    client.force_login(staff)
    url = reverse("programmes:national_progress", args=["rdx"])
    today = timezone.localdate()

    def selector() -> None:
        national_progress("RDX", today.year, today=today)

    def page() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"national page answered {response.status_code}")

    def page_cpu_ms() -> float:
        times = []
        for _ in range(REPEAT):
            started = time.process_time()
            page()
            times.append((time.process_time() - started) * 1000)
        return statistics.median(times)

    return {
        "selector_ms": median_ms(selector, REPEAT),
        "queries": count_queries(selector),
        "page_ms": median_ms(page, REPEAT),
        "page_cpu_ms": page_cpu_ms(),
        "page_queries": count_queries(page),
        "load_average": os.getloadavg()[0],
    }


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps({"plans": step_plans, "measure": step_measure}[sys.argv[1]]()))
    else:
        os.environ.update(reports_environment())
        for row in run():
            print(
                f"{row['metric']:<48} {row['value']:>12.2f} {row['unit']}  {row.get('note', '')}", flush=True
            )
