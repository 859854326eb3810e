"""Thin Celery tasks: they take ids and call a service. Sending tasks are idempotent (acks_late)."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, acks_late=True, ignore_result=True)
def send_campaign_batch(self, campaign_id: int, seq: int) -> dict:
    """One batch of a campaign, then the next one queued at the pace the service asks for."""
    from campaigns.services.sending import campaign_send_batch

    result = campaign_send_batch(campaign_id=campaign_id, seq=seq)
    if self.request.is_eager:
        # Inline mode (no broker: development, most tests): run the paced batches in a loop, no waiting and
        # no recursion; a campaign waiting for the morning or a retry stays "sending" until a worker runs.
        while result.continues and result.reason == "pace":
            result = campaign_send_batch(campaign_id=campaign_id, seq=result.next_seq)
    elif result.continues:
        send_campaign_batch.apply_async((campaign_id, result.next_seq), eta=result.next_at)
    return {"reason": result.reason, "next_seq": result.next_seq}


@shared_task(acks_late=True, ignore_result=True)
def start_scheduled_campaign(campaign_id: int) -> None:
    from campaigns.services.campaigns import campaign_start_scheduled

    campaign_start_scheduled(campaign_id=campaign_id)


@shared_task(ignore_result=True)
def dispatch_campaigns() -> dict:
    from campaigns.services.campaigns import campaigns_dispatch

    return campaigns_dispatch()


@shared_task(acks_late=True, ignore_result=True)
def send_event_reminders() -> int:
    from campaigns.services.events import events_send_reminders

    return events_send_reminders()


@shared_task(acks_late=True, ignore_result=True)
def notify_registration(registration_id: int, what: str) -> None:
    from campaigns.services.events import registration_notify

    registration_notify(registration_id=registration_id, what=what)


@shared_task(ignore_result=True)
def publish_due_articles() -> int:
    from campaigns.services.content import articles_publish_due

    return articles_publish_due()


@shared_task(ignore_result=True)
def propose_honours() -> int:
    from campaigns.services.honours import honours_propose_due

    return honours_propose_due()
