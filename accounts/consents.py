"""Who consented to what, and the two writes: give and withdraw.

Read side (every purpose-gated feature asks it: leads, webhooks, outreach, promotional SMS, the identity API):
`has_consent(user_id, purpose)`, `consenting_user_ids(purpose)` (a subquery for `__in`).

Writes are idempotent and safe when two requests arrive at once: the person's row is locked first, and the
database keeps at most one consent in force per person and purpose (`one_consent_in_force_per_purpose`).
Giving a purpose already in force keeps the existing row; withdrawing one not in force does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Consent, ConsentChannel, ConsentPurpose

# A person takes part only with this consent: withdrawing it is leaving the programme (a deletion request).
REQUIRED_PURPOSES = (ConsentPurpose.PARTICIPATION,)
OPTIONAL_PURPOSES = tuple(purpose for purpose in ConsentPurpose if purpose not in REQUIRED_PURPOSES)


def consents_in_force(purpose: ConsentPurpose | str) -> QuerySet[Consent]:
    return Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=True)


def consenting_user_ids(purpose: ConsentPurpose | str) -> QuerySet:
    """A subquery of the ids of users whose consent to `purpose` is in force (use with `__in`)."""
    return consents_in_force(purpose).values("user_id")


def has_consent(user_id: int | None, purpose: ConsentPurpose | str) -> bool:
    return user_id is not None and consents_in_force(purpose).filter(user_id=user_id).exists()


def purposes_in_force(user_id: int) -> set[str]:
    return set(
        Consent.objects.filter(user_id=user_id, withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )


def _lock_person(user_id: int) -> None:
    get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


def _check(purposes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(purposes))
    unknown = [purpose for purpose in chosen if purpose not in ConsentPurpose.values]
    if unknown:
        raise ValidationError(_("Mục đích không hợp lệ: %(purposes)s.") % {"purposes": ", ".join(unknown)})
    return chosen


@transaction.atomic
def consent_give(
    *,
    user_id: int,
    purposes: Iterable[str],
    channel: str = ConsentChannel.WEB,
    notice_version: str | None = None,
) -> list[Consent]:
    """Record the person's consent to each purpose (under the current notice unless told). A purpose already
    in force under an older notice is renewed under this one; under the same notice it is kept as it is."""
    chosen = _check(purposes)
    if channel not in ConsentChannel.values:
        raise ValidationError(_("Kênh ghi nhận không hợp lệ."))
    version = notice_version or settings.PRIVACY_NOTICE_VERSION
    _lock_person(user_id)
    now = timezone.now()
    current = {c.purpose: c for c in Consent.objects.filter(user_id=user_id, withdrawn_at__isnull=True)}
    result = []
    for purpose in chosen:
        existing = current.get(purpose)
        if existing is not None and existing.notice_version == version:
            result.append(existing)
            continue
        if existing is not None:
            Consent.objects.filter(pk=existing.pk).update(withdrawn_at=now)
        consent = Consent(
            user_id=user_id, purpose=purpose, notice_version=version, channel=channel, given_at=now
        )
        consent.full_clean(validate_constraints=False)
        consent.save()
        result.append(consent)
    return result


@transaction.atomic
def consent_withdraw(*, user_id: int, purpose: str) -> bool:
    """Withdraw the person's consent to an optional purpose, effective at once everywhere the purpose is read.
    False if it was not in force (a second click)."""
    _check([purpose])
    if purpose in REQUIRED_PURPOSES:
        raise ValidationError(
            _("Không thể rút riêng sự đồng ý tham gia Chương trình: hãy gửi yêu cầu xóa tài khoản.")
        )
    _lock_person(user_id)
    return bool(consents_in_force(purpose).filter(user_id=user_id).update(withdrawn_at=timezone.now()))


@transaction.atomic
def consent_answer(
    *, user_id: int, chosen: Iterable[str], channel: str = ConsentChannel.WEB
) -> list[Consent]:
    """A person's answer to the notice (sign-up, the page shown at the next sign-in): the ticked purposes are
    given under the current notice, the optional ones left unticked are withdrawn if they were in force."""
    chosen = _check(chosen)
    missing = [purpose for purpose in REQUIRED_PURPOSES if purpose not in chosen]
    if missing:
        raise ValidationError(_("Cần đồng ý tham gia Chương trình để sử dụng cổng."))
    given = consent_give(user_id=user_id, purposes=chosen, channel=channel)
    for purpose in OPTIONAL_PURPOSES:
        if purpose not in chosen:
            consent_withdraw(user_id=user_id, purpose=purpose)
    get_user_model().objects.filter(pk=user_id).update(privacy_notice_version=settings.PRIVACY_NOTICE_VERSION)
    return given
