"""Policy consultations: staff open one on a draft, providers and associations comment on each question, staff
answer and publish the summary (then the consultation, the summary and the answered comments are public)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from platforms.models import Provider
from programmes import access
from programmes.models import Consultation, ConsultationQuestion, ConsultationState, PolicyComment
from smedx_portal.services import audit_log

COMMENTER_ROLES = (Role.PROVIDER, Role.PARTNER)
MAX_QUESTIONS = 20


def can_manage(user, programme: str) -> bool:
    """Open, answer and publish: ministry staff, and MoIT staff for RDX."""
    return access.can_review(user, programme)


def can_comment(user) -> bool:
    """Providers (the platforms' accounts) and associations (the partner role)."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.role in COMMENTER_ROLES


def visible_consultations(user) -> QuerySet[Consultation]:
    """Staff: every consultation of their programmes; providers and associations: those opened; everyone else
    (and everyone, for the other programme): the published ones."""
    condition = Q(summary_published_at__isnull=False)
    if access.is_national(user):
        condition |= Q(programme__in=access.programmes_for(user))
    elif can_comment(user):
        condition |= Q(opens_on__lte=timezone.localdate())
    return Consultation.objects.filter(condition)


def visible_comments(user, consultation: Consultation) -> QuerySet[PolicyComment]:
    """Staff of the programme: all; once published, the answered ones for everyone; a commenter: their own."""
    comments = PolicyComment.objects.filter(question__consultation=consultation).select_related(
        "question", "answered_by"
    )
    if can_manage(user, consultation.programme):
        return comments
    condition = Q(pk__in=[])
    if consultation.summary_published_at is not None:
        condition |= ~Q(answer="")
    if can_comment(user):
        condition |= Q(author=user)
    return comments.filter(condition)


def default_organisation(user) -> str:
    """A provider comments in its company's name; an association types its own (its account's name first)."""
    provider = Provider.objects.filter(owner=user).only("name").first()
    return provider.name if provider is not None else (user.full_name or "")


def _require_manager(actor: Any, programme: str) -> None:
    if not can_manage(actor, programme):
        raise PermissionDenied


@transaction.atomic
def consultation_open(
    *,
    actor: Any,
    programme: str,
    title: str,
    document: File,
    opens_on: datetime.date,
    closes_on: datetime.date,
    questions: list[str],
    description: str = "",
) -> Consultation:
    _require_manager(actor, programme)
    errors: dict[str, list[str]] = {}
    questions = [text.strip() for text in questions if text.strip()]
    if not questions:
        errors["questions"] = [_("Cần ít nhất một câu hỏi lấy ý kiến.")]
    elif len(questions) > MAX_QUESTIONS:
        errors["questions"] = [_("Tối đa %(count)d câu hỏi.") % {"count": MAX_QUESTIONS}]
    if closes_on < opens_on:
        errors["closes_on"] = [_("Hạn góp ý phải sau ngày mở góp ý.")]
    elif closes_on < timezone.localdate():
        errors["closes_on"] = [_("Hạn góp ý không được ở quá khứ.")]
    if errors:
        raise ValidationError(errors)
    consultation = Consultation(
        programme=programme,
        title=title,
        description=description,
        document=document,
        opens_on=opens_on,
        closes_on=closes_on,
        opened_by=actor,
    )
    consultation.full_clean()
    consultation.save()
    ConsultationQuestion.objects.bulk_create(
        ConsultationQuestion(consultation=consultation, position=index, text=text)
        for index, text in enumerate(questions, start=1)
    )
    audit_log(
        actor=actor,
        obj=consultation,
        action="consultation.open",
        data={"questions": len(questions), "closes_on": closes_on.isoformat()},
    )
    return consultation


def _refuse_unless_open(consultation: Consultation) -> None:
    state = consultation.state
    if state == ConsultationState.UPCOMING:
        raise ValidationError(
            _("Đợt lấy ý kiến mở từ ngày %(date)s.") % {"date": date_format(consultation.opens_on, "d/m/Y")}
        )
    if state != ConsultationState.OPEN:
        raise ValidationError(
            _("Đợt lấy ý kiến đã kết thúc ngày %(date)s; không nhận thêm góp ý.")
            % {"date": date_format(consultation.closes_on, "d/m/Y")}
        )


@transaction.atomic
def comment_submit(
    *, actor: Any, question: ConsultationQuestion, body: str, organisation: str = ""
) -> PolicyComment:
    """A provider or an association comments on one question while the consultation is open (once each)."""
    if not can_comment(actor):
        raise PermissionDenied(_("Chỉ nhà cung cấp nền tảng và hiệp hội, đối tác được góp ý chính sách."))
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    _refuse_unless_open(consultation)
    body, organisation = body.strip(), organisation.strip() or default_organisation(actor)
    if not body:
        raise ValidationError({"body": [_("Hãy nhập ý kiến trước khi gửi.")]})
    if not organisation:
        raise ValidationError({"organisation": [_("Hãy nêu tên đơn vị góp ý.")]})
    duplicate = ValidationError(_("Bạn đã góp ý câu hỏi này; mỗi đơn vị gửi một ý kiến cho mỗi câu hỏi."))
    if PolicyComment.objects.filter(question=question, author=actor).exists():
        raise duplicate
    comment = PolicyComment(question=question, author=actor, body=body, organisation=organisation)
    comment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError as error:  # a double submit that raced the check
        raise duplicate from error
    return comment


@transaction.atomic
def comment_answer(*, actor: Any, comment: PolicyComment, answer: str) -> PolicyComment:
    """Staff answer a comment (or correct their answer) until the summary is published."""
    comment = (
        PolicyComment.objects.select_related("question__consultation").select_for_update().get(pk=comment.pk)
    )
    consultation = comment.question.consultation
    _require_manager(actor, consultation.programme)
    if consultation.summary_published_at is not None:
        raise ValidationError(_("Tổng hợp đã công bố; không sửa câu trả lời được nữa."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": [_("Hãy nhập câu trả lời.")]})
    comment.answer, comment.answered_by, comment.answered_at = answer, actor, timezone.now()
    comment.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_log(actor=actor, obj=comment, action="policy_comment.answer")
    return comment


@transaction.atomic
def summary_publish(*, actor: Any, consultation: Consultation, summary: str) -> Consultation:
    """Publish the summary: the consultation ends (no more comments) and becomes public with the answered
    comments. Once only."""
    _require_manager(actor, consultation.programme)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.summary_published_at is not None:
        raise ValidationError(_("Tổng hợp ý kiến đã được công bố."))
    if consultation.state == ConsultationState.UPCOMING:
        raise ValidationError(_("Đợt lấy ý kiến chưa mở."))
    summary = summary.strip()
    if not summary:
        raise ValidationError({"summary": [_("Hãy viết tổng hợp ý kiến.")]})
    today = timezone.localdate()
    consultation.summary = summary
    consultation.summary_published_at = timezone.now()
    consultation.summary_published_by = actor
    consultation.closes_on = min(consultation.closes_on, today)
    consultation.save(update_fields=["summary", "summary_published_at", "summary_published_by", "closes_on"])
    answered = PolicyComment.objects.filter(question__consultation=consultation).exclude(answer="").count()
    audit_log(actor=actor, obj=consultation, action="consultation.publish", data={"answered": answered})
    return consultation
