import io
import json
import urllib.error

import pytest

from smedx_portal import sms
from smedx_portal.sms.backends import http as http_backend
from smedx_portal.sms.encoding import measure, strip_diacritics


def test_locmem_backend_keeps_messages(sms_outbox):
    sms.send_sms("+84912345678", "Mã xác thực: 123456")
    assert [(m.phone, m.text) for m in sms_outbox] == [("+84912345678", "Mã xác thực: 123456")]


def test_console_backend_prints(settings, capsys):
    settings.SMS_BACKEND = "smedx_portal.sms.backends.console.SmsBackend"
    sms.send_sms("+84912345678", "Xin chào")
    assert "[SMS to +84912345678] Xin chào" in capsys.readouterr().out


class _Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def gateway(settings, monkeypatch):
    settings.SMS_BACKEND = "smedx_portal.sms.backends.http.SmsBackend"
    settings.SMS_GATEWAY_URL = "https://sms.example.vn/send"
    settings.SMS_GATEWAY_TOKEN = "token"
    settings.SMS_GATEWAY_RETRIES = 2
    monkeypatch.setattr(http_backend.time, "sleep", lambda seconds: None)
    calls = []

    def install(*answers):
        def urlopen(request, timeout):
            calls.append((json.loads(request.data), timeout, request.get_header("Authorization")))
            answer = answers[min(len(calls), len(answers)) - 1]
            if isinstance(answer, Exception):
                raise answer
            return _Response(json.dumps(answer).encode())

        monkeypatch.setattr(http_backend.urllib.request, "urlopen", urlopen)
        return calls

    return install


def test_http_backend_posts_json_with_brandname_and_token(gateway, settings):
    calls = gateway({"message_id": "abc"})
    assert sms.send_sms("+84912345678", "Xin chào", reference="otp-1") == "abc"
    body, timeout, auth = calls[0]
    assert body == {
        "brandname": settings.SMS_BRANDNAME,
        "phone": "+84912345678",
        "text": "Xin chào",
        "reference": "otp-1",
    }
    assert timeout == settings.SMS_GATEWAY_TIMEOUT
    assert auth == "Bearer token"


def test_http_backend_retries_transient_failures(gateway):
    error = urllib.error.HTTPError("https://sms.example.vn/send", 503, "busy", {}, None)
    calls = gateway(error, urllib.error.URLError("timeout"), {"message_id": "ok"})
    assert sms.send_sms("+84912345678", "x") == "ok"
    assert len(calls) == 3


def test_http_backend_gives_up_after_bounded_retries(gateway):
    calls = gateway(urllib.error.URLError("down"))
    with pytest.raises(sms.TransportError) as info:
        sms.send_sms("+84912345678", "x")
    assert not info.value.permanent
    assert len(calls) == 3


def test_http_backend_does_not_retry_permanent_refusals(gateway):
    calls = gateway(urllib.error.HTTPError("https://sms.example.vn/send", 400, "bad number", {}, None))
    with pytest.raises(sms.TransportError) as info:
        sms.send_sms("+84912345678", "x")
    assert info.value.permanent
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("text", "encoding", "parts"),
    [
        ("", "GSM-7", 0),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # extension characters cost two septets
        ("€" * 81, "GSM-7", 2),
        ("ế" * 70, "UCS-2", 1),
        ("ế" * 71, "UCS-2", 2),
        ("ế" * 134, "UCS-2", 2),
        ("ế" * 135, "UCS-2", 3),
    ],
)
def test_measure_counts_parts_for_both_encodings(text, encoding, parts):
    result = measure(text)
    assert (result.encoding, result.parts) == (encoding, parts)


def test_strip_diacritics_turns_vietnamese_into_gsm7():
    assert strip_diacritics("Chuyển đổi số Đà Nẵng") == "Chuyen doi so Da Nang"
    assert measure(strip_diacritics("Chuyển đổi số " * 10)).encoding == "GSM-7"
