"""Working days skip Vietnamese public holidays: the fixed dates (1/1, 30/4, 1/5, 2/9 and the day beside it,
24/11 from 2026, a weekend holiday's day in lieu) and, from the holiday file, Tết and Giỗ Tổ Hùng Vương."""

from __future__ import annotations

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine

from privacy.checks import holidays_known
from privacy.holidays import add_working_days, is_working_day
from privacy.models import RequestKind
from privacy.services.requests import data_request_create
from tests.factories import MembershipFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 9, 30, tzinfo=HCM)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Tết Bính Ngọ: Monday 16/2 to Friday 20/2/2026 off → Friday 13/2 + 2 = Tuesday 24/2.
        (at(2026, 2, 13), datetime.date(2026, 2, 24)),
        # Giỗ Tổ on Sunday 26/4/2026 → Monday 27/4 off; Thursday 30/4, Friday 1/5 off.
        (at(2026, 4, 24), datetime.date(2026, 4, 29)),
        (at(2026, 4, 29), datetime.date(2026, 5, 5)),
        # Quốc khánh 2026: 31/8 (swapped with Saturday 22/8), 1/9, 2/9.
        (at(2026, 8, 28), datetime.date(2026, 9, 4)),
        # Tết Đinh Mùi 2027 (by law until announced): 4–5/2 and 8–10/2 off.
        (at(2027, 2, 3), datetime.date(2027, 2, 12)),
        # 1/5/2027 is a Saturday → Monday 3/5 off; Friday 30/4 off too.
        (at(2027, 4, 29), datetime.date(2027, 5, 5)),
        # No holiday: Friday + 2 = Tuesday.
        (at(2026, 10, 9), datetime.date(2026, 10, 13)),
    ],
)
def test_two_working_days_skip_the_holidays(start, expected):
    result = add_working_days(start, 2)
    assert result.date() == expected
    assert (result.hour, result.minute) == (9, 30)


def test_fixed_holidays_and_swapped_days():
    assert not is_working_day(datetime.date(2027, 1, 1))
    assert not is_working_day(datetime.date(2027, 9, 3))  # the day beside 2/9 (Thursday)
    assert not is_working_day(datetime.date(2026, 11, 24))  # Ngày Văn hóa Việt Nam
    assert is_working_day(datetime.date(2025, 11, 24))  # not yet a holiday in 2025
    assert is_working_day(datetime.date(2026, 8, 22))  # the Saturday worked for Monday 31/8
    assert not is_working_day(datetime.date(2026, 8, 23))


@pytest.mark.django_db
@time_machine.travel(at(2026, 2, 13), tick=False)
def test_a_request_made_before_tet_is_acknowledged_after_it():
    owner = MembershipFactory().user
    request = data_request_create(user=owner, kind=RequestKind.CORRECTION, details="Sai địa chỉ")
    assert request.acknowledge_by.date() == datetime.date(2026, 2, 24)


def test_the_check_warns_when_a_year_is_missing(settings, tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps({"years": {"2026": {"tet": []}}}), encoding="utf-8")
    settings.PUBLIC_HOLIDAYS_FILE = str(path)
    with time_machine.travel(at(2026, 6, 1), tick=False):
        assert [warning.id for warning in holidays_known(None)] == ["privacy.W001"]
        assert "2027" in holidays_known(None)[0].msg
