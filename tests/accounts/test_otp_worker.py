"""The code is sent by a real Celery worker on Redis (skipped without REDIS_URL, required under CI)."""

import os
import re

import pytest

from accounts.models import ChallengePurpose
from accounts.services import otp_request, otp_verify
from accounts.tasks import deliver_phone_challenge

PHONE = "+84912345678"

# Skip before the (session-scoped, slow) database setup when there is no broker; under CI the
# `celery_worker` fixture fails instead, as Redis is required there.
pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") and not os.environ.get("CI"), reason="REDIS_URL is not set"
)


@pytest.mark.celery_worker
def test_a_worker_sends_the_code_and_it_verifies(celery_worker, transactional_db, sms_outbox):
    challenge = otp_request(phone=PHONE, purpose=ChallengePurpose.VERIFY, ip="203.0.113.5")
    assert deliver_phone_challenge.delay(challenge.pk).get(timeout=30) is True
    assert [message.phone for message in sms_outbox] == [PHONE]
    code = re.search(r"\b(\d{6})\b", sms_outbox[0].text).group(1)
    otp_verify(phone=PHONE, purpose=ChallengePurpose.VERIFY, code=code)
