"""Report jobs (ask → render in Celery → download → expire), publishing the ranking, refreshing segments."""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import NO_PROVINCE, province_scope
from reports.exports import ReportSpec, render_report_pdf, write_csv, write_xlsx
from reports.models import (
    JobStatus,
    ProvinceRanking,
    ProvinceRankingRow,
    ReportJob,
    ReportKind,
    ReportScope,
)
from reports.ranking import WEIGHTS, ranking_compute
from smedx_portal.programmes import Programme
from smedx_portal.services import audit_log

EXTENSIONS = {ReportKind.PDF: "pdf", ReportKind.XLSX: "xlsx", ReportKind.CSV: "csv"}


def file_ttl() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "REPORTS_FILE_TTL_HOURS", 72))


def can_request(user, *, scope: str, province_id: int | None) -> bool:
    """Ministry staff ask for any report; a province officer only for their own province."""
    allowed = province_scope(user)
    if allowed is None:
        return True
    if allowed == NO_PROVINCE:
        return False
    return scope == ReportScope.PROVINCE and province_id == allowed


def _enqueue(job_id: int) -> None:
    from reports.tasks import render_report

    transaction.on_commit(lambda: render_report.delay(job_id))


@transaction.atomic
def report_job_request(
    *,
    requester,
    kind: str,
    scope: str,
    province=None,
    programme: str = Programme.SMEDX,
    period_from: datetime.date,
    period_to: datetime.date,
    grouping: str = "area",
) -> ReportJob:
    """Record a report request and queue its rendering once the transaction commits."""
    province_id = province.pk if province is not None else None
    if scope == ReportScope.NATIONAL:
        province, province_id = None, None
    if not can_request(requester, scope=scope, province_id=province_id):
        raise PermissionDenied
    job = ReportJob(
        requester=requester,
        kind=kind,
        scope=scope,
        province=province,
        programme=programme or Programme.SMEDX,  # every figure is per programme
        period_from=period_from,
        period_to=period_to,
        grouping=grouping,
    )
    job.full_clean()
    if scope == ReportScope.PROVINCE and province is None:
        raise ValidationError({"province": _("Chọn tỉnh/thành phố.")})
    job.save()
    _enqueue(job.pk)
    return job


@transaction.atomic
def report_job_retry(*, job: ReportJob, actor) -> ReportJob:
    """Queue a failed or expired report again (same parameters)."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if not job.can_retry:
        raise ValidationError(_("Chỉ có thể chạy lại báo cáo bị lỗi hoặc đã hết hạn."))
    if not can_request(actor, scope=job.scope, province_id=job.province_id):
        raise PermissionDenied
    job.status, job.error, job.progress = JobStatus.QUEUED, "", 0
    job.started_at = job.finished_at = job.expires_at = None
    job.save(update_fields=["status", "error", "progress", "started_at", "finished_at", "expires_at"])
    _enqueue(job.pk)
    return job


def _set_progress(job_id: int, percent: int) -> None:
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(progress=min(99, max(0, percent)))


def report_job_run(*, job_id: int) -> ReportJob | None:
    """Render a job's file. Idempotent: a finished job (e.g. a redelivered task) is left alone.

    Exceptions propagate to the task, which retries a bounded number of times and then calls
    `report_job_fail`.
    """
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().select_related("requester").filter(pk=job_id).first()
        if job is None or job.status not in {JobStatus.QUEUED, JobStatus.RUNNING}:
            return job
        job.status, job.progress, job.attempts = JobStatus.RUNNING, 5, job.attempts + 1
        job.started_at = timezone.now()
        job.save(update_fields=["status", "progress", "attempts", "started_at"])

    spec = ReportSpec.of(job)
    extension = EXTENSIONS[ReportKind(job.kind)]
    progress = lambda percent: _set_progress(job.pk, percent)  # noqa: E731
    name = f"bao-cao-{job.province_id or 'toan-quoc'}-{job.period_from:%Y%m%d}-{job.period_to:%Y%m%d}-{job.pk}.{extension}"
    rows = None
    language = getattr(job.requester, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if job.kind == ReportKind.PDF:
            path.write_bytes(render_report_pdf(spec, progress))
        elif job.kind == ReportKind.XLSX:
            rows = write_xlsx(path, spec, progress)
        else:
            rows = write_csv(path, spec, progress)
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            if job.file:
                job.file.delete(save=False)
            with open(path, "rb") as handle:
                job.file.save(name, File(handle), save=False)
            job.file_size = os.path.getsize(path)
            job.rows = rows
            job.status, job.progress, job.error = JobStatus.DONE, 100, ""
            job.finished_at = timezone.now()
            job.expires_at = job.finished_at + file_ttl()
            job.save(
                update_fields=[
                    "file",
                    "file_size",
                    "rows",
                    "status",
                    "progress",
                    "error",
                    "finished_at",
                    "expires_at",
                ]
            )
    return job


def report_job_note_retry(*, job_id: int, error: str) -> None:
    """A failed attempt that will be retried: back in the queue, with the error kept for the page."""
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED, error=error[:2000], progress=0
    )


def report_job_fail(*, job_id: int, error: str) -> None:
    """The last attempt failed: record the error; the user may retry from the page."""
    ReportJob.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def report_files_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of reports past their expiry; returns how many were expired."""
    now = now or timezone.now()
    expired = 0
    for job in ReportJob.objects.filter(status=JobStatus.DONE, expires_at__lte=now).iterator():
        if job.file:
            job.file.delete(save=False)
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.EXPIRED, file="", file_size=None)
        expired += 1
    return expired


# --- ranking ---------------------------------------------------------------------------------------------
@transaction.atomic
def ranking_publish(*, year: int, programme: str, actor, note: str = "") -> ProvinceRanking:
    """Compute the ranking of `programme` for `year` and publish it as a snapshot (ministry staff;
    audit-logged)."""
    if province_scope(actor) is not None:
        raise PermissionDenied
    if year > timezone.localdate().year or year < 2021:
        raise ValidationError(_("Năm xếp hạng không hợp lệ."))
    ranking = ProvinceRanking(
        year=year,
        programme=programme,
        published_by=actor,
        weights={name: str(value) for name, value in WEIGHTS.items()},
        note=note,
    )
    ranking.full_clean()
    ranking.save()
    ProvinceRankingRow.objects.bulk_create(
        ProvinceRankingRow(
            ranking=ranking,
            province_id=item.province_id,
            rank=item.rank,
            group=item.group,
            registered=item.registered,
            surveyed=item.surveyed,
            surveyed_share=item.surveyed_share,
            submissions=item.submissions,
            average_level=item.average_level,
            previous_average=item.previous_average,
            progress=item.progress,
            score=item.score,
        )
        for item in ranking_compute(year, programme)
    )
    audit_log(
        actor=actor,
        obj=ranking,
        action="ranking_publish",
        reason=note,
        data={"year": year, "programme": programme},
    )
    return ranking
