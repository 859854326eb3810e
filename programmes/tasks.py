"""Thin Celery tasks: ids in, a service called."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def check_progress() -> dict:
    from programmes.services.monitoring import progress_check

    return progress_check()


@shared_task(acks_late=True, ignore_result=True, max_retries=3, default_retry_delay=300)
def notify_progress_alert(alert_id: int) -> int:
    from programmes.services.monitoring import progress_alert_notify

    return progress_alert_notify(alert_id=alert_id)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def render_plan_decision(self, decision_id: int) -> None:
    from programmes.services.documents import decision_attach_plan_pdf

    try:
        decision_attach_plan_pdf(decision_id=decision_id)
    except OSError as exc:
        raise self.retry(exc=exc) from exc
