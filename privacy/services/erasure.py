"""Deleting a person's data (the right to deletion, Law 91/2025/QH15 Art. 4).

Personal fields are erased or replaced by values that lead back to no one (name, phone, email, identity number,
addresses, free text); what statistics need stays without a person: a business the person alone represented
stays as an anonymous row (kind, province, ward, sector, size, levels and scores), so dashboards, rankings and
assessment statistics do not change. The phone survives only as its keyed hash (`core.ErasedPhone`, and a
pseudonym in the campaign and event rows that are kept, and in `core.ErasedReach` for having registered or taken
the survey), so counts of people reached stay right.

Run once: the person's row is locked, and a deletion already done returns the first one's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Consent, PhoneChallenge
from assessment.models import Assessment
from businesses.models import Business, Membership, MembershipStatus
from businesses.services import business_derive
from campaigns.models import EventRegistration, MessageStatus, SmsMessage
from experts.models import Answer, Consultation, Message, Question, SupportRequest
from platforms.models import OPEN_TRIAL_STATUSES, Trial, TrialStatus, UsageRegistration, UsageStatus
from privacy.models import DataRequest, RequestKind, RequestStatus
from privacy.services.erasure_profiles import (
    ERASED_MESSAGE,
    ERASED_TEXT,
    erase_expert_profile,
    erase_provider_contact,
    scrub_webhooks,
)
from privacy.services.requests import request_deadlines
from reports.reach import reach_traces
from smedx_portal.models import Certificate, CertificateStatus, ErasedPhone, ErasedReach
from smedx_portal.personal import phone_key, phone_pseudonym
from smedx_portal.services import audit_log


@dataclass(frozen=True)
class Erasure:
    request: DataRequest
    erased_now: bool  # False: the deletion had already run


def _anonymise_business(business: Business) -> None:
    business.name = _("Đơn vị đã xóa dữ liệu #%(id)s") % {"id": business.pk}
    business.tax_code = None
    business.address = ""
    business.phone = ""
    business.verification_reason = ""
    business_derive(business)
    business.save()
    Business.history.filter(id=business.pk).delete()  # the history holds the old name, tax code and address
    Certificate.objects.filter(
        content_type__app_label="businesses", content_type__model="business", object_id=str(business.pk)
    ).update(holder_name=business.name, status=CertificateStatus.REVOKED, status_reason=ERASED_MESSAGE)


def _businesses_left_alone(user_id: int) -> list[Business]:
    """The businesses the person represents that nobody else actively represents (anonymised with them)."""
    mine = list(
        Business.objects.select_for_update()
        .filter(memberships__user_id=user_id, memberships__status=MembershipStatus.ACTIVE)
        .order_by("pk")
    )
    shared = set(
        Membership.objects.filter(business__in=mine, status=MembershipStatus.ACTIVE)
        .exclude(user_id=user_id)
        .values_list("business_id", flat=True)
    )
    return [business for business in mine if business.pk not in shared]


def _erase_phone_traces(phone: str) -> int:
    """Messages not yet sent are cancelled; the rows kept (sent, delivered) carry the pseudonym. Returns the
    number of cancelled messages."""
    pseudonym = phone_pseudonym(phone)
    cancelled = SmsMessage.objects.filter(
        phone=phone, status__in=[MessageStatus.CLAIMED, MessageStatus.QUEUED]
    ).update(status=MessageStatus.SKIPPED, error=ERASED_MESSAGE, phone=pseudonym)
    SmsMessage.objects.filter(phone=phone).update(phone=pseudonym)
    EventRegistration.objects.filter(attendee_phone=phone).update(attendee_phone=pseudonym)
    PhoneChallenge.objects.filter(phone=phone).delete()
    ErasedPhone.objects.get_or_create(phone_key=phone_key(phone))
    return cancelled


def _erase_free_text(user_id: int, business_ids: list[int]) -> None:
    """What the person wrote: Q&A posts, consultation requests and messages, support requests (and the change
    history that copies them)."""
    for post in (Question, Answer):
        post.objects.filter(author_id=user_id).update(body=ERASED_TEXT)
        post.history.filter(author_id=user_id).delete()
    Question.objects.filter(author_id=user_id).update(title=ERASED_TEXT)
    Message.objects.filter(author_id=user_id).update(body=ERASED_TEXT)
    SupportRequest.objects.filter(user_id=user_id).update(
        name=ERASED_TEXT, phone="", email="", message=ERASED_TEXT
    )
    SupportRequest.history.filter(user_id=user_id).delete()
    Consultation.objects.filter(Q(requested_by_id=user_id) | Q(business_id__in=business_ids)).update(
        description=ERASED_TEXT, rating_comment=""
    )
    EventRegistration.objects.filter(user_id=user_id).update(attendee_name=ERASED_TEXT)


@transaction.atomic
def person_erase(*, user_id: int, actor: Any | None = None) -> Erasure:
    """Erase the person's data. A second call (a double click, two devices, a retried task) changes nothing
    and returns the first deletion's record."""
    user = get_user_model().objects.select_for_update().get(pk=user_id)
    done = DataRequest.objects.filter(user_id=user_id, kind=RequestKind.DELETION, status=RequestStatus.DONE)
    if done.exists():
        return Erasure(request=done.get(), erased_now=False)
    now = timezone.now()
    request = DataRequest.objects.filter(
        user_id=user_id,
        kind=RequestKind.DELETION,
        status__in=[RequestStatus.RECEIVED, RequestStatus.ACKNOWLEDGED],
    ).first() or DataRequest(
        user_id=user_id, kind=RequestKind.DELETION, created_at=now, **request_deadlines(now)
    )

    ErasedReach.objects.bulk_create(  # before the memberships and survey authorship go
        [
            ErasedReach(person=person, programme=programme, year=year, channel=channel)
            for person, programme, year, channel in reach_traces(user)
        ],
        ignore_conflicts=True,
    )
    alone = _businesses_left_alone(user_id)
    alone_ids = [business.pk for business in alone]
    cancelled = _erase_phone_traces(user.phone) if user.phone else 0
    leads = UsageRegistration.objects.filter(Q(business_id__in=alone_ids) | Q(requested_by_id=user_id))
    lead_ids = list(leads.values_list("pk", flat=True))
    UsageRegistration.objects.filter(pk__in=lead_ids, status=UsageStatus.REQUESTED).update(
        status=UsageStatus.CANCELLED, reason=ERASED_MESSAGE
    )
    UsageRegistration.objects.filter(pk__in=lead_ids).update(message="", requested_by=None)
    webhooks_cancelled = scrub_webhooks(lead_ids)
    experts = erase_expert_profile(user_id)
    providers = erase_provider_contact(user_id)
    trials = Trial.objects.filter(Q(business_id__in=alone_ids) | Q(requested_by_id=user_id))
    trials.filter(status__in=OPEN_TRIAL_STATUSES).update(status=TrialStatus.CANCELLED)
    trials.update(message="", comment="", access_note="", requested_by=None)
    _erase_free_text(user_id, alone_ids)
    Assessment.objects.filter(started_by_id=user_id).update(started_by=None)  # the scores stay, unsigned
    for business in alone:
        _anonymise_business(business)
    Membership.objects.filter(user_id=user_id).delete()
    Consent.objects.filter(user_id=user_id, withdrawn_at__isnull=True).update(withdrawn_at=now)

    user.username = f"erased-{user.pk}"
    user.full_name = user.first_name = user.last_name = user.email = ""
    user.phone = None
    user.phone_verified_at = None
    user.is_active = False
    user.set_unusable_password()  # ends every session (their auth hash no longer matches)
    user.save()

    request.status = RequestStatus.DONE
    request.completed_at = now
    request.business = None
    request.details = ""
    request.handled_by = actor if getattr(actor, "pk", None) else None
    request.outcome = _(
        "Đã xóa dữ liệu: %(businesses)d đơn vị ẩn danh, %(messages)d tin nhắn chờ gửi bị hủy."
    ) % {
        "businesses": len(alone),
        "messages": cancelled,
    }
    request.full_clean(validate_constraints=False)
    request.save()
    audit_log(
        actor=actor,
        obj=request,
        action="privacy.erase",
        data={
            "businesses_anonymised": len(alone),
            "messages_cancelled": cancelled,
            "webhooks_cancelled": webhooks_cancelled,
            "expert_profiles": experts,
            "provider_contacts": providers,
        },
    )
    return Erasure(request=request, erased_now=True)
