"""Thin Celery tasks: they take ids and call a service."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)

MAX_RETRIES = 2


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, default_retry_delay=30)
def render_report(self, job_id: int) -> None:
    """Render a report job; retried twice, then the failure is recorded on the job."""
    from reports.services import report_job_fail, report_job_note_retry, report_job_run

    try:
        report_job_run(job_id=job_id)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        logger.exception("Report job %s failed (attempt %s)", job_id, self.request.retries + 1)
        if self.request.retries < self.max_retries:
            report_job_note_retry(job_id=job_id, error=error)
            raise self.retry(exc=exc, countdown=30 * (self.request.retries + 1))
        report_job_fail(job_id=job_id, error=error)


@shared_task(acks_late=True)
def expire_report_files() -> int:
    from reports.services import report_files_expire

    return report_files_expire()


@shared_task(acks_late=True)
def refresh_segments() -> int:
    from reports.segments import segments_refresh

    return segments_refresh()


@shared_task(acks_late=True)
def recount_figures() -> int:
    """Recount this year's people reached and the trial results (`reports.ReachCount`, `TrialResultCount`),
    which the dashboards read; returns the people reached (both programmes)."""
    from django.utils import timezone

    from reports.reach import reach_refresh
    from reports.trial_counts import trial_counts_refresh

    trial_counts_refresh()
    reached = reach_refresh(year=timezone.localdate().year)
    return sum(reach.total for reach in reached.values())
