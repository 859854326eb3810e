"""Support requests (the hotline in writing): anyone sends one, staff answer, the answer goes by SMS/email."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import SupportRequest, SupportStatus
from experts.notifications import notify_on_commit
from experts.ratelimit import check_rate
from smedx_portal.services import audit_log


@transaction.atomic
def support_request_create(
    *,
    name: str,
    phone: str,
    message: str,
    email: str = "",
    programme: str = "",
    topic: str = "other",
    user=None,
    client_key: str = "",
    about_platform=None,
) -> SupportRequest:
    """`client_key` is what the rate limit counts by: the account, or the client's address when anonymous."""
    check_rate(key=f"support:{client_key or phone}", rate=settings.EXPERTS_SUPPORT_RATE)
    request = SupportRequest(
        name=name.strip(),
        phone=phone,
        email=email,
        programme=programme,
        topic=topic,
        message=message.strip(),
        about_platform=about_platform,
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def support_request_answer(*, support_request: SupportRequest, actor, answer: str) -> SupportRequest:
    if not answer.strip():
        raise ValidationError({"answer": _("Cần nhập nội dung trả lời.")})
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    support_request.answer = answer.strip()
    support_request.status = SupportStatus.ANSWERED
    support_request.answered_by, support_request.answered_at = actor, timezone.now()
    support_request.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    audit_log(actor=actor, obj=support_request, action="support_request.answer")
    notify_on_commit("support.answered", support_request.pk)
    return support_request


@transaction.atomic
def support_request_close(*, support_request: SupportRequest, actor) -> SupportRequest:
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    support_request.status = SupportStatus.CLOSED
    support_request.save(update_fields=["status"])
    audit_log(actor=actor, obj=support_request, action="support_request.close")
    return support_request
