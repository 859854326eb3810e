"""Size class of a business from its employees and revenue, per Nghị định 80/2021/NĐ-CP, Điều 5.

Two groups of sectors have different ceilings: agriculture, forestry, fishery, industry and construction; and
trade and services. Each class is "at most N employees (with social insurance, yearly average) AND
(revenue at most R OR total capital at most C)". The portal asks for employees and revenue only, so capital is
not used: a business is in the smallest class whose employee and revenue ceilings it fits. Above "medium" it is
large. With neither figure known the class stays blank.
"""

from __future__ import annotations

from decimal import Decimal

BILLION = Decimal(1_000_000_000)

# Sector codes (businesses/data/sectors.csv) of the agriculture / industry / construction group.
PRODUCTION_SECTORS = {"nong-lam-thuy-san", "che-bien-che-tao", "xay-dung"}

# (class, max employees, max revenue in VND), smallest first.
PRODUCTION_CEILINGS = [
    ("micro", 10, 3 * BILLION),
    ("small", 100, 50 * BILLION),
    ("medium", 200, 200 * BILLION),
]
TRADE_SERVICE_CEILINGS = [
    ("micro", 10, 10 * BILLION),
    ("small", 50, 100 * BILLION),
    ("medium", 100, 300 * BILLION),
]


def size_class_for(*, sector_code: str | None, employees: int | None, revenue: Decimal | int | None) -> str:
    """'micro', 'small', 'medium', 'large', or '' when neither employees nor revenue is known."""
    if employees is None and revenue is None:
        return ""
    ceilings = PRODUCTION_CEILINGS if sector_code in PRODUCTION_SECTORS else TRADE_SERVICE_CEILINGS
    for size_class, max_employees, max_revenue in ceilings:
        if (employees is None or employees <= max_employees) and (revenue is None or revenue <= max_revenue):
            return size_class
    return "large"
