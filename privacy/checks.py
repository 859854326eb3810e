"""System check: the holiday file knows this year and the next (else Tết is counted as working days)."""

from __future__ import annotations

from django.core import checks
from django.utils import timezone

from privacy.holidays import years_known


@checks.register()
def holidays_known(app_configs, **kwargs) -> list[checks.CheckMessage]:
    year = timezone.localdate().year
    missing = sorted({year, year + 1} - years_known())
    return [
        checks.Warning(
            f"PUBLIC_HOLIDAYS_FILE has no entry for {missing_year}: Tết and Giỗ Tổ are counted as working days.",
            hint="Add the year's dates from the Government's notice (README, personal data).",
            id="privacy.W001",
        )
        for missing_year in missing
    ]
