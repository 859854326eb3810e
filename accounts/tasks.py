from celery import shared_task

from smedx_portal.sms import TransportError


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=5)
def deliver_phone_challenge(self, challenge_id: int) -> bool:
    """Send the one-time code (or notice) of a PhoneChallenge. Transient gateway failures are retried quickly:
    a code lives only a few minutes, and `otp_deliver` skips a challenge that has expired meanwhile."""
    from accounts.services import otp_deliver

    try:
        return otp_deliver(challenge_id=challenge_id)
    except TransportError as exc:
        if exc.permanent:
            return False
        raise self.retry(exc=exc)


@shared_task
def prune_phone_challenges() -> int:
    from django.conf import settings

    from accounts.services import otp_prune

    return otp_prune(older_than_days=settings.OTP_KEEP_DAYS)
