from __future__ import annotations

import pytest
from django.utils import timezone

from businesses.models import BusinessKind, Province, Sector
from tests.factories import ProvinceOfficerFactory, StaffFactory, UserFactory
from tests.reports.factories import counted_business, surveyed, when

HANOI, HCM, HUE = 1, 79, 46


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def officer(db):
    return ProvinceOfficerFactory()  # Hà Nội


@pytest.fixture
def other_officer(db):
    return ProvinceOfficerFactory(province=Province.objects.get(code=HCM))


@pytest.fixture
def business_user(db):
    return UserFactory()


@pytest.fixture
def dataset(db):
    """A small country, every figure known:

    Hà Nội: 4 retail stores (RDX, tạp hóa): 2 sẵn sàng (40, 50), 1 tăng trưởng (70), 1 not surveyed;
            2 enterprises (SMEdx, chế biến chế tạo), in a second ward: 1 đột phá (90), 1 not surveyed.
    TP HCM: 3 households (RDX, ăn uống): 1 tăng trưởng (60), 2 not surveyed.
    Pillars, Hà Nội: rdx-operations 30/50/80 (53.33), rdx-customers-sales 60/40/70 (56.67), dbi-strategy 95;
    TP HCM: rdx-operations 65, rdx-customers-sales 35.
    """
    hanoi = Province.objects.get(code=HANOI)
    hcm = Province.objects.get(code=HCM)
    ward_a, ward_b = list(hanoi.wards.order_by("code")[:2])
    grocery = Sector.objects.get(code="tap-hoa")
    factory = Sector.objects.get(code="che-bien-che-tao")
    food = Sector.objects.get(code="an-uong")
    year = timezone.localdate().year
    stores = [
        counted_business(province=hanoi, ward=ward_a, sector=grocery, created=when(year, 1, 1))
        for _ in range(4)
    ]
    surveyed(
        stores[0],
        "san_sang",
        "40",
        pillars={"rdx-operations": 30, "rdx-customers-sales": 60},
        at=when(year, 1),
    )
    surveyed(
        stores[1],
        "san_sang",
        "50",
        pillars={"rdx-operations": 50, "rdx-customers-sales": 40},
        at=when(year, 2),
    )
    surveyed(
        stores[2],
        "tang_truong",
        "70",
        pillars={"rdx-operations": 80, "rdx-customers-sales": 70},
        at=when(year, 2),
    )
    enterprises = [
        counted_business(
            province=hanoi,
            ward=ward_b,
            sector=factory,
            kind=BusinessKind.ENTERPRISE,
            in_rdx=False,
            in_smedx=True,
            created=when(year, 1, 1),
        )
        for _ in range(2)
    ]
    surveyed(
        enterprises[0], "dot_pha", "90", pillars={"dbi-strategy": 95, "dbi-culture": 85}, at=when(year, 1)
    )
    households = [
        counted_business(
            province=hcm,
            sector=food,
            kind=BusinessKind.HOUSEHOLD,
            ward=hcm.wards.order_by("code").first(),
            created=when(year, 1, 1),
        )
        for _ in range(3)
    ]
    surveyed(
        households[0],
        "tang_truong",
        "60",
        pillars={"rdx-operations": 65, "rdx-customers-sales": 35},
        at=when(year, 1),
    )
    return {
        "hanoi": hanoi,
        "hcm": hcm,
        "ward_a": ward_a,
        "ward_b": ward_b,
        "stores": stores,
        "enterprises": enterprises,
        "households": households,
        "sectors": {"grocery": grocery, "factory": factory, "food": food},
        "year": year,
    }
