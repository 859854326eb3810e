"""Campaign benchmark: a 100,000-recipient SMS campaign sent through the test SMS backend (locmem) by a real
Celery worker (prefork, one process) on Redis and PostgreSQL. Reports messages per second and the database rows
written per message (inserts + updates + deletes of every table, from pg_stat_user_tables).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedx_bench REDIS_URL=redis://127.0.0.1:6379/5 \
        python -m tests.bench campaign

The recipients (businesses with one representative each, in one ward of Cà Mau) are seeded once and kept; each
run sends a new campaign to them and deletes it afterwards. The worker consumes a queue of its own
(`bench-campaign`), so it never takes another process's tasks. The 07:00–22:00 window is lifted for the run
(the benchmark measures throughput; the window has its own tests) and the rate limit set out of the way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.steps import prepare_database

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/smedx_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
RECIPIENTS = int(os.environ.get("BENCH_CAMPAIGN_RECIPIENTS", "100000"))
BATCH = int(os.environ.get("BENCH_CAMPAIGN_BATCH", "1000"))
TIMEOUT = float(os.environ.get("BENCH_CAMPAIGN_TIMEOUT", "1800"))
QUEUE = "bench-campaign"
PROVINCE = 96  # Cà Mau: one ward of it holds the bench's recipients and nothing else
PHONE_PREFIX = "+8470"  # +8470xxxxxxx: 10 million numbers, none used by the demo or the other benchmarks

SETTINGS_MODULE = f'''
from tests.bench.settings import *  # noqa: F403

CAMPAIGN_SEND_HOURS = (0, 24)
CAMPAIGN_BATCH_SIZE = {BATCH}
CAMPAIGN_RATE_PER_SECOND = 10_000_000
CELERY_TASK_DEFAULT_QUEUE = "{QUEUE}"
CELERY_TASK_ALWAYS_EAGER = False
SMS_BACKEND = "smedx_portal.sms.backends.locmem.SmsBackend"
'''


def _environment(settings_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS)
    env.setdefault("DJANGO_ENV", "development")
    env["DJANGO_SETTINGS_MODULE"] = "bench_campaign_settings"
    env["PYTHONPATH"] = os.pathsep.join([settings_dir, str(ROOT), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    return env


def run() -> list[dict]:
    """Everything runs in child processes: other benchmarks set Django up in this one with other settings."""
    with tempfile.TemporaryDirectory(prefix="bench-campaign-") as settings_dir:
        Path(settings_dir, "bench_campaign_settings.py").write_text(SETTINGS_MODULE, encoding="utf-8")
        env = _environment(settings_dir)
        prepare_database(env)
        done = subprocess.run(
            [sys.executable, "-m", "tests.bench.campaign", "child"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the child process ----------------------------------------------------------------------------


def _seed(segment) -> tuple[int, float]:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from businesses.models import Business, BusinessKind, Membership
    from campaigns.segments import recipient_count
    from smedx_portal.text import search_key

    started = time.monotonic()
    have = recipient_count(segment)
    missing = RECIPIENTS - have
    if missing <= 0:
        return have, 0.0
    user_model = get_user_model()
    taken = set(user_model.objects.filter(phone__startswith=PHONE_PREFIX).values_list("phone", flat=True))
    now = timezone.now()
    number = 0
    chunk = 10_000
    while missing > 0:
        size = min(chunk, missing)
        phones = []
        while len(phones) < size:
            phone = f"{PHONE_PREFIX}{number:07d}"
            number += 1
            if phone not in taken:
                phones.append(phone)
        with transaction.atomic():
            businesses = Business.objects.bulk_create(
                [
                    Business(
                        name=f"Hộ kinh doanh thử tải {phone[-7:]}",
                        search_name=search_key(f"Hộ kinh doanh thử tải {phone[-7:]}"),
                        kind=BusinessKind.HOUSEHOLD,
                        in_rdx=True,
                        province_id=segment.province_id,
                        ward_id=segment.ward_id,
                    )
                    for phone in phones
                ]
            )
            users = user_model.objects.bulk_create(
                [
                    user_model(
                        username=phone,
                        phone=phone,
                        phone_verified_at=now,
                        password="!bench",
                        full_name="Thử tải",
                    )
                    for phone in phones
                ]
            )
            Membership.objects.bulk_create(
                [
                    Membership(user=user, business=business, role="owner")
                    for user, business in zip(users, businesses, strict=True)
                ]
            )
        missing -= size
    return recipient_count(segment), time.monotonic() - started


def _writes() -> dict[str, int]:
    """Rows inserted + updated + deleted per table since the statistics were reset (all backends)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables")
        return dict(cursor.fetchall())


def _settled_writes(timeout: float = 10.0) -> dict[str, int]:
    """`_writes()` once the stopped worker's statistics have reached the server: two readings 0.1 s apart agree
    (a backend flushes its counts when it exits; polled rather than waited for a fixed time)."""
    reading, started = _writes(), time.monotonic()
    while time.monotonic() - started < timeout:
        time.sleep(0.1)
        previous, reading = reading, _writes()
        if reading == previous:
            break
    return reading


def _start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "smedx_portal",
            "worker",
            "-Q",
            QUEUE,
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "-l",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_for_worker(timeout: float = 90) -> None:
    from smedx_portal.celery import ping

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ping.apply_async(("ok",), queue=QUEUE).get(timeout=5) == "ok":
                return
        except Exception:  # noqa: BLE001, S112 - not up yet
            continue
    raise RuntimeError("the Celery worker did not start")


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the worker and its pool child
        process.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def child() -> list[dict]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from accounts.models import Role
    from businesses.models import Province
    from campaigns.models import CampaignStatus, MessageStatus, SmsCampaign, SmsMessage
    from campaigns.segments import Segment
    from campaigns.services.campaigns import (
        campaign_approve,
        campaign_create,
        campaign_send_now,
        campaign_submit,
    )

    ward = Province.objects.get(code=PROVINCE).wards.order_by("code").first()
    segment = Segment(province_id=PROVINCE, ward_id=ward.pk, kinds=("household",))
    recipients, seeding = _seed(segment)
    from django.db import connection

    with (
        connection.cursor() as cursor
    ):  # planner statistics, as autovacuum keeps them (off on some dev servers)
        cursor.execute("ANALYZE")
    composer, approver = (
        get_user_model().objects.get_or_create(
            username=f"bench-campaign-{name}",
            defaults={"role": Role.MINISTRY_STAFF, "is_staff": True, "is_superuser": True, "full_name": name},
        )[0]
        for name in ("composer", "approver")
    )

    worker = _start_worker(dict(os.environ))
    try:
        _wait_for_worker()
        campaign = campaign_create(
            actor=composer,
            title="Thử tải 100.000 tin",
            kind="info",
            text="Mời hộ kinh doanh tham gia khảo sát mức độ chuyển đổi số trên Cổng thông tin.",
            strip_accents=True,
            segment=segment,
        )
        campaign_submit(
            campaign=campaign, actor=composer
        )  # above the approval threshold: a second staff member
        campaign = campaign_approve(campaign=campaign, actor=approver)
        before = _writes()
        started = time.monotonic()
        campaign_send_now(campaign=campaign, actor=composer)  # queued to the worker on commit
        while True:
            status = SmsCampaign.objects.values_list("status", flat=True).get(pk=campaign.pk)
            if status == CampaignStatus.COMPLETED:
                break
            if time.monotonic() - started > TIMEOUT:
                raise RuntimeError(f"campaign not complete after {TIMEOUT:.0f} s")
            time.sleep(0.25)
        elapsed = time.monotonic() - started
    finally:
        _stop(worker)  # its database connections close, so their statistics are flushed
    after = _settled_writes()
    delta = {table: after.get(table, 0) - before.get(table, 0) for table in after}
    messages = SmsMessage.objects.filter(campaign=campaign)
    statuses = dict(messages.values_list("status").annotate(n=Count("id")).order_by())
    distinct = messages.values("phone").distinct().count()
    sent = statuses.get(MessageStatus.SENT, 0)
    total_writes = sum(delta.values())
    message_writes = delta.get("campaigns_smsmessage", 0)
    SmsCampaign.objects.filter(pk=campaign.pk).delete()
    return [
        {
            "metric": "recipients",
            "value": recipients,
            "unit": "",
            "note": f"seeded in {seeding:.0f} s" if seeding else "already seeded",
        },
        {
            "metric": "messages sent",
            "value": sent,
            "unit": "",
            "note": f"distinct phones {distinct}; statuses {statuses}; batches of {BATCH}",
        },
        {
            "metric": "messages per second (real worker, test backend)",
            "value": sent / elapsed,
            "unit": "msg/s",
            "note": f"{elapsed:.1f} s in all",
        },
        {
            "metric": "database rows written per message",
            "value": total_writes / max(sent, 1),
            "unit": "rows",
            "note": f"{total_writes} rows; campaigns_smsmessage {message_writes / max(sent, 1):.3f}/msg "
            "(1 insert claiming it + 1 update recording the outcome)",
        },
        {
            "metric": "other rows written per 1,000 messages",
            "value": (total_writes - message_writes) * 1000 / max(sent, 1),
            "unit": "rows",
            "note": ", ".join(
                f"{table} {n}" for table, n in sorted(delta.items()) if n and table != "campaigns_smsmessage"
            ),
        },
    ]


if __name__ == "__main__":
    if sys.argv[1:] == ["child"]:
        print(json.dumps(child()))
    else:
        for row in run():
            print(row)
