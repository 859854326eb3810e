"""The targets' figures owned by other apps: the hand-written statement (`reports.targets_sql.target_figures`) and
its ORM twin count the same businesses that tried a platform (a confirmed trial, an activated usage by its
listing's programme or, without a listing, by the business's), certified experts and surveyed RDX businesses
using a platform, this year and last, for one programme or both."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from platforms.models import Trial, TrialStatus, UsageRegistration
from reports.targets_sql import target_figures, target_figures_orm
from tests.experts.factories import ExpertFactory, certified_expert, certify
from tests.platforms.factories import ListingFactory, PlatformFactory, group
from tests.twins import TWIN, assert_same_rows

pytestmark = TWIN


def use(business, *, listing=None, status="active", at=None):
    platform = listing.platform if listing else PlatformFactory()
    return UsageRegistration.objects.create(
        business=business,
        platform=platform,
        listing=listing,
        status=status,
        confirmed_at=at if status == "active" else None,
    )


@pytest.fixture
def tried(dataset):
    now = timezone.now()
    last_year = now - datetime.timedelta(days=400)
    smedx = ListingFactory(group=group("smedx-accounting-finance"))
    rdx = ListingFactory(group=group("rdx-pos"))
    enterprise, store, other_store, household = (
        dataset["enterprises"][0],
        dataset["stores"][0],
        dataset["stores"][3],
        dataset["households"][0],
    )
    Trial.objects.create(
        business=enterprise, platform=smedx.platform, listing=smedx, status=TrialStatus.TRIED, tried_at=now
    )
    use(enterprise, listing=smedx, at=now)  # the same business by a trial and a usage: once
    use(store, listing=rdx, at=now)  # RDX by its listing
    use(store, at=now)  # RDX by the business (no listing), surveyed: counted once
    use(other_store, at=last_year)  # last year
    use(household, listing=smedx, status="requested")  # not activated
    use(
        household, listing=ListingFactory(group=group("smedx-hr")), at=now
    )  # an RDX household, an SMEdx listing
    certified_expert()
    certify(ExpertFactory(), valid_from=now.date() - datetime.timedelta(days=800))  # expired
    return timezone.localdate()


@pytest.mark.parametrize(
    "arguments",
    [
        {"tried": ("SMEDX", "RDX"), "experts": True, "surveyed": "RDX"},
        {"tried": ("SMEDX",), "experts": False, "surveyed": ""},
        {"tried": (), "experts": True, "surveyed": "SMEDX"},
        {"tried": ("RDX",), "experts": False, "surveyed": "RDX", "last_year": True},
    ],
)
def test_the_hand_written_target_figures_are_the_orms(tried, arguments):
    year = tried.year - (1 if arguments.get("last_year") else 0)
    on = tried if arguments["experts"] else None
    (figures,) = assert_same_rows(
        lambda: [
            target_figures(year=year, tried=arguments["tried"], experts_on=on, surveyed=arguments["surveyed"])
        ],
        lambda: [
            target_figures_orm(
                year=year, tried=arguments["tried"], experts_on=on, surveyed=arguments["surveyed"]
            )
        ],
    )
    if arguments == {"tried": ("SMEDX", "RDX"), "experts": True, "surveyed": "RDX"}:
        assert dict(figures) == {"tried:SMEDX": 2, "tried:RDX": 1, "experts": 1, "surveyed": 2}
    if arguments.get("last_year"):
        assert dict(figures) == {"tried:RDX": 1, "surveyed": 2}  # any year: the store and the household


def test_nothing_asked_is_no_query(tried, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert target_figures(year=tried.year) == {}
