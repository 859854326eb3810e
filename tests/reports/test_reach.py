"""People reached, counted once per programme and year: overlapping channels (delivered SMS, attended event,
registered account, survey) and a person who deleted their data, checked against a recount by distinct phone."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import EventRegistration, RegistrationStatus, SmsMessage
from campaigns.segments import Segment
from privacy.services import person_erase
from reports.models import Indicator
from reports.reach import people_reached, people_reached_by_programme
from reports.selectors import national_dashboard
from tests.assessment.conftest import load_set
from tests.campaigns.factories import EventFactory, make_campaign
from tests.factories import BusinessFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def owner(phone: str, *, smedx: bool = True):
    user = UserFactory(phone=phone)
    MembershipFactory(user=user, business=BusinessFactory(in_smedx=smedx, in_rdx=not smedx))
    return user


def sms(campaign, phone: str, status: str = "delivered") -> None:
    now = timezone.now()
    SmsMessage.objects.create(
        campaign=campaign,
        phone=phone,
        status=status,
        claimed_at=now,
        sent_at=now,
        delivered_at=now if status == "delivered" else None,
    )


def attend(event, user) -> None:
    EventRegistration.objects.create(
        event=event,
        user=user,
        business=user.businesses.first() or BusinessFactory(),
        attendee_name=user.full_name,
        attendee_phone=user.phone,
        status=RegistrationStatus.ATTENDED,
        attended_at=timezone.now(),
    )


def test_people_reached_equals_a_recount_by_distinct_phone_and_a_deleted_person_counts_once():
    year = timezone.localdate().year
    smedx_campaign = make_campaign(segment=Segment(programme="SMEDX"))
    rdx_campaign = make_campaign(segment=Segment(programme="RDX"), title="RDX")
    event = EventFactory(programme="SMEDX", starts_at=timezone.now() - datetime.timedelta(days=1))
    both = EventFactory(programme="", starts_at=timezone.now() - datetime.timedelta(days=2))

    anh = owner("+84912000001")  # every channel
    sms(smedx_campaign, anh.phone)
    attend(event, anh)
    attend(both, anh)
    binh = "+84912000002"  # a delivered SMS only, no account
    sms(smedx_campaign, binh)
    chi = owner("+84912000003", smedx=False)  # an event for both programmes; registered for RDX
    attend(both, chi)
    sms(smedx_campaign, "+84912000004", status="sent")  # not delivered: not reached
    sms(rdx_campaign, "+84912000005")  # the other programme
    erased = owner("+84912000006")  # SMS and event, then deletes their data
    sms(smedx_campaign, erased.phone)
    attend(event, erased)
    registered_only = owner("+84912000007")

    phones = {anh.phone, binh, chi.phone, erased.phone, registered_only.phone}  # the recount, before deletion
    before = people_reached(programme="SMEDX", year=year)
    assert before.total == len(phones) == 5

    person_erase(user_id=erased.pk)
    assert not SmsMessage.objects.filter(phone=erased.phone).exists()  # only the pseudonym is left
    reach = people_reached(programme="SMEDX", year=year)
    assert reach.total == len(phones)
    # the deleted person's registration is remembered under the phone's pseudonym: still one person
    assert reach.by_channel == {"sms": 3, "event": 3, "registered": 3, "survey": 0}
    assert reach.first_channel == {"sms": 3, "event": 1, "registered": 1, "survey": 0}
    assert sum(reach.first_channel.values()) == reach.total
    rdx = people_reached(programme="RDX", year=year)
    assert rdx.total == 3  # the RDX SMS; chi (registered for RDX) and anh attended the event for both
    assert people_reached(programme="SMEDX", year=year - 1).total == 0
    # the dashboards read both programmes in one go (five queries): the same figures
    assert people_reached_by_programme(year=year) == {"SMEDX": reach, "RDX": rdx}

    data = national_dashboard(year=year, use_cache=False)
    targets = {(row["programme"], row["indicator"]): row for row in data["targets"]}
    if ("SMEDX", Indicator.PEOPLE_REACHED) in targets:
        assert targets[("SMEDX", Indicator.PEOPLE_REACHED)]["actual"] == 5
    assert [r.total for r in data["reach"]] == [5, 3]


def survey(user, business, criteria, programme: str = "SMEDX"):
    from assessment.models import Assessment

    return Assessment.objects.create(
        business=business,
        criteria_set=criteria,
        programme=programme,
        started_by=user,
        status="submitted",
        submitted_at=timezone.now(),
    )


def test_a_deleted_person_reached_only_by_registering_or_the_survey_still_counts_once():
    year = timezone.localdate().year
    campaign = make_campaign(segment=Segment(programme="SMEDX"))
    registered = owner("+84912000011")  # registered this year, nothing else
    surveyed = UserFactory(  # registered last year: reached this year only by taking the survey
        phone="+84912000012", date_joined=timezone.now() - datetime.timedelta(days=400)
    )
    criteria = load_set("smedx-1567-2025.yaml")
    survey(surveyed, BusinessFactory(in_smedx=True), criteria)
    both = owner("+84912000013")  # registered, surveyed and sent an SMS: one person through three channels
    survey(both, both.businesses.first(), criteria)
    sms(campaign, both.phone)
    phones = {registered.phone, surveyed.phone, both.phone}  # the recount, before deletion
    before = people_reached(programme="SMEDX", year=year)
    assert before.total == len(phones) == 3

    for person in (registered, surveyed, both):
        person_erase(user_id=person.pk)
        person_erase(user_id=person.pk)  # a second deletion (double click) adds nothing
    reach = people_reached(programme="SMEDX", year=year)
    assert reach.total == len(phones)
    assert reach.by_channel == before.by_channel == {"sms": 1, "event": 0, "registered": 2, "survey": 2}
    assert reach.first_channel == before.first_channel == {"sms": 1, "event": 0, "registered": 1, "survey": 1}
    assert people_reached(programme="RDX", year=year).total == 0
    assert (
        people_reached(programme="SMEDX", year=year - 1).total == 0
    )  # `surveyed` joined last year, no business


def test_the_target_page_shows_the_split(client):
    from tests.factories import StaffFactory

    sms(make_campaign(segment=Segment(programme="SMEDX")), "+84912000001")
    client.force_login(StaffFactory())
    page = client.get("/bao-cao/toan-quoc/").content.decode()
    assert 'data-reach="SMEDX"' in page and 'data-channel="sms"' in page
