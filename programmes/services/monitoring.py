"""The nightly progress check: a weekly snapshot per plan, and an alert when a province falls behind its
timeline by more than the margin, told once per breach (to its officers and the ministry)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from programmes.access import DEPARTMENT_PROGRAMMES
from programmes.models import PlanStatus, ProgressAlert, ProgressSnapshot, ProvincePlan
from programmes.selectors import expected_by, plan_milestones, surveyed_by_province
from smedx_portal.phases import province_may_run
from smedx_portal.programmes import Programme, short_name
from smedx_portal.sms import TransportError, send_sms


def is_behind(*, surveyed: int, expected: int, margin_percent: int) -> bool:
    return expected > 0 and surveyed * 100 < expected * (100 - margin_percent)


@transaction.atomic
def progress_check(*, today: datetime.date | None = None) -> dict[str, int]:
    """Snapshot this week's progress of every approved plan of the year in force, open an alert for each
    province newly behind, close the alerts of provinces that caught up. Idempotent within a day."""
    today = today or timezone.localdate()
    week = today - datetime.timedelta(days=today.weekday())
    margin = settings.PROGRAMME_BEHIND_MARGIN_PERCENT
    plans = list(
        ProvincePlan.objects.filter(year=today.year, status=PlanStatus.APPROVED).select_related("province")
    )
    milestones = plan_milestones([plan.pk for plan in plans])
    surveyed = {programme: surveyed_by_province(programme) for programme in Programme.values}
    open_alerts = {alert.plan_id: alert for alert in ProgressAlert.objects.filter(closed_at__isnull=True)}
    opened = closed = 0
    for plan in plans:
        if not province_may_run(plan.programme, plan.province_id, on=today):
            continue
        done = surveyed[plan.programme].get(plan.province_id, 0)
        expected = expected_by(milestones.get(plan.pk, []), datetime.date(today.year, 1, 1), today)
        ProgressSnapshot.objects.update_or_create(
            province_id=plan.province_id,
            programme=plan.programme,
            week=week,
            defaults={"surveyed": done, "expected": expected},
        )
        alert = open_alerts.get(plan.pk)
        if is_behind(surveyed=done, expected=expected, margin_percent=margin):
            if alert is None:
                alert = ProgressAlert.objects.create(plan=plan, expected=expected, surveyed=done)
                opened += 1
                from programmes.tasks import notify_progress_alert

                transaction.on_commit(lambda alert_id=alert.pk: notify_progress_alert.delay(alert_id))
        elif alert is not None:
            alert.closed_at = timezone.now()
            alert.save(update_fields=["closed_at"])
            closed += 1
    return {"plans": len(plans), "opened": opened, "closed": closed}


def alert_recipients(plan: ProvincePlan) -> list[Any]:
    """The province's officers whose department runs the programme, and the ministry's staff (with MoIT
    staff for RDX)."""
    departments = [code for code, programmes in DEPARTMENT_PROGRAMMES.items() if plan.programme in programmes]
    national = [Role.MINISTRY_STAFF, *([Role.MOIT_STAFF] if plan.programme == Programme.RDX else [])]
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(role=Role.PROVINCE_OFFICER, province_id=plan.province_id, department__in=departments)
            | Q(role__in=national)
        )
        .order_by("pk")
    )


def progress_alert_notify(*, alert_id: int) -> int:
    """E-mail and SMS about one breach (the portal shows it on the dashboards). Returns messages sent."""
    alert = ProgressAlert.objects.select_related("plan__province").get(pk=alert_id)
    plan = alert.plan
    text = _(
        "%(programme)s %(year)s: %(province)s đang chậm tiến độ khảo sát (%(done)s/%(expected)s đơn vị theo kế "
        "hoạch đến nay)."
    ) % {
        "programme": short_name(plan.programme),
        "year": plan.year,
        "province": plan.province.name,
        "done": alert.surveyed,
        "expected": alert.expected,
    }
    sent = 0
    for user in alert_recipients(plan):
        if user.email:
            send_mail(_("Cảnh báo chậm tiến độ"), text, None, [user.email])
            sent += 1
        if user.role == Role.PROVINCE_OFFICER and user.phone:
            try:
                send_sms(user.phone, text, reference=f"progress-alert-{alert.pk}-{user.pk}")
                sent += 1
            except TransportError:
                continue
    return sent
