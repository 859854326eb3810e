"""Working days in Việt Nam: Monday to Friday, less the public holidays (Bộ luật Lao động 45/2019/QH14, Điều 112).

- Fixed dates: 1/1, 30/4, 1/5, 2/9 and a day beside it (1/9 or 3/9, chosen each year), and 24/11 (Ngày Văn hóa
  Việt Nam, a paid holiday from 2026). A fixed holiday on a Saturday or Sunday gives the next working day off
  (Điều 111 khoản 3).
- Tết Nguyên đán (5 days) and Giỗ Tổ Hùng Vương (10/3 âm lịch) follow the lunar calendar, and the Government
  swaps days around them each year: those come from `settings.PUBLIC_HOLIDAYS_FILE`, per year, with their source.
  A year missing from the file has only the fixed holidays (a deadline then falls early, never late): add the
  year when the Government's notice is published (README, personal data).
"""

from __future__ import annotations

import datetime
import json
from functools import cache

from django.conf import settings
from django.utils import timezone

# (month, day) of the fixed-date holidays, and the year each starts.
FIXED_HOLIDAYS = ((1, 1, 0), (4, 30, 0), (5, 1, 0), (9, 2, 0), (11, 24, 2026))


@cache
def _calendar_file(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["years"]


def _dates(values: list[str]) -> set[datetime.date]:
    return {datetime.date.fromisoformat(value) for value in values}


def years_known() -> set[int]:
    """The years whose lunar holidays the file gives."""
    return {int(year) for year in _calendar_file(str(settings.PUBLIC_HOLIDAYS_FILE))}


def _next_weekday_off(day: datetime.date, taken: set[datetime.date]) -> datetime.date:
    while day.weekday() >= 5 or day in taken:
        day += datetime.timedelta(days=1)
    return day


@cache
def _days_off(year: int, path: str) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    data = _calendar_file(path).get(str(year), {})
    holidays = {datetime.date(year, month, day) for month, day, since in FIXED_HOLIDAYS if year >= since}
    if data.get("hung_kings"):
        holidays.add(datetime.date.fromisoformat(data["hung_kings"]))
    if data.get("national_day_adjacent"):
        holidays.add(datetime.date.fromisoformat(data["national_day_adjacent"]))
    off = {day for day in holidays if day.weekday() < 5}
    off |= _dates(data.get("tet", [])) | _dates(data.get("days_off", []))
    for day in sorted(holidays):
        if day.weekday() >= 5:  # a holiday on the weekend: the next working day off
            off.add(_next_weekday_off(day, off))
    return frozenset(off), frozenset(_dates(data.get("working_days", [])))


def is_working_day(day: datetime.date) -> bool:
    off, worked = _days_off(day.year, str(settings.PUBLIC_HOLIDAYS_FILE))
    if day in worked:  # a Saturday worked in exchange for a day off
        return True
    return day.weekday() < 5 and day not in off


def add_working_days(moment: datetime.datetime, days: int) -> datetime.datetime:
    """`days` working days after `moment`, at the same local time."""
    local = timezone.localtime(moment)
    added = 0
    while added < days:
        local += datetime.timedelta(days=1)
        if is_working_day(local.date()):
            added += 1
    return local
