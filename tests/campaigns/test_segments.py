"""Segment counts on constructed data: each criterion, combined, one phone counted once, opt-outs removed."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from businesses.models import BusinessKind, MembershipStatus, Province, Sector
from campaigns.models import OptOut, OptOutSource
from campaigns.segments import Segment, months_before, recipient_count, recipient_phones
from smedx_portal.levels import Level
from tests.campaigns.factories import representative
from tests.factories import BusinessFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


@pytest.fixture
def places():
    hanoi, hcm = Province.objects.get(code=1), Province.objects.get(code=79)
    ward_a, ward_b = list(hanoi.wards.order_by("code")[:2])
    return {"hanoi": hanoi, "hcm": hcm, "ward_a": ward_a, "ward_b": ward_b}


@pytest.fixture
def population(places):
    """Eight businesses, one representative each, spread over every criterion."""
    grocery, pharmacy = Sector.objects.get(code="tap-hoa"), Sector.objects.get(code="duoc-pham")
    ago = lambda days: NOW - datetime.timedelta(days=days)  # noqa: E731
    people = {
        # RDX stores in Hà Nội, ward A
        "store_ready": representative(
            province=places["hanoi"], ward=places["ward_a"], kind=BusinessKind.RETAIL_STORE, sector=grocery,
            in_rdx=True, result={"level": Level.READY, "assessed_at": ago(30)},
        ),
        "store_growth": representative(
            province=places["hanoi"], ward=places["ward_a"], kind=BusinessKind.RETAIL_STORE, sector=pharmacy,
            in_rdx=True, result={"level": Level.GROWTH, "assessed_at": ago(400)},
        ),
        "store_never": representative(
            province=places["hanoi"], ward=places["ward_b"], kind=BusinessKind.RETAIL_STORE, sector=grocery,
            in_rdx=True,
        ),
        # SMEdx enterprises
        "sme_hanoi": representative(
            province=places["hanoi"], ward=places["ward_b"], kind=BusinessKind.ENTERPRISE, sector=pharmacy,
            in_rdx=False, in_smedx=True, result={"level": Level.BREAKTHROUGH, "assessed_at": ago(200)},
        ),
        "sme_hcm": representative(
            province=places["hcm"], ward=None, kind=BusinessKind.ENTERPRISE, sector=grocery,
            in_rdx=False, in_smedx=True, result={"level": Level.READY, "assessed_at": ago(10)},
        ),
        "coop_hcm": representative(
            province=places["hcm"], ward=None, kind=BusinessKind.COOPERATIVE, sector=grocery,
            in_rdx=False, in_smedx=True,
        ),
        # both programmes
        "household_both": representative(
            province=places["hcm"], ward=None, kind=BusinessKind.HOUSEHOLD, sector=pharmacy,
            in_rdx=True, in_smedx=True, result={"level": Level.GROWTH, "assessed_at": ago(100)},
        ),
    }  # fmt: skip
    return people


def count(**criteria) -> int:
    with time_machine.travel(NOW, tick=False):
        return recipient_count(Segment(**criteria))


def test_everyone_without_criteria(population):
    assert count() == 7


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"programme": "RDX"}, 4),
        ({"programme": "SMEDX"}, 4),
        ({"province_id": 79}, 3),
        ({"province_id": 1, "kinds": ("retail_store",)}, 3),
        ({"kinds": ("enterprise", "cooperative")}, 3),
        ({"levels": ("tang_truong",)}, 2),
        ({"levels": ("san_sang", "dot_pha")}, 3),
        ({"never_surveyed": True}, 2),
        ({"surveyed_months_ago": 12}, 1),  # only the one surveyed 400 days ago
        ({"surveyed_months_ago": 6}, 2),  # 400 and 200 days ago
        ({"surveyed_months_ago": 3}, 3),  # 400, 200 and 100 days ago
        ({"programme": "RDX", "province_id": 1, "never_surveyed": True}, 1),
    ],
)
def test_each_criterion_and_combinations(population, criteria, expected):
    assert count(**criteria) == expected


def test_ward_and_sector(population, places):
    grocery = Sector.objects.get(code="tap-hoa")
    assert count(province_id=1, ward_id=places["ward_a"].pk) == 2
    assert count(province_id=1, ward_id=places["ward_b"].pk) == 2
    assert count(sector_id=grocery.pk) == 4
    assert count(sector_id=grocery.pk, province_id=1, ward_id=places["ward_a"].pk) == 1


def test_a_phone_representing_several_businesses_counts_once(population, places):
    owner = population["store_ready"]
    MembershipFactory(user=owner, business=BusinessFactory(province=places["hanoi"]))
    MembershipFactory(user=owner, business=BusinessFactory(province=places["hanoi"]))
    assert count(province_id=1) == 4
    with time_machine.travel(NOW, tick=False):
        phones = list(recipient_phones(Segment(province_id=1)))
    assert len(phones) == len(set(phones)) == 4
    assert phones == sorted(phones)


def test_only_active_representatives_with_verified_phones(population, places):
    pending = UserFactory()
    MembershipFactory(
        user=pending, business=BusinessFactory(province=places["hanoi"]), status=MembershipStatus.PENDING
    )
    unverified = UserFactory(phone_verified_at=None)
    MembershipFactory(user=unverified, business=BusinessFactory(province=places["hanoi"]))
    inactive = UserFactory(is_active=False)
    MembershipFactory(user=inactive, business=BusinessFactory(province=places["hanoi"]))
    UserFactory()  # no business at all
    assert count(province_id=1) == 4


def test_opted_out_numbers_are_not_counted(population):
    OptOut.objects.create(phone=population["sme_hcm"].phone, source=OptOutSource.KEYWORD)
    assert count(province_id=79) == 2
    assert count() == 6


def test_the_count_is_one_sql_query(population, django_assert_num_queries):
    with django_assert_num_queries(1):
        count(programme="RDX", province_id=1, levels=("san_sang",))


def test_paging_through_phones_after_a_cursor(population):
    with time_machine.travel(NOW, tick=False):
        phones = list(recipient_phones(Segment()))
        after = list(recipient_phones(Segment(), after=phones[2]))
    assert after == phones[3:]


def test_criteria_survive_the_json_round_trip():
    segment = Segment(
        programme="RDX", province_id=1, ward_id=10, kinds=("household",), sector_id=3, levels=("san_sang",),
        surveyed_months_ago=6, platform_group_id=7,
    )  # fmt: skip
    criteria = segment.to_criteria()
    assert "province_id" not in criteria
    assert Segment.from_criteria(criteria, province_id=1) == segment
    assert Segment().to_criteria() == {}


def test_months_before_keeps_the_day_or_takes_the_month_end():
    moment = datetime.datetime(2026, 5, 31, 12, 0, tzinfo=datetime.UTC)
    assert months_before(moment, 3) == datetime.datetime(2026, 2, 28, 12, 0, tzinfo=datetime.UTC)
    assert months_before(moment, 17) == datetime.datetime(2024, 12, 31, 12, 0, tzinfo=datetime.UTC)
    assert months_before(timezone.now(), 0).date() == timezone.now().date()


def test_registered_to_use_a_platform_of_a_group(population, places):
    from platforms.models import UsageRegistration
    from tests.platforms.factories import ListingFactory, group

    accounting, payment = group("smedx-accounting-finance"), group("smedx-online-payment")
    listing = ListingFactory(group=accounting)
    other = ListingFactory(group=payment)
    in_both = ListingFactory(group=payment, platform=listing.platform)  # the platform is in two groups

    def uses(user, listing, status="active", via_listing=True):
        UsageRegistration.objects.create(
            business=user.businesses.get(),
            platform=listing.platform,
            listing=listing if via_listing else None,
            status=status,
        )

    uses(population["store_ready"], listing)
    uses(population["sme_hanoi"], listing, status="requested")
    uses(population["sme_hcm"], in_both, via_listing=False)  # no listing recorded: any group of the platform
    uses(population["coop_hcm"], listing, status="declined")
    uses(population["household_both"], other)
    assert count(platform_group_id=accounting.pk) == 3
    assert count(platform_group_id=accounting.pk, province_id=1) == 2
    assert count(platform_group_id=payment.pk) == 2
