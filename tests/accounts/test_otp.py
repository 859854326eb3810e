"""The one-time code lifecycle: delivery, hashing, expiry, wrong tries, lock-out, resend cooldown, caps."""

import json
import re
import urllib.error
from io import BytesIO
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail

from accounts.models import ChallengeDelivery, ChallengePurpose, PhoneChallenge
from accounts.services import OtpInvalid, OtpRefused, otp_deliver, otp_request, otp_resend_wait, otp_verify
from accounts.tasks import deliver_phone_challenge, prune_phone_challenges
from smedx_portal.sms.encoding import measure

pytestmark = pytest.mark.django_db

PHONE = "+84912345678"
OTHER_PHONE = "+84987654321"
IP = "203.0.113.5"
VERIFY = ChallengePurpose.VERIFY


def issue(phone=PHONE, ip=IP, purpose=VERIFY, delivery=ChallengeDelivery.CODE):
    challenge = otp_request(phone=phone, purpose=purpose, ip=ip, delivery=delivery)
    otp_deliver(challenge_id=challenge.pk)
    return challenge


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_code_has_6_digits_fits_one_sms_and_only_its_hash_is_stored(clock, sms_outbox, last_code):
    challenge = issue()
    code = last_code()
    message = sms_outbox[0]
    assert message.phone == PHONE
    assert len(code) == 6 and code.isdigit()
    assert measure(message.text).parts == 1 and measure(message.text).encoding == "GSM-7"
    assert "5 phut" in message.text
    challenge.refresh_from_db()
    assert challenge.sent_at is not None
    assert code not in challenge.code_hash and len(challenge.code_hash) == 64
    stored = PhoneChallenge.objects.filter(pk=challenge.pk).values().get()
    assert code not in repr(stored)


def test_the_right_code_verifies_once_and_cannot_be_reused(clock, last_code):
    issue()
    code = last_code()
    challenge = otp_verify(phone=PHONE, purpose=VERIFY, code=code)
    assert challenge.used_at is not None
    with pytest.raises(OtpInvalid) as exc:
        otp_verify(phone=PHONE, purpose=VERIFY, code=code)
    assert exc.value.reason == "used"
    assert "đã được sử dụng" in exc.value.message


def test_spaces_typed_into_the_code_are_ignored(clock, last_code):
    issue()
    code = last_code()
    otp_verify(phone=PHONE, purpose=VERIFY, code=f" {code[:3]} {code[3:]} ")


def test_code_is_valid_for_5_minutes_then_expires(clock, last_code):
    issue()
    code = last_code()
    clock.shift(299)
    otp_verify(phone=PHONE, purpose=VERIFY, code=code)

    clock.shift(61)
    issue()
    code = last_code()
    clock.shift(301)
    with pytest.raises(OtpInvalid) as exc:
        otp_verify(phone=PHONE, purpose=VERIFY, code=code)
    assert exc.value.reason == "expired"
    assert "hết hạn" in exc.value.message


def test_wrong_tries_count_down_and_the_fifth_kills_the_code(clock, last_code):
    challenge = issue()
    code = last_code()
    for left in (4, 3, 2, 1):
        with pytest.raises(OtpInvalid) as exc:
            otp_verify(phone=PHONE, purpose=VERIFY, code=wrong(code))
        assert exc.value.reason == "wrong"
        assert f"còn {left} lần" in exc.value.message
    with pytest.raises(OtpInvalid) as exc:
        otp_verify(phone=PHONE, purpose=VERIFY, code=wrong(code))
    assert exc.value.reason == "dead"
    # Even the right code is refused now: the code is dead.
    with pytest.raises(OtpInvalid) as exc:
        otp_verify(phone=PHONE, purpose=VERIFY, code=code)
    assert exc.value.reason == "dead"
    assert "yêu cầu mã mới" in exc.value.message
    challenge.refresh_from_db()
    assert challenge.attempts == 5 and challenge.used_at is None


def test_resend_only_after_60_seconds_and_the_new_code_replaces_the_old(clock, last_code, sms_outbox):
    issue()
    first = last_code()
    clock.shift(42)
    with pytest.raises(OtpRefused) as exc:
        issue()
    assert exc.value.reason == "cooldown"
    assert "sau 18 giây" in exc.value.message
    assert otp_resend_wait(PHONE) == 18
    assert len(sms_outbox) == 1

    clock.shift(18)
    assert otp_resend_wait(PHONE) == 0
    issue()
    second = last_code()
    assert len(sms_outbox) == 2
    if first != second:
        with pytest.raises(OtpInvalid):
            otp_verify(phone=PHONE, purpose=VERIFY, code=first)
    otp_verify(phone=PHONE, purpose=VERIFY, code=second)


def test_at_most_5_codes_per_phone_in_24_hours(clock, sms_outbox):
    for _ in range(5):
        issue()
        clock.shift(61)
    with pytest.raises(OtpRefused) as exc:
        issue()
    assert exc.value.reason == "phone_daily"
    # The first code was sent at 09:00 on 20/11: the sixth can be sent 24 hours later.
    assert "lúc 09:00 ngày 21/11/2026" in exc.value.message
    assert len(sms_outbox) == 5
    # Another phone is not affected.
    issue(phone=OTHER_PHONE)
    clock.shift(24 * 3600 - 5 * 61)
    issue()
    assert len(sms_outbox) == 7


def test_at_most_20_requests_per_ip_per_hour(clock):
    for n in range(20):
        issue(phone=f"+849120000{n:02d}")
    with pytest.raises(OtpRefused) as exc:
        issue(phone="+84912000099")
    assert exc.value.reason == "ip_hourly"
    assert "lúc 10:00 (khoảng 60 phút nữa)" in exc.value.message
    issue(phone="+84912000099", ip="198.51.100.7")  # another network
    clock.shift(3601)
    issue(phone="+84912000098")


def test_failed_tries_are_counted_per_phone_and_a_resend_does_not_reset_them(clock, last_code):
    issue()
    for _ in range(5):
        with pytest.raises(OtpInvalid):
            otp_verify(phone=PHONE, purpose=VERIFY, code=wrong(last_code()))
    clock.shift(61)
    issue()  # a new code: 5 more tries for it, but the phone has used 5 of its 10
    for _ in range(4):
        with pytest.raises(OtpInvalid):
            otp_verify(phone=PHONE, purpose=VERIFY, code=wrong(last_code()))
    with pytest.raises(OtpRefused) as exc:
        otp_verify(phone=PHONE, purpose=VERIFY, code=wrong(last_code()))
    assert exc.value.reason == "locked"
    assert "thử lại lúc 10:00" in exc.value.message  # an hour after the first failed code was requested

    clock.shift(61)
    with pytest.raises(OtpRefused) as exc:
        issue()  # no new code while locked out
    assert exc.value.reason == "locked"

    clock.shift(3600)
    issue()
    otp_verify(phone=PHONE, purpose=VERIFY, code=last_code())


def test_limits_come_from_settings(clock, settings, last_code):
    settings.OTP_MAX_ATTEMPTS = 2
    settings.OTP_RESEND_SECONDS = 10
    settings.OTP_TTL_SECONDS = 120
    issue()
    with pytest.raises(OtpInvalid) as exc:
        otp_verify(phone=PHONE, purpose=VERIFY, code=wrong(last_code()))
    assert "còn 1 lần" in exc.value.message
    clock.shift(10)
    issue()
    clock.shift(121)
    with pytest.raises(OtpInvalid) as exc:
        otp_verify(phone=PHONE, purpose=VERIFY, code=last_code())
    assert exc.value.reason == "expired"


def test_global_daily_ceiling_stops_sms_and_alerts_staff_once(clock, settings, caplog, sms_outbox):
    settings.OTP_MAX_PER_DAY = 2
    settings.ADMINS = [("Trực ban", "trucban@smedx.gov.vn")]
    issue(phone="+84912000001")
    issue(phone="+84912000002")
    for phone in ("+84912000003", "+84912000004"):
        with pytest.raises(OtpRefused) as exc:
            issue(phone=phone)
        assert exc.value.reason == "global_daily"
        assert "đường dây hỗ trợ" in exc.value.message
        assert "lúc 09:00 ngày 21/11/2026" in exc.value.message
    assert len(sms_outbox) == 2
    assert len(mail.outbox) == 1
    assert "OTP SMS ceiling" in mail.outbox[0].subject
    assert any(record.levelname == "CRITICAL" for record in caplog.records)


def test_requests_without_sms_count_towards_the_phone_limits_but_not_the_sms_ceiling(
    clock, settings, sms_outbox
):
    settings.OTP_MAX_PER_DAY = 1
    otp_request(phone=PHONE, purpose=ChallengePurpose.LOGIN, ip=IP, delivery=ChallengeDelivery.NONE)
    with pytest.raises(OtpRefused) as exc:
        otp_request(phone=PHONE, purpose=ChallengePurpose.LOGIN, ip=IP, delivery=ChallengeDelivery.NONE)
    assert exc.value.reason == "cooldown"
    issue(phone=OTHER_PHONE)  # the silent request did not use the one SMS of the day
    assert len(sms_outbox) == 1


def test_a_notice_carries_no_code_and_fits_one_sms(clock, sms_outbox):
    challenge = issue(delivery=ChallengeDelivery.NOTICE)
    text = sms_outbox[0].text
    # the sign-in address (it may carry a port) is the only place digits may appear: no code
    assert not re.search(r"\d{4,}", text.replace(settings.PORTAL_BASE_URL, ""))
    assert measure(text).parts == 1
    challenge.refresh_from_db()
    assert challenge.code_hash == ""
    with pytest.raises(OtpInvalid):
        otp_verify(phone=PHONE, purpose=VERIFY, code="123456")


def test_a_code_for_signing_in_does_not_verify_a_phone(clock, last_code):
    issue(purpose=ChallengePurpose.LOGIN)
    with pytest.raises(OtpInvalid):
        otp_verify(phone=PHONE, purpose=VERIFY, code=last_code())
    otp_verify(phone=PHONE, purpose=ChallengePurpose.LOGIN, code=last_code())


def test_delivery_runs_once(clock, sms_outbox):
    challenge = issue()
    assert otp_deliver(challenge_id=challenge.pk) is False
    assert deliver_phone_challenge.delay(challenge.pk).get() is False
    assert len(sms_outbox) == 1


def test_no_sms_for_a_code_that_expired_before_the_worker_ran(clock, sms_outbox):
    challenge = otp_request(phone=PHONE, purpose=VERIFY, ip=IP)
    clock.shift(301)
    assert otp_deliver(challenge_id=challenge.pk) is False
    assert sms_outbox == []


@pytest.fixture
def http_gateway(settings):
    settings.SMS_BACKEND = "smedx_portal.sms.backends.http.SmsBackend"
    settings.SMS_GATEWAY_URL = "https://sms.example.vn/send"
    settings.SMS_GATEWAY_TOKEN = "token"
    settings.SMS_GATEWAY_RETRIES = 0
    with mock.patch("smedx_portal.sms.backends.http.urllib.request.urlopen") as urlopen:
        yield urlopen


def _ok_response():
    response = mock.MagicMock()
    response.__enter__.return_value = BytesIO(b'{"message_id": "gw-1"}')
    return response


def _sent_code(urlopen) -> str:
    text = json.loads(urlopen.call_args.args[0].data)["text"]
    return text.split(" la ")[1][:6]


def test_a_transient_gateway_failure_is_retried_and_the_retry_sends_a_new_code(clock, http_gateway):
    http_gateway.side_effect = [urllib.error.URLError("timeout"), _ok_response()]
    challenge = otp_request(phone=PHONE, purpose=VERIFY, ip=IP)
    with pytest.raises(Retry):
        deliver_phone_challenge.delay(challenge.pk)
    challenge.refresh_from_db()
    assert "unreachable" in challenge.delivery_error and challenge.sent_at is None
    first_hash = challenge.code_hash

    assert otp_deliver(challenge_id=challenge.pk) is True  # what the retry runs
    challenge.refresh_from_db()
    assert challenge.sent_at is not None and challenge.delivery_error == ""
    assert challenge.code_hash != first_hash  # the undelivered code never works
    otp_verify(phone=PHONE, purpose=VERIFY, code=_sent_code(http_gateway))


def test_a_permanent_gateway_refusal_is_recorded_and_not_retried(clock, http_gateway):
    http_gateway.side_effect = urllib.error.HTTPError(
        "https://sms.example.vn/send", 400, "bad number", {}, None
    )
    challenge = otp_request(phone=PHONE, purpose=VERIFY, ip=IP)
    assert deliver_phone_challenge.delay(challenge.pk).get() is False
    assert http_gateway.call_count == 1
    challenge.refresh_from_db()
    assert challenge.sent_at is None
    assert "400" in challenge.delivery_error


def test_old_challenges_are_pruned(clock):
    issue()
    clock.shift(31 * 24 * 3600)
    issue(phone=OTHER_PHONE)
    assert prune_phone_challenges.delay().get() == 1
    assert list(PhoneChallenge.objects.values_list("phone", flat=True)) == [OTHER_PHONE]


def test_staff_see_challenges_in_the_admin_without_hashes(client, clock):
    from tests.factories import StaffFactory

    issue()
    client.force_login(StaffFactory())
    page = client.get("/admin/accounts/phonechallenge/").content.decode()
    assert PHONE in page and IP in page
    challenge = PhoneChallenge.objects.get()
    detail = client.get(f"/admin/accounts/phonechallenge/{challenge.pk}/change/").content.decode()
    assert challenge.code_hash not in detail
