from celery import shared_task

from privacy.services import data_requests_alert_overdue


@shared_task(acks_late=True, max_retries=3)
def alert_overdue_requests() -> int:
    """Hourly (beat): alert staff once for each personal-data request past its legal deadline."""
    return data_requests_alert_overdue()
