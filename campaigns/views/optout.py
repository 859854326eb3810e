"""The gateway's callbacks (replies and delivery reports, signed with a shared secret) and the refusal link."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.models import OptOut, OptOutSource
from campaigns.services.optout import delivery_report, inbound_is_authentic, inbound_message, optout_record
from campaigns.sms_text import phone_from_optout_token


def _signed_json(request) -> dict | None:
    if not inbound_is_authentic(request.body, request.headers.get("X-Signature", "")):
        return None
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


@csrf_exempt  # a server-to-server callback, authenticated by the HMAC of its body instead
@require_POST
def inbound_sms(request):
    """A reply to the brandname: {"from": "+84…", "text": "TC"}. Refusal keywords opt the number out."""
    payload = _signed_json(request)
    if payload is None:
        return HttpResponseForbidden("invalid signature")
    optout = inbound_message(sender=str(payload.get("from", "")), text=str(payload.get("text", "")))
    return JsonResponse({"opted_out": optout is not None})


@csrf_exempt
@require_POST
def delivery_callback(request):
    """A delivery report: {"message_id": "…", "status": "delivered" | "failed", "error": "…"}."""
    payload = _signed_json(request)
    if payload is None:
        return HttpResponseForbidden("invalid signature")
    updated = delivery_report(
        gateway_id=str(payload.get("message_id", "")),
        delivered=payload.get("status") == "delivered",
        error=str(payload.get("error", "")),
    )
    return JsonResponse({"updated": updated})


@require_http_methods(["GET", "POST"])
def optout_link(request, token: str):
    """The link in each campaign message. GET only asks (link previews must not opt anyone out); POST confirms."""
    phone = phone_from_optout_token(token)
    if phone is None:
        raise Http404
    done = OptOut.objects.filter(phone=phone).exists()
    if request.method == "POST" and not done:
        optout_record(phone=phone, source=OptOutSource.LINK)
        done = True
    masked = phone[:-6] + "***" + phone[-3:]
    return render(request, "campaigns/optout.html", {"masked_phone": masked, "done": done, "token": token})
