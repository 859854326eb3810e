"""Periodic reviews: staff open a cycle, read each platform's facts and decide (keep, warn, delist) with a reason,
then answer appeals; the provider reads the decision and appeals; businesses read the delisting notices.

Staff pages are for ministry staff (both programmes) and MoIT staff (RDX): others get 403, and a cycle of a
programme the user doesn't review is 404. A provider sees only its own platforms' decisions (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from platforms import services
from platforms.models import Appeal, DelistingNotice, PlatformReview, ReviewCycle
from platforms.review_forms import AppealAnswerForm, AppealForm, CycleForm, DecisionForm
from platforms.services.review_facts import LEAD_ANSWER_DAYS
from platforms.services.reviews import review_programmes
from platforms.views.common import _error_text, _page


def _reviewer_programmes(request) -> tuple[str, ...]:
    programmes = review_programmes(request.user)
    if not programmes:
        raise PermissionDenied
    return programmes


def _staff_review_or_404(request, pk: int) -> PlatformReview:
    return get_object_or_404(
        PlatformReview.objects.filter(cycle__programme__in=_reviewer_programmes(request)).select_related(
            "cycle", "listing__group", "listing__platform__provider", "decided_by", "appeal"
        ),
        pk=pk,
    )


@login_required
@require_GET
def review_cycles(request):
    cycles = (
        ReviewCycle.objects.for_programmes(_reviewer_programmes(request))
        .annotate(
            platform_count=Count("reviews"),
            undecided=Count("reviews", filter=Q(reviews__outcome="")),
            delisted=Count("reviews", filter=Q(reviews__outcome="delist")),
            appeals=Count("reviews__appeal", filter=Q(reviews__appeal__status="pending")),
        )
        .select_related("opened_by")
        .order_by("-period_end", "-pk")
    )
    return render(request, "platforms/reviews/cycles.html", {"page": _page(request, cycles)})


@login_required
@require_http_methods(["GET", "POST"])
def review_cycle_new(request):
    programmes = _reviewer_programmes(request)
    form = CycleForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.review_cycle_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("Đã mở kỳ rà soát với %(count)d nền tảng.") % {"count": cycle.reviews.count()},
            )
            return redirect(cycle)
    return render(request, "platforms/reviews/cycle_form.html", {"form": form})


@login_required
@require_GET
def review_cycle(request, pk: int):
    cycle = get_object_or_404(
        ReviewCycle.objects.for_programmes(_reviewer_programmes(request)).select_related("opened_by"), pk=pk
    )
    reviews = cycle.reviews.select_related(
        "listing__group", "listing__platform__provider", "appeal"
    ).order_by("outcome", "listing__platform__name", "pk")
    return render(request, "platforms/reviews/cycle.html", {"cycle": cycle, "page": _page(request, reviews)})


@login_required
@require_POST
def review_cycle_close(request, pk: int):
    cycle = get_object_or_404(ReviewCycle.objects.for_programmes(_reviewer_programmes(request)), pk=pk)
    try:
        services.review_cycle_close(cycle=cycle, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã kết thúc kỳ rà soát."))
    return redirect(cycle)


@login_required
@require_http_methods(["GET", "POST"])
def platform_review(request, pk: int):
    """One platform's facts, the decision form (while undecided) and its appeal with the answer form."""
    review = _staff_review_or_404(request, pk)
    appeal = getattr(review, "appeal", None)
    decision_form = DecisionForm(request.POST or None) if not review.outcome else None
    if request.method == "POST":
        if decision_form is None:
            messages.error(request, _("Nền tảng đã có quyết định trong kỳ này."))
            return redirect(review)
        if decision_form.is_valid():
            try:
                services.review_decide(review=review, actor=request.user, **decision_form.cleaned_data)
            except ValidationError as error:
                decision_form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Đã ghi quyết định và báo cho nhà cung cấp."))
                return redirect(review)
    answer_form = AppealAnswerForm() if appeal and appeal.status == "pending" else None
    return render(
        request,
        "platforms/reviews/review.html",
        {
            "review": review,
            "appeal": appeal,
            "decision_form": decision_form,
            "answer_form": answer_form,
            "lead_answer_days": LEAD_ANSWER_DAYS,
        },
        status=400 if decision_form is not None and decision_form.errors else 200,
    )


@login_required
@require_POST
def appeal_answer(request, pk: int):
    review = _staff_review_or_404(request, pk)
    appeal = getattr(review, "appeal", None)
    if appeal is None:
        raise Http404
    form = AppealAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn kết luận và trả lời nhà cung cấp."))
        return redirect(review)
    try:
        services.appeal_answer(appeal=appeal, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã trả lời khiếu nại và báo cho nhà cung cấp."))
    return redirect(review)


@login_required
@require_GET
def appeal_document(request, pk: int):
    """The appeal's document: the platform's provider and the staff reviewing its programme; 404 for others."""
    appeal = get_object_or_404(
        Appeal.objects.select_related("review__cycle", "review__listing__platform__provider"), pk=pk
    )
    owner = appeal.review.listing.platform.provider.owner_id == request.user.pk
    if not appeal.document or not (owner or appeal.review.cycle.programme in review_programmes(request.user)):
        raise Http404
    return FileResponse(appeal.document.open("rb"), content_type="application/pdf", filename="khieu-nai.pdf")


# --- the provider's side ---------------------------------------------------------------------------------------


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def provider_review(request, pk: int):
    review = get_object_or_404(
        PlatformReview.objects.owned_by(request.user)
        .decided()
        .select_related("cycle", "listing__group", "listing__platform", "appeal"),
        pk=pk,
    )
    appeal = getattr(review, "appeal", None)
    form = (
        AppealForm(request.POST or None, request.FILES or None) if review.appeal_open and not appeal else None
    )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Không thể khiếu nại quyết định này (đã khiếu nại hoặc quá hạn)."))
            return redirect("platforms:provider_review", pk=review.pk)
        if form.is_valid():
            try:
                services.appeal_file(review=review, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(
                    request, _("Đã gửi khiếu nại. Ban quản lý sẽ trả lời qua email và tại trang này.")
                )
                return redirect("platforms:provider_review", pk=review.pk)
    return render(
        request,
        "platforms/reviews/provider_review.html",
        {"review": review, "appeal": appeal, "form": form, "lead_answer_days": LEAD_ANSWER_DAYS},
        status=400 if form is not None and form.errors else 200,
    )


# --- the businesses' side --------------------------------------------------------------------------------------


@login_required
@require_GET
def notices(request):
    """Platforms the user's businesses used that left the programme's list, with the reason; read on sight."""
    mine = DelistingNotice.objects.for_user(request.user)
    page = _page(
        request,
        mine.select_related("business", "platform", "review__listing__group", "review__cycle").order_by(
            "-created_at", "-pk"
        ),
    )
    unread = [notice.pk for notice in page if notice.read_at is None]
    if unread:
        DelistingNotice.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "platforms/reviews/notices.html", {"page": page, "unread": set(unread)})
