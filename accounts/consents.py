"""Who consented to what: the read side every purpose-gated feature asks (leads, webhooks, outreach,
promotional SMS, the identity API). Writes (give, withdraw) are services in `accounts.services`."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Consent, ConsentPurpose


def consents_in_force(purpose: ConsentPurpose | str) -> QuerySet[Consent]:
    return Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=True)


def consenting_user_ids(purpose: ConsentPurpose | str) -> QuerySet:
    """A subquery of the ids of users whose consent to `purpose` is in force (use with `__in`)."""
    return consents_in_force(purpose).values("user_id")


def has_consent(user_id: int | None, purpose: ConsentPurpose | str) -> bool:
    return user_id is not None and consents_in_force(purpose).filter(user_id=user_id).exists()
