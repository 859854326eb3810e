"""Public questions and answers, the FAQ page, moderation and reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import is_ministry_staff
from experts.forms import (
    AnswerForm,
    QuestionForm,
    QuestionSearchForm,
    ReasonForm,
    ReportForm,
    complaint_platforms,
)
from experts.models import Answer, PostStatus, Question, QuestionTopic
from experts.permissions import can_answer, can_moderate
from experts.ratelimit import RateLimited
from experts.services import qa as services
from experts.views._helpers import error_text, paginate
from smedx_portal.text import search_key


@require_GET
def question_list(request):
    form = QuestionSearchForm(request.GET or None)
    questions = Question.objects.published().select_related("author").order_by("-published_at", "-id")
    if form.is_valid():
        for word in search_key(form.cleaned_data["q"]).split():
            questions = questions.filter(search_document__contains=word)
        if form.cleaned_data["topic"]:
            questions = questions.filter(topic=form.cleaned_data["topic"])
        if form.cleaned_data["programme"]:
            questions = questions.filter(programme=form.cleaned_data["programme"])
    return render(request, "experts/question_list.html", {"form": form, "page": paginate(request, questions)})


@require_GET
def faq(request):
    published = Answer.objects.published().select_related("author").order_by("created_at", "id")
    questions = (
        Question.objects.published()
        .filter(is_faq=True)
        .prefetch_related(Prefetch("answers", queryset=published, to_attr="published_answers"))
        .order_by("topic", "-published_at")
    )
    order = {code: index for index, code in enumerate(QuestionTopic.values)}
    groups: dict[str, list] = {}
    for question in sorted(questions, key=lambda q: order.get(q.topic, 99)):
        answers = question.published_answers
        question.best_answer = next((a for a in answers if a.pk == question.accepted_answer_id), None) or (
            answers[0] if answers else None
        )
        groups.setdefault(question.get_topic_display(), []).append(question)
    return render(request, "experts/faq.html", {"groups": groups})


@require_GET
def question_detail(request, pk: int):
    question = get_object_or_404(Question.objects.visible_to(request.user).select_related("author"), pk=pk)
    answers = Answer.objects.visible_to(request.user).filter(question=question).select_related("author")
    signed_in = request.user.is_authenticated
    return render(
        request,
        "experts/question_detail.html",
        {
            "question": question,
            "answers": answers,
            "answer_form": AnswerForm()
            if can_answer(request.user) and question.status == PostStatus.PUBLISHED
            else None,
            "can_moderate": can_moderate(request.user),
            "is_staff": is_ministry_staff(request.user),
            "is_asker": signed_in and question.author_id == request.user.pk,
            "reason_form": ReasonForm(),
            "report_platforms": list(complaint_platforms().values_list("pk", "name")) if signed_in else [],
        },
    )


@login_required
def question_ask(request):
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(author=request.user, **form.cleaned_data)
            if question.status == PostStatus.PUBLISHED:
                messages.success(request, _("Câu hỏi của bạn đã được đăng."))
            else:
                messages.info(
                    request, _("Câu hỏi của bạn đang chờ cán bộ duyệt trước khi hiển thị công khai.")
                )
            return redirect(question)
        except ValidationError as error:
            form.add_error(None, error)
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
    return render(request, "experts/question_form.html", {"form": form}, status=status)


@login_required
@require_POST
def answer_create(request, pk: int):
    question = get_object_or_404(Question.objects.visible_to(request.user), pk=pk)
    if not can_answer(request.user):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_post(question=question, author=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Đã đăng câu trả lời."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        except RateLimited as error:
            return render(
                request,
                "experts/rate_limited.html",
                {"back": question.get_absolute_url(), "message": str(error)},
                status=429,
            )
    return redirect(question)


@login_required
@require_POST
def answer_accept(request, pk: int):
    answer = get_object_or_404(Answer.objects.visible_to(request.user).select_related("question"), pk=pk)
    try:
        services.answer_accept(answer=answer, user=request.user)
        messages.success(request, _("Đã chọn câu trả lời được chấp nhận."))
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(answer.question)


POST_KINDS = {"cau-hoi": Question, "tra-loi": Answer}


def _post_or_404(request, kind: str, pk: int):
    model = POST_KINDS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.visible_to(request.user), pk=pk)


def _question_of(post) -> Question:
    return post if isinstance(post, Question) else post.question


@login_required
@require_POST
def post_hide(request, kind: str, pk: int):
    post = _post_or_404(request, kind, pk)
    if not can_moderate(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if form.is_valid():
        services.post_hide(post=post, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Đã ẩn nội dung. Cán bộ vẫn xem được nội dung và lý do."))
    else:
        messages.error(request, _("Cần nêu lý do ẩn nội dung."))
    question = _question_of(post)
    if isinstance(post, Question) and not is_ministry_staff(request.user):
        return redirect("experts:questions")
    return redirect(question)


@login_required
@require_POST
def post_report(request, kind: str, pk: int):
    post = _post_or_404(request, kind, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        if "reason" in form.errors:
            messages.error(request, _("Cần nêu lý do báo cáo."))
        else:
            messages.error(request, " ".join(form.errors["about_platform"]))
        return redirect(_question_of(post))
    try:
        services.post_report(
            post=post,
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            about_platform=form.cleaned_data["about_platform"],
        )
        messages.success(request, _("Cảm ơn bạn. Cán bộ sẽ xem xét báo cáo."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    except RateLimited as error:
        return render(
            request,
            "experts/rate_limited.html",
            {"back": _question_of(post).get_absolute_url(), "message": str(error)},
            status=429,
        )
    return redirect(_question_of(post))
