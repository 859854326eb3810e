"""Webhooks: HTTPS URL and secret per owner, signed deliveries checked by an independent verifier written from the
documented algorithm, retries with exponential backoff and a delivery log, "send again", no SSRF."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import socket
import time

import pytest
from django.db import transaction
from django.utils import timezone

from smedx_portal.api.tasks import retry_webhooks
from smedx_portal.api.webhooks import (
    UnsafeWebhookUrl,
    check_webhook_url,
    retry_schedule,
    webhook_emit,
    webhook_endpoint_set,
    webhook_redeliver,
)
from smedx_portal.models import AuditEntry, WebhookDelivery, WebhookEndpoint
from tests.factories import BusinessFactory, StaffFactory

pytestmark = pytest.mark.django_db


def independent_verify(secret: str, headers: dict, raw_body: bytes, now: float | None = None) -> bool:
    """Written from the API description only: v1 = hex HMAC-SHA256(secret, timestamp + "." + raw body)."""
    timestamp = headers["x-smedx-timestamp"]
    if abs((now or time.time()) - int(timestamp)) > 300:
        return False
    message = timestamp.encode("ascii") + b"." + raw_body
    expected = "v1=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["x-smedx-signature"])


@pytest.fixture
def owner():
    return BusinessFactory(name="Công ty Nền tảng Số ABC")


def emit(owner, django_capture_on_commit_callbacks, **payload):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return webhook_emit(owner=owner, event="usage_registration.created", payload=payload or {"id": 7})


def test_a_delivery_is_signed_and_verified_independently(
    owner, webhook_receiver, django_capture_on_commit_callbacks
):
    change = webhook_endpoint_set(owner=owner, url=webhook_receiver.url)
    assert change.secret.startswith("whsec_")
    delivery = emit(
        owner, django_capture_on_commit_callbacks, id=7, status="requested", business="Cửa hàng Hoa"
    )

    [received] = webhook_receiver.received
    assert independent_verify(change.secret, received.headers, received.body)
    assert not independent_verify("whsec_wrong", received.headers, received.body)
    assert not independent_verify(change.secret, received.headers, received.body + b" ")
    assert not independent_verify(change.secret, received.headers, received.body, now=time.time() + 3600)
    body = json.loads(received.body)
    assert body["event"] == "usage_registration.created"
    assert body["id"] == str(delivery.event_id) == received.headers["x-smedx-delivery"]
    assert body["data"] == {"id": 7, "status": "requested", "business": "Cửa hàng Hoa"}
    assert received.headers["x-smedx-event"] == "usage_registration.created"
    assert received.headers["content-type"] == "application/json; charset=utf-8"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)
    assert delivery.delivered_at is not None
    assert list(delivery.attempt_log.values_list("number", "status_code", "error")) == [(1, 200, "")]


def test_no_endpoint_or_a_paused_one_means_no_delivery(
    owner, webhook_receiver, django_capture_on_commit_callbacks
):
    assert emit(owner, django_capture_on_commit_callbacks) is None
    webhook_endpoint_set(owner=owner, url=webhook_receiver.url, is_active=False)
    assert emit(owner, django_capture_on_commit_callbacks) is None
    assert webhook_receiver.received == []


def test_failures_are_retried_with_backoff_and_logged(
    owner, webhook_receiver, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+07:00", tick=False)
    change = webhook_endpoint_set(owner=owner, url=webhook_receiver.url)
    webhook_receiver.statuses = [500, 503]
    delivery = emit(owner, django_capture_on_commit_callbacks)  # first attempt, on commit: 500
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("retrying", 1, 500)
    assert delivery.next_attempt_at == timezone.now() + datetime.timedelta(minutes=1)

    assert retry_webhooks.delay().get() == 0  # not due yet
    time_machine.move_to("2026-03-02 09:01:00+07:00", tick=False)
    assert retry_webhooks.delay().get() == 1  # second attempt: 503, next in 2 minutes
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("retrying", 2)
    assert delivery.next_attempt_at == timezone.now() + datetime.timedelta(minutes=2)

    time_machine.move_to("2026-03-02 09:02:59+07:00", tick=False)
    assert retry_webhooks.delay().get() == 0
    time_machine.move_to("2026-03-02 09:03:00+07:00", tick=False)
    assert retry_webhooks.delay().get() == 1  # third attempt: delivered
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("succeeded", 3, None)
    assert list(delivery.attempt_log.values_list("number", "status_code", "error")) == [
        (1, 500, "HTTP 500"),
        (2, 503, "HTTP 503"),
        (3, 200, ""),
    ]
    # Every attempt is signed anew over the same body, and the event id stays the same for de-duplication.
    assert len({received.body for received in webhook_receiver.received}) == 1
    assert len({received.headers["x-smedx-delivery"] for received in webhook_receiver.received}) == 1
    assert len({received.headers["x-smedx-timestamp"] for received in webhook_receiver.received}) == 3
    assert all(
        independent_verify(change.secret, r.headers, r.body, now=int(r.headers["x-smedx-timestamp"]))
        for r in webhook_receiver.received
    )
    assert retry_webhooks.delay().get() == 0


def test_the_backoff_doubles_from_a_minute_and_spans_about_a_day(settings):
    schedule = retry_schedule()
    assert schedule[:5] == [60, 120, 240, 480, 960]
    assert all(later >= earlier for earlier, later in zip(schedule, schedule[1:]))
    assert max(schedule) == settings.API_WEBHOOK_RETRY_MAX_DELAY == 8 * 3600
    assert 23 * 3600 <= sum(schedule) <= 26 * 3600


def _fail_until_given_up(delivery, webhook_receiver, time_machine):
    """Let every scheduled retry run, the receiver answering 500; the number of attempts made."""
    for _ in range(50):
        delivery.refresh_from_db()
        if delivery.status != "retrying":
            break
        webhook_receiver.statuses.append(500)
        time_machine.move_to(delivery.next_attempt_at, tick=False)
        retry_webhooks.delay().get()
    return delivery


def test_a_receiver_that_keeps_failing_gets_about_a_day_of_retries_then_the_delivery_fails(
    owner, webhook_receiver, django_capture_on_commit_callbacks, settings, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+07:00", tick=False)
    start = timezone.now()
    webhook_endpoint_set(owner=owner, url=webhook_receiver.url)
    webhook_receiver.statuses = [500]
    delivery = _fail_until_given_up(
        emit(owner, django_capture_on_commit_callbacks), webhook_receiver, time_machine
    )
    assert (delivery.status, delivery.attempts) == ("failed", settings.API_WEBHOOK_MAX_RETRIES + 1)
    assert 23 <= (delivery.last_attempt_at - start).total_seconds() / 3600 <= 26
    times = list(delivery.attempt_log.values_list("attempted_at", flat=True))
    gaps = [(later - earlier).total_seconds() for earlier, later in zip(times, times[1:])]
    assert gaps == retry_schedule()


def test_send_again_starts_a_new_series_of_attempts(
    owner, webhook_receiver, django_capture_on_commit_callbacks, settings, time_machine
):
    settings.API_WEBHOOK_MAX_RETRIES = 2
    time_machine.move_to("2026-03-02 09:00:00+07:00", tick=False)
    webhook_endpoint_set(owner=owner, url=webhook_receiver.url)
    webhook_receiver.statuses = [500]
    delivery = _fail_until_given_up(
        emit(owner, django_capture_on_commit_callbacks), webhook_receiver, time_machine
    )
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 3, 500)

    staff = StaffFactory()
    webhook_receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        webhook_redeliver(delivery=delivery, actor=staff)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.series_attempts) == ("retrying", 4, 1)
    time_machine.move_to(delivery.next_attempt_at, tick=False)
    retry_webhooks.delay().get()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 5)
    assert AuditEntry.objects.for_object(delivery).get().actor == staff


def test_staff_send_again_from_the_admin(
    owner, webhook_receiver, client, django_capture_on_commit_callbacks, settings
):
    settings.API_WEBHOOK_MAX_RETRIES = 0
    webhook_endpoint_set(owner=owner, url=webhook_receiver.url)
    webhook_receiver.statuses = [500]
    delivery = emit(owner, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    client.force_login(StaffFactory())
    page = client.get(f"/admin/core/webhookdelivery/{delivery.pk}/change/")
    assert page.status_code == 200
    assert "Gửi lại" in page.content.decode()
    assert client.get(f"/admin/core/webhookdelivery/{delivery.pk}/send-again/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/core/webhookdelivery/{delivery.pk}/send-again/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 2)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/core/webhookdelivery/", {"action": "send_again", "_selected_action": [delivery.pk]}
        )
    assert len(webhook_receiver.received) == 3


def test_only_staff_can_send_again(owner, webhook_receiver, client, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    webhook_endpoint_set(owner=owner, url=webhook_receiver.url)
    delivery = emit(owner, django_capture_on_commit_callbacks)
    client.force_login(UserFactory())
    response = client.post(f"/admin/core/webhookdelivery/{delivery.pk}/send-again/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert len(webhook_receiver.received) == 1


# --- no SSRF --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.9/hook",
        "https://192.168.1.20/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::5]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://100.64.0.1/hook",
        "https://localhost/hook",
        "https://224.0.0.1/hook",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url, settings):
    settings.API_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://203.0.113.10/hook",
        "ftp://8.8.8.8/x",
        "https://user:pw@8.8.8.8/x",
        "https:///x",
        "https://8.8.8.8:99999/",
    ],
)
def test_plain_http_credentials_and_broken_urls_are_refused(url, settings):
    settings.API_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url(url)


def test_a_name_is_checked_by_every_address_it_resolves_to(settings, monkeypatch):
    """A public-looking name that resolves to a private address (DNS rebinding style) is refused."""
    settings.API_WEBHOOK_ALLOW_PRIVATE = False
    answers = {"hooks.example.vn": ["93.184.215.14", "10.0.0.7"], "ok.example.vn": ["93.184.215.14"]}

    def fake_getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            raise socket.gaierror("not found")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(UnsafeWebhookUrl, match="10.0.0.7"):
        check_webhook_url("https://hooks.example.vn/x")
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url("https://khong-ton-tai.example.vn/x")
    assert check_webhook_url("https://ok.example.vn/x") == ["93.184.215.14"]


def test_public_addresses_are_accepted(settings):
    settings.API_WEBHOOK_ALLOW_PRIVATE = False
    assert check_webhook_url("https://8.8.8.8/hook") == ["8.8.8.8"]
    assert check_webhook_url("https://[2001:4860:4860::8888]/hook") == ["2001:4860:4860::8888"]


def test_a_url_that_became_private_is_not_called_and_not_retried(
    owner, webhook_receiver, django_capture_on_commit_callbacks, settings
):
    webhook_endpoint_set(owner=owner, url=webhook_receiver.url)  # accepted in development
    settings.API_WEBHOOK_ALLOW_PRIVATE = False  # then the portal runs in production
    delivery = emit(owner, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert webhook_receiver.received == []
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "HTTPS" in delivery.last_error


def test_production_refuses_to_start_with_private_webhooks_allowed():
    import os
    import subprocess
    import sys

    from tests.core.test_settings import IDENTITY_KEYS

    env = {
        **os.environ,
        **IDENTITY_KEYS,
        "PORTAL_BASE_URL": "https://smedx.example.vn",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
        "ALLOWED_HOSTS": "smedx.example.vn",
        "API_WEBHOOK_ALLOW_PRIVATE": "1",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='smedx_portal.settings'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "API_WEBHOOK_ALLOW_PRIVATE" in result.stderr


# --- the webhook endpoints of the API ---------------------------------------------------------------------------
@pytest.fixture
def owner_key(owner, issue_key):
    return issue_key(["leads:read", "leads:write"], owner=owner)[1]


def test_set_read_rotate_and_delete_the_endpoint(owner, owner_key, call, webhook_receiver):
    assert call("get", "/api/v1/webhook/", key=owner_key).status_code == 404
    created = call("put", "/api/v1/webhook/", key=owner_key, data={"url": webhook_receiver.url})
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret == WebhookEndpoint.objects.get().secret
    assert created.json()["events"] == ["usage_registration.created", "usage_registration.status_changed"]

    shown = call("get", "/api/v1/webhook/", key=owner_key).json()
    assert shown["secret"] is None and shown["secret_hint"] == "…" + secret[-4:]

    changed = call("put", "/api/v1/webhook/", key=owner_key, data={"url": webhook_receiver.url + "2"})
    assert changed.status_code == 200 and changed.json()["secret"] is None
    assert WebhookEndpoint.objects.get().secret == secret

    rotated = call("post", "/api/v1/webhook/rotate-secret/", key=owner_key)
    assert rotated.status_code == 200 and rotated.json()["secret"] not in (None, secret)

    assert call("delete", "/api/v1/webhook/", key=owner_key).status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert call("delete", "/api/v1/webhook/", key=owner_key).status_code == 404


def test_the_api_refuses_an_ssrf_url(owner_key, call, settings):
    settings.API_WEBHOOK_ALLOW_PRIVATE = False
    response = call("put", "/api/v1/webhook/", key=owner_key, data={"url": "https://169.254.169.254/latest/"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"
    assert "url" in response.json()["error"]["details"]["fields"]
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_shows_only_the_owners_deliveries(
    owner,
    owner_key,
    call,
    webhook_receiver,
    django_capture_on_commit_callbacks,
    issue_key,
    django_assert_max_num_queries,
):
    webhook_endpoint_set(owner=owner, url=webhook_receiver.url)
    other = BusinessFactory()
    webhook_endpoint_set(owner=other, url=webhook_receiver.url)
    webhook_receiver.statuses = [500]
    for _ in range(3):
        emit(owner, django_capture_on_commit_callbacks)
    emit(other, django_capture_on_commit_callbacks)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    retry_webhooks.delay().get()

    with django_assert_max_num_queries(12):
        response = call("get", "/api/v1/webhook/deliveries/?page_size=2", key=owner_key)
    body = response.json()
    assert response.status_code == 200 and len(body["results"]) == 2 and body["next"]
    rest = call("get", body["next"], key=owner_key).json()
    events = [*body["results"], *rest["results"]]
    assert len(events) == 3
    assert {event["event_id"] for event in events} == {
        str(value)
        for value in WebhookDelivery.objects.filter(endpoint__owner_object_id=str(owner.pk)).values_list(
            "event_id", flat=True
        )
    }
    oldest = events[-1]
    assert [attempt["status_code"] for attempt in oldest["attempt_log"]] == [500, 200]
    failed_only = call("get", "/api/v1/webhook/deliveries/?status=failed", key=owner_key).json()
    assert failed_only["results"] == []


def test_webhook_endpoints_need_an_owner_and_the_leads_scopes(call, issue_key, webhook_receiver):
    _key, partner = issue_key(["stats:read"])
    response = call("put", "/api/v1/webhook/", key=partner, data={"url": webhook_receiver.url})
    assert response.status_code == 403 and response.json()["error"]["code"] == "missing_scope"
    _key, reader = issue_key(["leads:read"], owner=BusinessFactory())
    response = call("put", "/api/v1/webhook/", key=reader, data={"url": webhook_receiver.url})
    assert response.json()["error"] == {
        "code": "missing_scope",
        "message": "Khóa API không có phạm vi quyền cần cho thao tác này.",
        "details": {"required_scopes": ["leads:write"]},
    }
    assert call("get", "/api/v1/webhook/", key=reader).status_code == 404
