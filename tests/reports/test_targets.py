import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Indicator, ProgrammeTarget
from reports.selectors import national_dashboard, platform_adoption

pytestmark = pytest.mark.django_db


def test_targets_are_seeded_from_the_decisions():
    smedx = {t.indicator: t.value for t in ProgrammeTarget.objects.filter(programme="SMEDX", year=2026)}
    assert smedx == {
        Indicator.PEOPLE_REACHED: 50000,
        Indicator.BUSINESSES_TRYING_PLATFORMS: 30000,
        Indicator.EXPERTS_NETWORK: 100,
    }
    rdx = {t.indicator: t.value for t in ProgrammeTarget.objects.filter(programme="RDX", year=2026)}
    assert rdx == {Indicator.SURVEYED_SHARE: 100, Indicator.SURVEYED_TRYING_PLATFORMS_SHARE: 100}
    assert not ProgrammeTarget.objects.filter(programme="RDX", year=2023).exists()  # RDX began in 2024


def activate_platform(business, *, at=None):
    from platforms.models import UsageRegistration
    from tests.platforms.factories import PlatformFactory

    return UsageRegistration.objects.create(
        business=business, platform=PlatformFactory(), status="active", confirmed_at=at or timezone.now()
    )


def test_progress_against_targets(dataset):
    from tests.experts.factories import certified_expert

    year = dataset["year"]
    activate_platform(dataset["enterprises"][0])  # SMEdx, surveyed
    activate_platform(dataset["stores"][0])  # RDX, surveyed
    activate_platform(dataset["stores"][3])  # RDX, not surveyed: not in the RDX share of surveyed
    certified_expert()
    targets = {row["indicator"]: row for row in national_dashboard(year=year, use_cache=False)["targets"]}
    assert targets[Indicator.BUSINESSES_TRYING_PLATFORMS]["actual"] == 1
    assert targets[Indicator.BUSINESSES_TRYING_PLATFORMS]["target"] == 30000
    assert targets[Indicator.EXPERTS_NETWORK]["actual"] == 1
    assert targets[Indicator.EXPERTS_NETWORK]["percent"] == 1.0
    assert targets[Indicator.SURVEYED_SHARE]["actual"] == 57.1  # 4 of 7 RDX businesses surveyed
    assert targets[Indicator.SURVEYED_SHARE]["percent"] == 57.1
    assert targets[Indicator.SURVEYED_TRYING_PLATFORMS_SHARE]["actual"] == 25.0  # 1 of the 4 surveyed
    assert targets[Indicator.PEOPLE_REACHED]["actual"] == 0  # no campaign sent yet


def test_platform_adoption_counts_activated_businesses(dataset):
    year = dataset["year"]
    first = activate_platform(dataset["stores"][0])
    activate_platform(dataset["stores"][0])  # a second platform for the same business
    activate_platform(dataset["households"][0])
    from platforms.models import UsageRegistration

    UsageRegistration.objects.create(
        business=dataset["stores"][1], platform=first.platform, status="requested"
    )
    national = platform_adoption(year=year)
    assert (national["businesses"], national["active"], national["requests"]) == (2, 3, 4)
    assert platform_adoption(year=year, province_id=1)["businesses"] == 1
    assert platform_adoption(year=year - 1)["businesses"] == 0


def test_targets_on_the_national_page(client, staff, dataset):
    client.force_login(staff)
    body = client.get(reverse("reports:national"), {"year": dataset["year"]}).content.decode()
    assert 'data-indicator="businesses_trying_platforms"' in body
    assert "30.000" in body  # the SMEdx target, written the Vietnamese way
    assert "<progress" in body
    assert f"Tiến độ so với chỉ tiêu năm {dataset['year']}" in body  # a year, not a number with a separator


def test_people_reached_by_sms_and_events(dataset):
    from campaigns.models import EventRegistration, SmsMessage
    from tests.campaigns.factories import EventFactory, make_campaign
    from tests.factories import BusinessFactory, UserFactory

    now = timezone.now()
    national = make_campaign()
    hanoi = make_campaign(title="Hà Nội")
    hanoi.province_id = 1
    hanoi.save(update_fields=["province"])
    for campaign, phone, status in (
        (national, "+84911000001", "sent"),
        (national, "+84911000002", "delivered"),
        (national, "+84911000003", "failed"),  # not reached
        (hanoi, "+84911000004", "sent"),
    ):
        SmsMessage.objects.create(campaign=campaign, phone=phone, status=status, claimed_at=now, sent_at=now)
    event = EventFactory(province=dataset["hanoi"], starts_at=now, ends_at=now)
    for phone, status in (
        ("+84911000001", "attended"),
        ("+84911000005", "registered"),
        ("+84911000006", "cancelled"),
    ):
        EventRegistration.objects.create(
            event=event,
            user=UserFactory(),
            business=BusinessFactory(),
            attendee_name="Người tham dự",
            attendee_phone=phone,
            status=status,
        )
    year = dataset["year"]
    from reports.selectors import campaign_reach

    national_reach = campaign_reach(year=year)
    assert national_reach == {
        "available": True,
        "sms": 3,
        "event_participants": 2,
        "people": 4,
    }  # 01 counted once
    assert campaign_reach(year=year, province_id=1)["people"] == 3  # 04 by SMS, 01 and 05 at the event
    assert campaign_reach(year=year - 1)["people"] == 0
    targets = {row["indicator"]: row for row in national_dashboard(year=year, use_cache=False)["targets"]}
    # toward the target only a delivered SMS (02) or an attended event (01) reaches a person (reports.reach)
    assert targets[Indicator.PEOPLE_REACHED]["actual"] == 2
