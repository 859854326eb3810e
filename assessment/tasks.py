"""Celery tasks of the survey: thin, by id, bounded retries."""

import logging

from celery import shared_task

from smedx_portal.sms import TransportError

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def notify_certificate_holder(self, certificate_id: int) -> None:
    """Tell the business's owner its DX-level certificate was issued (once, whatever the retries)."""
    from assessment.services.certificates import certificate_notify_holder

    try:
        certificate_notify_holder(certificate_id=certificate_id)
    except TransportError as exc:
        if exc.permanent or self.request.retries >= self.max_retries:
            logger.error("Certificate %s: holder not notified: %s", certificate_id, exc)
            return
        raise self.retry(exc=exc)
