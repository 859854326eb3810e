import logging

from celery import shared_task

from smedx_portal.sms import TransportError

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def notify_provider_of_usage(self, registration_id: int) -> None:
    """Tell the provider a business registered to use its platform (SMS, and email when set)."""
    from platforms.services.usage import usage_notify_provider

    try:
        usage_notify_provider(registration_id)
    except TransportError as exc:
        if exc.permanent or self.request.retries >= self.max_retries:
            logger.error("Provider not notified of usage registration %s: %s", registration_id, exc)
            return
        raise self.retry(exc=exc)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def notify_owner_of_answer(self, registration_id: int) -> None:
    """Tell the business by SMS that the provider answered its usage registration (once)."""
    from platforms.services.usage import usage_notify_owner

    try:
        usage_notify_owner(registration_id)
    except TransportError as exc:
        if exc.permanent or self.request.retries >= self.max_retries:
            logger.error("Business not told of the answer to usage registration %s: %s", registration_id, exc)
            return
        raise self.retry(exc=exc)


@shared_task(acks_late=True)
def notify_trial(trial_id: int, what: str) -> None:
    """Tell the other side of a trial what changed (an e-mail queued with its own retries, or an SMS)."""
    from platforms.services.trials import trial_notify

    trial_notify(trial_id=trial_id, what=what)


@shared_task(acks_late=True)
def agreements_expire_and_warn() -> dict:
    """Daily: expire agreements past their end, warn both sides 30 days ahead (once)."""
    from platforms.services.agreements import agreements_expire_and_warn as run

    return run()


@shared_task(acks_late=True)
def notify_delisted_businesses(review_id: int) -> int:
    """After a delisting: SMS to the consenting representatives of the businesses using the platform."""
    from platforms.services.review_notices import delisting_sms_send

    return delisting_sms_send(review_id)
