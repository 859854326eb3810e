"""E-mail that never blocks a page: queued after the transaction commits, sent by a Celery task that retries a
bounded number of times (`smedx_portal.tasks.send_email`), and logged when it finally fails.

    mail_queue(subject=_("…"), body=text, to=[provider.contact_email])
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction


def mail_queue(*, subject: str, body: str, to: Iterable[str]) -> bool:
    """Queue one e-mail to the non-empty addresses in `to`; False when there is nobody to write to."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return False
    from smedx_portal.tasks import send_email

    transaction.on_commit(lambda: send_email.delay(subject, body, recipients))
    return True


def portal_url(path: str) -> str:
    """An absolute link to a page of the portal, for e-mails and SMS."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path
