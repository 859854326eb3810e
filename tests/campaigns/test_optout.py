"""Opting out by a reply keyword (the gateway's signed webhook) or the link in the message; delivery reports;
OTP messages are exempt from opt-outs."""

import json

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import MessageStatus, OptOut, OptOutSource, SmsMessage
from campaigns.services.campaigns import campaign_send_now
from campaigns.services.optout import inbound_signature, is_optout_keyword, normalise_phone
from campaigns.sms_text import optout_token
from smedx_portal.models import AuditEntry
from smedx_portal.sms import send_sms
from tests.campaigns.conftest import MORNING
from tests.campaigns.factories import make_campaign, representative

pytestmark = pytest.mark.django_db


def post_signed(client, url_name, payload, *, secret=None, signature=None):
    body = json.dumps(payload).encode()
    return client.post(
        reverse(f"campaigns:{url_name}"),
        data=body,
        content_type="application/json",
        headers={"X-Signature": signature if signature is not None else inbound_signature(body, secret)},
    )


@pytest.mark.parametrize("text", ["TC", "tc", "Huy", "HỦY", "hủy.", "STOP", "stop please", " TC  "])
def test_refusal_keywords(text):
    assert is_optout_keyword(text)


@pytest.mark.parametrize("text", ["", "Cảm ơn", "TCB", "không TC", "dừng"])
def test_other_replies_are_not_refusals(text):
    assert not is_optout_keyword(text)


@pytest.mark.parametrize("raw", ["+84912345678", "84912345678", "0912345678", "0912 345 678"])
def test_numbers_are_normalised_to_e164(raw):
    assert normalise_phone(raw) == "+84912345678"


def test_a_signed_reply_with_a_keyword_opts_the_number_out(client):
    response = post_signed(client, "inbound_sms", {"from": "84912345678", "text": "HUY"})
    assert response.status_code == 200 and response.json() == {"opted_out": True}
    optout = OptOut.objects.get(phone="+84912345678")
    assert optout.source == OptOutSource.KEYWORD
    assert AuditEntry.objects.for_object(optout).get().action == "sms.optout"
    # the same reply again changes nothing
    assert post_signed(client, "inbound_sms", {"from": "0912345678", "text": "TC"}).status_code == 200
    assert OptOut.objects.count() == 1


def test_an_ordinary_reply_does_not_opt_out(client):
    response = post_signed(client, "inbound_sms", {"from": "0912345678", "text": "Cho hỏi thêm về ưu đãi"})
    assert response.json() == {"opted_out": False}
    assert not OptOut.objects.exists()


@pytest.mark.parametrize(
    "signature", ["", "00" * 32, inbound_signature(b'{"from": "0912345678", "text": "TC"}', "another-secret")]
)
def test_unsigned_or_wrongly_signed_callbacks_are_refused(client, signature):
    response = post_signed(client, "inbound_sms", {"from": "0912345678", "text": "TC"}, signature=signature)
    assert response.status_code == 403
    assert not OptOut.objects.exists()


def test_no_secret_configured_refuses_everything(client, settings):
    settings.CAMPAIGN_INBOUND_SECRET = ""
    response = post_signed(client, "inbound_sms", {"from": "0912345678", "text": "TC"}, secret="")
    assert response.status_code == 403


def test_the_webhook_only_takes_posts(client):
    assert client.get(reverse("campaigns:inbound_sms")).status_code == 405


def test_the_link_asks_first_then_opts_out(client):
    url = reverse("campaigns:optout_link", kwargs={"token": optout_token("+84912345678")})
    page = client.get(url)
    assert page.status_code == 200
    assert "+84912***678" in page.content.decode()
    assert not OptOut.objects.exists()  # a link preview (Zalo, Facebook) fetching the page changes nothing
    done = client.post(url)
    assert done.status_code == 200 and 'data-testid="optout-done"' in done.content.decode()
    assert OptOut.objects.get(phone="+84912345678").source == OptOutSource.LINK


def test_a_forged_link_is_not_found(client):
    token = optout_token("+84912345678")
    assert client.get(reverse("campaigns:optout_link", kwargs={"token": token[:-1] + "A"})).status_code == 404
    assert client.post(reverse("campaigns:optout_link", kwargs={"token": "abc.def"})).status_code == 404


@time_machine.travel(MORNING, tick=False)
def test_opted_out_numbers_receive_no_campaign_message(client, staff, sms_outbox, run_batches):
    keep, refuse_by_reply, refuse_by_link = representative(), representative(), representative()
    post_signed(client, "inbound_sms", {"from": refuse_by_reply.phone, "text": "TC"})
    client.post(reverse("campaigns:optout_link", kwargs={"token": optout_token(refuse_by_link.phone)}))
    campaign = make_campaign(created_by=staff)
    campaign_send_now(campaign=campaign, actor=staff)
    run_batches(campaign)
    assert [m.phone for m in sms_outbox] == [keep.phone]


def test_otp_messages_are_exempt_from_opt_outs(sms_outbox):
    """OTP codes go through the core's send_sms (the accounts path), which never reads OptOut."""
    OptOut.objects.create(phone="+84912345678", source=OptOutSource.KEYWORD)
    send_sms("+84912345678", "Mã xác thực SMEdx của bạn là 482913", reference="otp-1")
    assert [(m.phone, m.text) for m in sms_outbox] == [
        ("+84912345678", "Mã xác thực SMEdx của bạn là 482913")
    ]


@time_machine.travel(MORNING, tick=False)
def test_delivery_reports_update_the_message(client, staff, run_batches):
    representative(), representative()
    campaign = make_campaign(created_by=staff)
    campaign_send_now(campaign=campaign, actor=staff)
    run_batches(campaign)
    first, second = SmsMessage.objects.filter(campaign=campaign).order_by("phone")
    assert post_signed(
        client, "delivery_callback", {"message_id": first.gateway_id, "status": "delivered"}
    ).json() == {"updated": 1}
    post_signed(
        client, "delivery_callback", {"message_id": second.gateway_id, "status": "failed", "error": "máy tắt"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MessageStatus.DELIVERED and first.delivered_at is not None
    assert (second.status, second.error) == (MessageStatus.FAILED, "máy tắt")
    assert post_signed(
        client, "delivery_callback", {"message_id": "unknown", "status": "delivered"}
    ).json() == {"updated": 0}
    assert (
        post_signed(
            client, "delivery_callback", {"message_id": first.gateway_id}, signature="bad"
        ).status_code
        == 403
    )
