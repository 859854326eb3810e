"""The nightly check: a weekly snapshot per approved plan, an alert when a province is behind its timeline
by more than the margin, told once per breach to its officers and the ministry (portal, e-mail, SMS)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from businesses.models import BusinessResult
from businesses.stats import stats_rebuild
from programmes.models import PlanMilestone, PlanStatus, ProgressAlert, ProgressSnapshot, ProvincePlan
from programmes.selectors import expected_by
from programmes.services.monitoring import progress_check
from smedx_portal.programmes import Programme
from tests.factories import BusinessResultFactory
from tests.programmes.conftest import stores

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 7, 1)


@pytest.fixture
def approved_plan(hcmc):
    plan = ProvincePlan.objects.create(
        province=hcmc, programme=Programme.RDX, year=DAY.year, status=PlanStatus.APPROVED, survey_total=10
    )
    PlanMilestone.objects.create(plan=plan, due_on=datetime.date(DAY.year, 6, 30), surveyed=6)
    PlanMilestone.objects.create(plan=plan, due_on=datetime.date(DAY.year, 12, 31), surveyed=10)
    return plan


def test_expected_is_linear_between_milestones():
    milestones = [(datetime.date(2026, 1, 11), 10), (datetime.date(2026, 1, 21), 20)]
    assert expected_by(milestones, datetime.date(2026, 1, 1), datetime.date(2026, 1, 6)) == 5
    assert expected_by(milestones, datetime.date(2026, 1, 1), datetime.date(2026, 1, 16)) == 15
    assert expected_by(milestones, datetime.date(2026, 1, 1), datetime.date(2026, 3, 1)) == 20


def test_behind_told_once_then_closed_then_told_again(
    approved_plan,
    hcmc,
    hcmc_officer,
    hcmc_trade_officer,
    other_officer,
    ministry,
    moit,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    businesses = stores(hcmc, 6, surveyed=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert progress_check(today=DAY)["opened"] == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["bct@moit.example", "bo@most.example", "so-khcn@hcm.example"]
    assert sorted(message.phone for message in sms_outbox) == sorted(
        [hcmc_officer.phone, hcmc_trade_officer.phone]
    )
    assert other_officer.phone not in [message.phone for message in sms_outbox]
    with django_capture_on_commit_callbacks(execute=True):
        assert progress_check(today=DAY + datetime.timedelta(days=1))["opened"] == 0
    assert len(mail.outbox) == 3  # not every night
    for business in businesses[2:]:  # the first two were surveyed already
        BusinessResultFactory(business=business, level="san_sang")
    stats_rebuild()
    assert progress_check(today=DAY + datetime.timedelta(days=2))["closed"] == 1
    BusinessResult.objects.filter(business__in=businesses[2:]).delete()
    stats_rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        assert progress_check(today=DAY + datetime.timedelta(days=3))["opened"] == 1
    assert ProgressAlert.objects.count() == 2 and len(mail.outbox) == 6


def test_within_margin_is_not_behind(approved_plan, hcmc, settings):
    settings.PROGRAMME_BEHIND_MARGIN_PERCENT = 50
    stores(hcmc, 6, surveyed=4)
    assert progress_check(today=DAY)["opened"] == 0
    snapshot = ProgressSnapshot.objects.get()
    assert (snapshot.week, snapshot.surveyed, snapshot.expected) == (datetime.date(2026, 6, 29), 4, 6)


def test_outside_pilot_not_monitored(approved_plan, hcmc, other_province, rdx_pilot):
    approved_plan.province = other_province
    approved_plan.save()
    assert progress_check(today=DAY)["opened"] == 0 and not ProgressSnapshot.objects.exists()


def test_dashboards_show_progress(client, approved_plan, hcmc, hcmc_officer, moit):
    stores(hcmc, 6, surveyed=2)
    progress_check(today=DAY)
    client.force_login(hcmc_officer)
    body = client.get(
        reverse("programmes:province_progress", args=["rdx", hcmc.pk]), {"year": DAY.year}
    ).content.decode()
    assert "2 / 0" in body or "2 /" in body
    client.force_login(moit)
    body = client.get(
        reverse("programmes:national_progress", args=["rdx"]), {"year": DAY.year}
    ).content.decode()
    assert "Thành phố Hồ Chí Minh" in body and "chậm tiến độ" in body
    province_url = reverse("programmes:province_progress", args=["rdx", hcmc.pk])
    assert f'href="{province_url}?year={DAY.year}"' in body  # links built from prefixes reversed once
    assert f'href="{approved_plan.get_absolute_url()}"' in body


def test_national_page_queries_do_not_grow_with_provinces(client, ministry, hcmc, other_province):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ministry)
    url = reverse("programmes:national_progress", args=["rdx"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"year": DAY.year}).status_code == 200
        return len(queries)

    ProvincePlan.objects.create(
        province=hcmc, programme=Programme.RDX, year=DAY.year, status=PlanStatus.APPROVED
    )
    one = count()
    ProvincePlan.objects.create(
        province=other_province, programme=Programme.RDX, year=DAY.year, status=PlanStatus.APPROVED
    )
    assert count() == one <= 10
