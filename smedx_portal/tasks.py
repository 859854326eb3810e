import logging
import smtplib

from celery import shared_task
from django.core.mail import send_mail

logger = logging.getLogger(__name__)
EMAIL_MAX_RETRIES = 3


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def render_certificate_pdf(self, certificate_id: int) -> None:
    from smedx_portal.certificates import certificate_render_pdf

    try:
        certificate_render_pdf(certificate_id)
    except OSError as exc:  # file storage hiccup: try again later
        raise self.retry(exc=exc)


@shared_task(bind=True, acks_late=True, max_retries=EMAIL_MAX_RETRIES, default_retry_delay=120)
def send_email(self, subject: str, body: str, recipients: list[str]) -> bool:
    """Send one e-mail; a failing mail server is retried `EMAIL_MAX_RETRIES` times, then logged and dropped."""
    try:
        send_mail(subject, body, None, recipients)
    except (OSError, smtplib.SMTPException) as exc:
        if self.request.retries >= self.max_retries:
            logger.error("E-mail %r to %s not sent: %s", subject, recipients, exc)
            return False
        raise self.retry(exc=exc)
    return True
