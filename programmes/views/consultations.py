"""Policy consultations: the list (what the signed-in person may see), opening one, one consultation with its
questions and comments, commenting, answering, publishing the summary, the draft document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from programmes import access
from programmes.forms import AnswerForm, ConsultationForm, PolicyCommentForm, SummaryForm
from programmes.models import Consultation, ConsultationQuestion, ConsultationState, PolicyComment
from programmes.services import consultations as services
from programmes.views.common import error_messages
from smedx_portal.programmes import short_name

PAGE_SIZE = 20


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _managed(user) -> list[tuple[str, str]]:
    return [
        (code, short_name(code)) for code in access.programmes_for(user) if services.can_manage(user, code)
    ]


def consultation_list(request):
    consultations = services.visible_consultations(request.user).prefetch_related("questions")
    return render(
        request,
        "programmes/consultation_list.html",
        {
            "page": _page(request, consultations),
            "can_open": bool(_managed(request.user)),
            "can_comment": services.can_comment(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request):
    programmes = _managed(request.user)
    if not programmes:
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, request.FILES or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, items in error_messages(error).items():
                form.add_error(name if name in form.fields else None, items)
        else:
            messages.success(request, _("Đã mở đợt lấy ý kiến."))
            return redirect(consultation)
    return render(
        request, "programmes/consultation_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _consultation_or_404(request, pk: int) -> Consultation:
    return get_object_or_404(
        services.visible_consultations(request.user).select_related("opened_by", "summary_published_by"),
        pk=pk,
    )


def consultation_detail(request, pk: int, *, forms: dict | None = None, status: int = 200):
    consultation = _consultation_or_404(request, pk)
    manager = services.can_manage(request.user, consultation.programme)
    commenter = services.can_comment(request.user)
    comments = services.visible_comments(request.user, consultation)
    questions = list(consultation.questions.all())
    mine = {comment.question_id: comment for comment in comments if comment.author_id == request.user.pk}
    is_open = consultation.state == ConsultationState.OPEN
    forms = forms or {}
    for question in questions:
        question.mine = mine.get(question.pk)
        if commenter and is_open and question.mine is None:
            question.form = forms.get(question.pk) or PolicyCommentForm(
                prefix=f"q{question.pk}",
                initial={"organisation": services.default_organisation(request.user)},
            )
    public_or_staff = manager or consultation.state == ConsultationState.PUBLISHED
    return render(
        request,
        "programmes/consultation_detail.html",
        {
            "consultation": consultation,
            "questions": questions,
            "manager": manager,
            "commenter": commenter,
            "is_open": is_open,
            "page": _page(request, comments) if public_or_staff else None,
            "answer_form": AnswerForm() if manager else None,
            "summary_form": forms.get("summary")
            or (SummaryForm() if manager and consultation.summary_published_at is None else None),
        },
        status=status,
    )


@login_required
@require_POST
def comment_create(request, pk: int, question: int):
    if not services.can_comment(request.user):
        raise PermissionDenied(_("Chỉ nhà cung cấp nền tảng và hiệp hội, đối tác được góp ý chính sách."))
    consultation = _consultation_or_404(request, pk)
    question = get_object_or_404(ConsultationQuestion, pk=question, consultation=consultation)
    form = PolicyCommentForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            services.comment_submit(actor=request.user, question=question, **form.cleaned_data)
        except ValidationError as error:
            for name, items in error_messages(error).items():
                form.add_error(name if name in form.fields else None, items)
        else:
            messages.success(
                request, _("Đã gửi góp ý cho câu hỏi %(number)s.") % {"number": question.position}
            )
            return redirect(consultation)
    for message in form.non_field_errors():
        messages.error(request, message)
    return consultation_detail(request, pk, forms={question.pk: form}, status=400)


@login_required
@require_POST
def comment_answer(request, pk: int):
    comment = get_object_or_404(PolicyComment.objects.select_related("question__consultation"), pk=pk)
    consultation = comment.question.consultation
    if not services.can_manage(request.user, consultation.programme):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Hãy nhập câu trả lời."))
        services.comment_answer(actor=request.user, comment=comment, answer=form.cleaned_data["answer"])
    except ValidationError as error:
        for items in error_messages(error).values():
            for message in items:
                messages.error(request, message)
    else:
        messages.success(
            request, _("Đã trả lời ý kiến của %(organisation)s.") % {"organisation": comment.organisation}
        )
    return redirect(f"{consultation.get_absolute_url()}#y-kien-{comment.pk}")


@login_required
@require_POST
def summary_publish(request, pk: int):
    consultation = _consultation_or_404(request, pk)
    if not services.can_manage(request.user, consultation.programme):
        raise PermissionDenied
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.summary_publish(actor=request.user, consultation=consultation, **form.cleaned_data)
        except ValidationError as error:
            for name, items in error_messages(error).items():
                form.add_error(name if name in form.fields else None, items)
        else:
            messages.success(request, _("Đã công bố tổng hợp ý kiến."))
            return redirect(consultation)
    for message in form.non_field_errors():
        messages.error(request, message)
    return consultation_detail(request, pk, forms={"summary": form}, status=400)


def consultation_document(request, pk: int):
    consultation = _consultation_or_404(request, pk)
    if not consultation.document:
        raise Http404
    return FileResponse(consultation.document.open("rb"), content_type="application/pdf")
