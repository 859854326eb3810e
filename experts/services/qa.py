"""Public questions and answers: asking, answering, accepting, moderation, reports, the FAQ."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_ministry_staff
from experts.models import Answer, ContentReport, PostStatus, Question, ReportStatus
from experts.permissions import can_answer, can_moderate, is_verified_account
from experts.ratelimit import check_rate
from smedx_portal.services import audit_log
from smedx_portal.text import search_key


def _rate(user) -> None:
    if not is_ministry_staff(user):
        check_rate(key=f"post:{user.pk}", rate=settings.EXPERTS_POST_RATE)


def question_search_refresh(question: Question) -> None:
    """Keep the accent-insensitive search text and the answer count in step with the published answers."""
    answers = list(question.answers.filter(status=PostStatus.PUBLISHED).values_list("body", flat=True))
    Question.objects.filter(pk=question.pk).update(
        search_document=search_key(" ".join([question.title, question.body, *answers])),
        answer_count=len(answers),
    )


@transaction.atomic
def question_ask(*, author, title: str, body: str, topic: str, programme: str = "") -> Question:
    """Verified accounts publish at once; others wait for a moderator."""
    _rate(author)
    now = timezone.now()
    published = is_verified_account(author)
    question = Question(
        author=author,
        title=title.strip(),
        body=body.strip(),
        topic=topic,
        programme=programme,
        status=PostStatus.PUBLISHED if published else PostStatus.PENDING,
        published_at=now if published else None,
    )
    question.full_clean()
    question.save()
    question_search_refresh(question)
    return question


@transaction.atomic
def answer_post(*, question: Question, author, body: str) -> Answer:
    if not can_answer(author):
        raise PermissionDenied
    if question.status != PostStatus.PUBLISHED:
        raise ValidationError(_("Câu hỏi chưa được đăng hoặc đã bị ẩn."))
    _rate(author)
    published = is_verified_account(author)
    answer = Answer(
        question=question,
        author=author,
        body=body.strip(),
        status=PostStatus.PUBLISHED if published else PostStatus.PENDING,
        published_at=timezone.now() if published else None,
    )
    answer.full_clean()
    answer.save()
    question_search_refresh(question)
    return answer


@transaction.atomic
def answer_accept(*, answer: Answer, user) -> Question:
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if question.author_id != user.pk:
        raise PermissionDenied
    if answer.status != PostStatus.PUBLISHED:
        raise ValidationError(_("Chỉ chấp nhận câu trả lời đã được đăng."))
    question.accepted_answer = answer
    question.save(update_fields=["accepted_answer"])
    return question


def _post_kind(post) -> str:
    return "question" if isinstance(post, Question) else "answer"


@transaction.atomic
def post_approve(*, post: Question | Answer, actor) -> Question | Answer:
    if not is_ministry_staff(actor):
        raise PermissionDenied
    post = type(post).objects.select_for_update().get(pk=post.pk)
    post.status = PostStatus.PUBLISHED
    post.published_at = post.published_at or timezone.now()
    post.hidden_reason, post.hidden_by, post.hidden_at = "", None, None
    post.save(update_fields=["status", "published_at", "hidden_reason", "hidden_by", "hidden_at"])
    audit_log(actor=actor, obj=post, action=f"{_post_kind(post)}.approve")
    question_search_refresh(post if isinstance(post, Question) else post.question)
    return post


@transaction.atomic
def post_hide(*, post: Question | Answer, actor, reason: str) -> Question | Answer:
    """Hide with a reason (staff and certified experts). The post is kept, visible to staff with the reason."""
    if not can_moderate(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Cần nêu lý do ẩn nội dung.")})
    post = type(post).objects.select_for_update().get(pk=post.pk)
    post.status = PostStatus.HIDDEN
    post.hidden_reason, post.hidden_by, post.hidden_at = reason.strip(), actor, timezone.now()
    post.save(update_fields=["status", "hidden_reason", "hidden_by", "hidden_at"])
    audit_log(actor=actor, obj=post, action=f"{_post_kind(post)}.hide", reason=reason)
    question_search_refresh(post if isinstance(post, Question) else post.question)
    return post


@transaction.atomic
def post_report(*, post: Question | Answer, reporter, reason: str, about_platform=None) -> ContentReport:
    """A report of a post; naming a platform makes it a complaint the platform's periodic review counts."""
    if not getattr(reporter, "is_authenticated", False):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Cần nêu lý do báo cáo.")})
    _rate(reporter)
    target = {"question": post} if isinstance(post, Question) else {"answer": post}
    if ContentReport.objects.filter(reporter=reporter, **target).exists():
        raise ValidationError(_("Bạn đã báo cáo nội dung này."))
    report = ContentReport(reporter=reporter, reason=reason.strip(), about_platform=about_platform, **target)
    report.full_clean(validate_constraints=False)
    report.save()
    return report


@transaction.atomic
def report_resolve(*, report: ContentReport, actor, note: str = "") -> ContentReport:
    if not is_ministry_staff(actor):
        raise PermissionDenied
    report = ContentReport.objects.select_for_update().get(pk=report.pk)
    report.status, report.resolved_by, report.resolved_at = ReportStatus.RESOLVED, actor, timezone.now()
    report.save(update_fields=["status", "resolved_by", "resolved_at"])
    audit_log(actor=actor, obj=report, action="report.resolve", reason=note)
    return report


@transaction.atomic
def question_set_faq(*, question: Question, actor, is_faq: bool) -> Question:
    """Staff promote a good question to the FAQ page (or take it off)."""
    if not is_ministry_staff(actor):
        raise PermissionDenied
    question = Question.objects.select_for_update().get(pk=question.pk)
    if is_faq and question.status != PostStatus.PUBLISHED:
        raise ValidationError(_("Chỉ đưa câu hỏi đã đăng vào trang câu hỏi thường gặp."))
    question.is_faq = is_faq
    question.save(update_fields=["is_faq"])
    audit_log(actor=actor, obj=question, action="question.faq" if is_faq else "question.unfaq")
    return question
