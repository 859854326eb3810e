"""People reached: the hand-written GROUP BY over the channels' subqueries (`reports.reach_people_sql.reach_patterns`)
and its ORM twin group the same people the same way, for both programmes and for one, with every channel, a
person reached through several, one without a phone, and a person who deleted their data; and the dashboards'
stored counts (`reports.ReachCount`) are the same figures, recounted only when stale."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from privacy.services import person_erase
from reports.models import ReachCount
from reports.reach import people_reached_by_programme, people_reached_stored, reach_refresh
from reports.reach_people_sql import reach_patterns, reach_patterns_orm
from tests.campaigns.factories import EventFactory, make_campaign
from tests.reports.test_reach import attend, owner, sms, survey
from tests.twins import TWIN, assert_same_rows

pytestmark = TWIN


@pytest.fixture
def reached():
    from campaigns.segments import Segment
    from tests.assessment.conftest import load_set
    from tests.factories import UserFactory

    smedx_campaign = make_campaign(segment=Segment(programme="SMEDX"))
    rdx_campaign = make_campaign(segment=Segment(programme="RDX"), title="RDX")
    both_campaign = make_campaign(title="Cả hai")
    event = EventFactory(programme="SMEDX", starts_at=timezone.now() - datetime.timedelta(days=1))
    both = EventFactory(programme="", starts_at=timezone.now() - datetime.timedelta(days=2))
    criteria = load_set("smedx-1567-2025.yaml")

    anh = owner("+84912000001")  # every channel
    sms(smedx_campaign, anh.phone)
    attend(event, anh)
    attend(both, anh)
    survey(anh, anh.businesses.first(), criteria)
    sms(smedx_campaign, "+84912000002")  # a delivered SMS only, no account
    sms(rdx_campaign, "+84912000002")  # and one of the other programme
    chi = owner("+84912000003", smedx=False)  # RDX; an event for both programmes
    attend(both, chi)
    sms(both_campaign, "+84912000004")  # a campaign to both programmes
    sms(smedx_campaign, "+84912000005", status="sent")  # not delivered: not reached
    no_phone = UserFactory(
        phone=None, username="khong-so"
    )  # an account without a phone: counted as the account
    survey(no_phone, owner("+84912000006").businesses.first(), criteria)
    erased = owner("+84912000007")  # every SMEdx channel, then deletes their data
    sms(smedx_campaign, erased.phone)
    attend(event, erased)
    survey(erased, erased.businesses.first(), criteria)
    person_erase(user_id=erased.pk)
    return timezone.localdate().year


@pytest.mark.parametrize("programmes", [["SMEDX", "RDX"], ["SMEDX"], ["RDX"]])
def test_the_hand_written_reach_patterns_are_the_orms(reached, programmes):
    patterns = assert_same_rows(reach_patterns, reach_patterns_orm, programmes, reached)
    assert patterns
    assert not assert_same_rows(reach_patterns, reach_patterns_orm, programmes, reached - 1)


def test_the_figures_from_the_patterns(reached):
    reach = people_reached_by_programme(year=reached)
    smedx, rdx = reach["SMEDX"], reach["RDX"]
    # by SMS anh, 02, 04 and the erased person; chi at the event for both; 06 registered; the phone-less account
    assert smedx.total == sum(smedx.first_channel.values()) == 7
    assert smedx.by_channel == {"sms": 4, "event": 3, "registered": 3, "survey": 3}
    assert smedx.first_channel == {"sms": 4, "event": 1, "registered": 1, "survey": 1}
    assert rdx.total == 4  # 02 and 04 by SMS, anh and chi at the event for both (chi registered for RDX)
    assert rdx.by_channel == {"sms": 2, "event": 2, "registered": 1, "survey": 0}


def test_the_dashboards_read_the_stored_counts_until_they_are_stale(
    reached, settings, django_assert_num_queries
):
    assert not ReachCount.objects.exists()
    first = people_reached_stored(year=reached, programmes=["SMEDX", "RDX"])  # none stored: counted now
    assert first == people_reached_by_programme(year=reached)
    assert ReachCount.objects.count() == 8
    sms(make_campaign(title="Sau"), "+84912000099")  # a new person: not seen until the next count
    with django_assert_num_queries(1):
        assert people_reached_stored(year=reached, programmes=["SMEDX", "RDX"]) == first
    assert reach_refresh(year=reached)["SMEDX"].total == first["SMEDX"].total + 1
    assert people_reached_stored(year=reached, programmes=["SMEDX", "RDX"])["SMEDX"].total == 8
    ReachCount.objects.update(
        computed_at=timezone.now() - datetime.timedelta(seconds=2 * settings.REPORTS_RECOUNT_SECONDS + 1)
    )
    sms(make_campaign(title="Sau nữa"), "+84912000098")
    stale = people_reached_stored(year=reached, programmes=["SMEDX", "RDX"])  # twice as old: recounted
    assert stale["SMEDX"].total == 9
