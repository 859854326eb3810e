"""Fills the owner's home (`businesses.home`) per business and programme: the latest result and its version,
the certificate (or that it waits for an officer's confirmation), the DX plan and the next step. Four
queries for the whole page whatever the number of businesses."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from assessment.models import Assessment, AssessmentStatus, DxPlan, DxPlanStep, VerificationStatus
from assessment.timeline import scale_label, version_label
from businesses.home import NextStep, ProgrammeRow
from smedx_portal.models import Certificate, CertificateKind


def _latest_assessments(business_ids: list[int]) -> dict[tuple[int, str, str], Assessment]:
    """The newest draft and the newest submission of each business per programme (legacy versions, taken only
    to compare, left out)."""
    rows = (
        Assessment.objects.filter(business_id__in=business_ids, criteria_set__is_legacy=False)
        .select_related("criteria_set", "verification")
        .order_by("business_id", "programme", "status", "-submitted_at", "-created_at")
    )
    latest: dict[tuple[int, str, str], Assessment] = {}
    for row in rows:  # newest first in each group (DISTINCT ON would be PostgreSQL's alone)
        latest.setdefault((row.business_id, row.programme, row.status), row)
    return latest


def _certificates(assessments: list[Assessment]) -> dict[int, Certificate]:
    """The newest DX-level certificate of each assessment (whatever its status: a revoked one is shown so)."""
    if not assessments:
        return {}
    found: dict[int, Certificate] = {}
    for certificate in Certificate.objects.filter(
        kind=CertificateKind.BUSINESS_LEVEL,
        content_type=ContentType.objects.get_for_model(Assessment),
        object_id__in=[str(assessment.pk) for assessment in assessments],
    ).order_by("-issued_at"):
        found.setdefault(int(certificate.object_id), certificate)
    return found


def _plans(business_ids: list[int]) -> dict[tuple[int, str], DxPlan]:
    next_step = DxPlanStep.objects.filter(plan=OuterRef("pk"), done_at__isnull=True).order_by("position")
    plans = DxPlan.objects.filter(business_id__in=business_ids).annotate(
        step_count=Count("steps"),
        done_count=Count("steps", filter=Q(steps__done_at__isnull=False)),
        next_title=Subquery(next_step.values("title")[:1]),
    )
    return {(plan.business_id, plan.programme): plan for plan in plans}


def _start(row: ProgrammeRow, label: str) -> NextStep:
    return NextStep(
        label=label,
        url=reverse("assessment:start"),
        post={"business": str(row.business.pk), "programme": row.programme},
    )


def _certificate_state(row: ProgrammeRow, submitted: Assessment, certificate: Certificate | None) -> None:
    verification = getattr(submitted, "verification", None)
    if (
        certificate is not None
        and verification is not None
        and verification.status == VerificationStatus.VERIFIED
    ):
        row.certificate_number = certificate.number
        row.certificate_url = certificate.get_absolute_url()
        row.certificate_state = certificate.get_effective_status_display()
    elif verification is not None and verification.status == VerificationStatus.REJECTED:
        row.certificate_state = _("Kết quả không được xác nhận: %(reason)s") % {"reason": verification.reason}
    elif verification is not None:
        row.certificate_state = _("Đã xác nhận, giấy chứng nhận đang được tạo")
    else:
        row.certificate_state = _("Chờ cán bộ xác nhận kết quả")
        row.awaiting_confirmation = True


def _next_step(row: ProgrammeRow, draft, submitted, plan) -> NextStep:
    if draft is not None and (submitted is None or draft.created_at > submitted.submitted_at):
        return NextStep(
            label=_("Làm tiếp bài đánh giá đang dở"), url=reverse("assessment:resume", args=[draft.pk])
        )
    if submitted is None:  # the survey's landing page first: what it asks, how long it takes, which criteria
        return NextStep(label=_("Đánh giá mức độ chuyển đổi số"), url=reverse("assessment:home"))
    if plan is None:
        return NextStep(
            label=_("Lập kế hoạch chuyển đổi số từ kết quả"),
            url=reverse("assessment:plan_make", args=[submitted.pk]),
            post={},
        )
    if plan.next_title:
        # the page already says "Bước tiếp theo:" above the button: the button names the step itself
        return NextStep(label=plan.next_title, url=row.plan_url)
    return _start(row, _("Đánh giá lại để ghi nhận tiến bộ"))


def fill_owner_rows(rows: list[ProgrammeRow]) -> None:
    """Registered with `businesses.home` in `AssessmentConfig.ready()`."""
    business_ids = sorted({row.business.pk for row in rows})
    if not business_ids:
        return
    latest = _latest_assessments(business_ids)
    certificates = _certificates(
        [a for (_b, _p, status), a in latest.items() if status == AssessmentStatus.SUBMITTED]
    )
    plans = _plans(business_ids)
    for row in rows:
        key = (row.business.pk, row.programme)
        submitted = latest.get((*key, AssessmentStatus.SUBMITTED))
        draft = latest.get((*key, AssessmentStatus.DRAFT))
        plan = plans.get(key)
        if submitted is not None:
            row.result_url = reverse("assessment:result", args=[submitted.pk])
            row.version_label = version_label(submitted.criteria_set)
            row.is_trial = submitted.criteria_set.is_trial
            row.scale_label = scale_label(submitted)
            _certificate_state(row, submitted, certificates.get(submitted.pk))
        if plan is not None:
            row.plan_url = reverse(
                "assessment:plan", kwargs={"business": row.business.pk, "programme": row.programme}
            )
            row.plan_progress = _("%(done)s/%(total)s bước đã xong") % {
                "done": plan.done_count,
                "total": plan.step_count,
            }
        row.next_step = _next_step(row, draft, submitted, plan)
