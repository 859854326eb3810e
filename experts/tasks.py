"""Thin Celery tasks: they take ids and call a service."""

from celery import shared_task

from smedx_portal.sms import TransportError


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def send_notification(self, event: str, object_id: int) -> None:
    from experts.notifications import notification_send

    try:
        notification_send(event=event, object_id=object_id)
    except TransportError as exc:
        if getattr(exc, "permanent", False):
            raise
        raise self.retry(exc=exc)


@shared_task(acks_late=True)
def expire_consultation_requests() -> int:
    from experts.services.consultations import consultation_requests_expire

    return len(consultation_requests_expire())
