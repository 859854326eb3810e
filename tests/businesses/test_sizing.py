"""Size class per Nghị định 80/2021/NĐ-CP: employees and revenue ceilings by sector group."""

from decimal import Decimal

import pytest

from businesses.sizing import size_class_for

B = 1_000_000_000


@pytest.mark.parametrize(
    ("sector", "employees", "revenue", "expected"),
    [
        # trade and services: micro ≤10 & ≤10 bn, small ≤50 & ≤100 bn, medium ≤100 & ≤300 bn
        ("tap-hoa", 3, 2 * B, "micro"),
        ("tap-hoa", 10, 10 * B, "micro"),
        ("tap-hoa", 11, 5 * B, "small"),
        ("tap-hoa", 5, 10 * B + 1, "small"),
        ("thuong-mai", 50, 100 * B, "small"),
        ("thuong-mai", 51, 50 * B, "medium"),
        ("thuong-mai", 100, 300 * B, "medium"),
        ("thuong-mai", 101, 50 * B, "large"),
        ("thuong-mai", 20, 301 * B, "large"),
        # agriculture / industry / construction: micro ≤10 & ≤3 bn, small ≤100 & ≤50 bn, medium ≤200 & ≤200 bn
        ("che-bien-che-tao", 10, 3 * B, "micro"),
        ("che-bien-che-tao", 10, 4 * B, "small"),
        ("xay-dung", 100, 50 * B, "small"),
        ("xay-dung", 150, 60 * B, "medium"),
        ("nong-lam-thuy-san", 200, 200 * B, "medium"),
        ("nong-lam-thuy-san", 201, 10 * B, "large"),
    ],
)
def test_size_class(sector, employees, revenue, expected):
    assert size_class_for(sector_code=sector, employees=employees, revenue=Decimal(revenue)) == expected


def test_the_same_business_is_larger_in_industry_than_in_trade():
    figures = {"employees": 60, "revenue": Decimal(40 * B)}
    assert size_class_for(sector_code="thuong-mai", **figures) == "medium"
    assert size_class_for(sector_code="che-bien-che-tao", **figures) == "small"


def test_one_known_figure_is_enough_and_none_gives_no_class():
    assert size_class_for(sector_code="tap-hoa", employees=4, revenue=None) == "micro"
    assert size_class_for(sector_code=None, employees=None, revenue=Decimal(150 * B)) == "medium"
    assert size_class_for(sector_code="tap-hoa", employees=None, revenue=None) == ""
