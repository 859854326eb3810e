"""A deleted person's other profiles and what was sent about them: an expert's public profile and application,
a provider organisation's contact person, and the webhook deliveries that carry their lead.

What stays is what statistics need and is no one's personal data: an expert's specialties, provinces, ratings
and consultations (counted, not named); a provider organisation's own name, tax code and platforms (a company's
public data) — only its contact person's name, phone and e-mail go.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from experts.models import ApplicationDocument, Expert, ExpertApplication, ExpertStatus
from platforms.models import Provider
from smedx_portal.models import (
    Certificate,
    CertificateStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
)

ERASED_TEXT = "—"
ERASED_MESSAGE = "erased at the person's request"
ERASED_BODY = json.dumps({"data": {"erased": True}})


def erase_expert_profile(user_id: int) -> int:
    """The person's expert profile leaves the network under an anonymous name (its certificate revoked); the
    application and its documents (degrees, references) are erased. Returns the number of profiles."""
    count = 0
    for expert in Expert.objects.filter(user_id=user_id):
        name = _("Chuyên gia đã xóa dữ liệu #%(id)s") % {"id": expert.pk}
        Expert.objects.filter(pk=expert.pk).update(
            name=name,
            headline=ERASED_TEXT,
            bio=ERASED_TEXT,
            training_course="",
            search_key="",
            status=ExpertStatus.REMOVED,
            status_reason=ERASED_MESSAGE,
        )
        Expert.history.filter(id=expert.pk).delete()  # the history copies the name and the biography
        Certificate.objects.filter(
            content_type__app_label="experts", content_type__model="expert", object_id=str(expert.pk)
        ).update(holder_name=name, status=CertificateStatus.REVOKED, status_reason=ERASED_MESSAGE)
        count += 1
    applications = ExpertApplication.objects.filter(user_id=user_id)
    for document in ApplicationDocument.objects.filter(application__in=applications):
        document.file.delete(save=False)
    ApplicationDocument.objects.filter(application__in=applications).delete()
    applications.update(
        name=ERASED_TEXT, headline=ERASED_TEXT, bio=ERASED_TEXT, references=ERASED_TEXT, decision_reason=""
    )
    ExpertApplication.history.filter(user_id=user_id).delete()
    return count


def erase_provider_contact(user_id: int) -> int:
    """The provider organisation the person manages keeps its own data; its contact person is erased."""
    return Provider.objects.filter(owner_id=user_id).update(
        contact_name=ERASED_TEXT, contact_phone="", contact_email=""
    )


def scrub_webhooks(registration_ids: list[int]) -> int:
    """Deliveries about the person's leads: those not yet delivered are cancelled, and every stored body (and the
    provider's answer, which may echo it) is replaced, so the name and phone do not wait for the 30-day purge.
    Returns the number of deliveries cancelled."""
    keys = [f"platforms.usageregistration:{pk}" for pk in registration_ids]
    deliveries = WebhookDelivery.objects.filter(subject_key__in=keys)
    cancelled = deliveries.filter(
        status__in=[WebhookDeliveryStatus.PENDING, WebhookDeliveryStatus.RETRYING]
    ).update(status=WebhookDeliveryStatus.FAILED, next_attempt_at=None, last_error=ERASED_MESSAGE)
    deliveries.update(body=ERASED_BODY)
    WebhookAttempt.objects.filter(delivery__in=deliveries).update(response_excerpt="")
    return cancelled
