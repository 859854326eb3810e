import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

START = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def clock():
    """Frozen at 09:00 on 20/11/2026 (Vietnam time); `clock.shift(seconds)` moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_in(message) -> str:
    match = re.search(r"\b(\d{6})\b", message.text)
    assert match, message.text
    return match.group(1)


@pytest.fixture
def last_code(sms_outbox):
    def read() -> str:
        assert sms_outbox, "no SMS was sent"
        return code_in(sms_outbox[-1])

    return read


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
