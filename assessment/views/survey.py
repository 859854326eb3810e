"""The survey's pages: the landing page and the method, starting, each page (view and save), the review, and
the enumerators' list. Thin: access checks here; contexts in `assessment.pages`, writes in the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import is_staff_or_officer, role_required, scope_to_province
from assessment import pages, selectors, services
from assessment.models import CriteriaSet
from assessment.scoring import page_errors, visible_question_ids
from assessment.structure import structure_for, structure_for_key
from businesses.models import Business, Province
from businesses.selectors import businesses_of, tax_code_condition, visible_business_or_404
from smedx_portal.phases import phase_states
from smedx_portal.private_search import TOKEN_PARAM, private_search_query, private_search_redirect
from smedx_portal.programmes import Programme
from smedx_portal.text import search_key


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "fetch" or "application/json" in request.headers.get(
        "accept", ""
    )


# --- landing, method -------------------------------------------------------------------------------


@require_GET
def home(request):
    businesses = []
    if request.user.is_authenticated:
        businesses = list(
            businesses_of(request.user)
            .select_related("sector", "province")
            .only(*_BUSINESS_CARD)
            .order_by("name")[:50]
        )
        pages.with_survey_rows(businesses)
    return render(
        request,
        "assessment/home.html",
        {
            "businesses": businesses,
            "is_officer": is_staff_or_officer(request.user),
            **_published_sets(),
        },
    )


# what a business's card on the survey home shows (its identity and contact fields are not read here)
_BUSINESS_CARD = ("name", "kind", "in_smedx", "in_rdx", "sector__name", "sector__name_en", "province__name")


def _published_sets() -> dict[str, list[CriteriaSet]]:
    """RDX's and SMEdx's current criteria (each programme's latest published version) and the legacy versions
    offered for comparison, from one query."""
    programmes = (Programme.RDX, Programme.SMEDX)
    latest: dict[str, CriteriaSet] = {}
    legacy: list[CriteriaSet] = []
    for criteria_set in CriteriaSet.objects.published().headings().order_by("-version", "pk"):
        if criteria_set.is_legacy:
            legacy.append(criteria_set)
        elif criteria_set.programme in programmes:
            latest.setdefault(criteria_set.programme, criteria_set)
    return {
        "criteria_sets": [latest[programme] for programme in programmes if programme in latest],
        "legacy_sets": legacy,
    }


# --- taking the survey -----------------------------------------------------------------------------


@login_required
@require_POST
def start(request):
    try:
        business_id = int(request.POST.get("business", ""))
    except ValueError:
        return HttpResponseBadRequest()
    business = visible_business_or_404(request.user, business_id, only=services.START_READS)
    programme = request.POST.get("programme") or pages.default_programmes(business)[0]
    if programme not in Programme.values:
        return HttpResponseBadRequest()
    legacy = None
    if request.POST.get("criteria_set"):
        legacy = (
            CriteriaSet.objects.published().filter(pk=request.POST["criteria_set"], is_legacy=True).first()
        )
        if legacy is None:
            return HttpResponseBadRequest()
    try:
        assessment = services.assessment_start(
            business=business, programme=programme, actor=request.user, criteria_set=legacy
        )
    except services.NoCriteria:
        messages.error(request, _("Chương trình chưa công bố bộ tiêu chí đánh giá. Vui lòng quay lại sau."))
        return redirect("assessment:home")
    except services.PhaseClosed as closed:
        messages.error(request, closed.state.closed_message())
        return redirect("assessment:enumerator")
    # straight to the page to go on with (the resume address would only redirect again: one round trip less
    # on a phone's connection)
    structure = structure_for(assessment.criteria_set)
    return redirect("assessment:page", pk=assessment.pk, page=structure.page_of(assessment.current_pillar_id))


@login_required
@require_GET
def resume(request, pk: int):
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    if assessment.is_submitted:
        return redirect("assessment:result", pk=assessment.pk)
    structure = structure_for(assessment.criteria_set)
    return redirect("assessment:page", pk=pk, page=structure.page_of(assessment.current_pillar_id))


@login_required
@require_http_methods(["GET", "POST"])
def page(request, pk: int, page: int):
    if request.method == "POST":
        return _save_page(request, pk, page)
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    if assessment.is_submitted:
        return redirect("assessment:result", pk=pk)
    structure = structure_for(assessment.criteria_set)
    pillar = structure.pillar_at(page)
    if pillar is None:
        raise Http404
    kind, sector = services.business_profile(assessment.business)
    answers = services.load_answers(assessment)
    visible = visible_question_ids(structure, answers, kind, sector)
    errors = {}
    if request.GET.get("kiem-tra"):
        errors = page_errors(structure, pillar, answers, visible)
    context = pages.survey_page_context(
        user=request.user,
        assessment=assessment,
        structure=structure,
        page=page,
        answers=answers,
        errors=errors,
        visible=visible,
    )
    return render(request, "assessment/page.html", context)


def _save_page(request, pk: int, page: int):
    """Saving a page is the survey's hottest request (every page, and every change with JavaScript):
    it reads no assessment row when the survey's reference is cached (see `assessment_save_page`)."""
    ref = selectors.survey_ref_or_404(request.user, pk)
    structure = structure_for_key(ref.criteria_set_id, ref.published_at)
    pillar = structure.pillar_at(page)
    if pillar is None:
        raise Http404
    try:
        result = services.assessment_save_page(ref=ref, pillar=pillar, data=request.POST, actor=request.user)
    except services.AssessmentLocked:
        if _wants_json(request):
            return JsonResponse({"saved": False, "submitted": True}, status=409)
        return redirect("assessment:result", pk=pk)
    if _wants_json(request):
        return JsonResponse(
            {
                "saved": True,
                "saved_at": timezone.localtime().strftime("%H:%M"),
                "errors": {structure.questions[qid].code: message for qid, message in result.invalid.items()},
                "visible": sorted(structure.questions[qid].code for qid in result.visible),
            }
        )
    action = request.POST.get("action", "next")
    if action == "back":
        return redirect("assessment:page", pk=pk, page=max(page - 1, 1))
    if action == "save":
        messages.success(request, _("Đã lưu. Bạn có thể quay lại làm tiếp bất cứ lúc nào."))
        return redirect("assessment:page", pk=pk, page=page)
    if result.complete:
        if page < len(structure.pillars):
            return redirect("assessment:page", pk=pk, page=page + 1)
        return redirect("assessment:review", pk=pk)
    # Show the page again with what was posted and what is saved. Follow-up questions the answers have just
    # opened (not on the page the person saw: without JavaScript they were hidden) are asked, not flagged.
    # A form without the "shown" list (another client) saw every question.
    shown = set(request.POST.getlist("shown"))
    follow_ups = {
        qid
        for qid in result.errors
        if shown
        and qid not in result.invalid
        and structure.questions[qid].show_if_id
        and structure.questions[qid].code not in shown
    }
    errors = {qid: message for qid, message in result.errors.items() if qid not in follow_ups}
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    answers = {**services.load_answers(assessment), **result.answers}
    kind, sector = services.business_profile(assessment.business)
    visible = visible_question_ids(structure, answers, kind, sector)
    context = pages.survey_page_context(
        user=request.user,
        assessment=assessment,
        structure=structure,
        page=page,
        answers=answers,
        errors=errors,
        visible=visible,
    )
    context["follow_ups"] = bool(follow_ups)
    return render(request, "assessment/page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    if request.method == "POST":
        # the submit locks the row with the same query that checks access (404 for anyone else's)
        try:
            services.assessment_submit(assessment_id=pk, actor=request.user)
        except services.AssessmentIncomplete as exc:
            messages.error(request, _("Còn câu hỏi chưa trả lời. Vui lòng hoàn thành trang được đánh dấu."))
            return redirect(
                reverse("assessment:page", kwargs={"pk": pk, "page": exc.first_page}) + "?kiem-tra=1"
            )
        return redirect("assessment:result", pk=pk)
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    if assessment.is_submitted:
        return redirect("assessment:result", pk=pk)
    structure = structure_for(assessment.criteria_set)
    answers = services.load_answers(assessment)
    kind, sector = services.business_profile(assessment.business)
    problems = services.incomplete_pages(structure, answers, kind, sector)
    visible = visible_question_ids(structure, answers, kind, sector)
    context = pages.review_context(
        assessment=assessment, structure=structure, answers=answers, problems=problems, visible=visible
    )
    return render(request, "assessment/review.html", context)


# --- enumerators (province officers entering surveys on a store's behalf) --------------------------


@role_required(Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)
@require_http_methods(["GET", "POST"])
def enumerator(request):
    if request.method == "POST":  # the search may be a CCCD or a phone: never in the URL
        return private_search_redirect(request)
    queryset = scope_to_province(Business.objects.all(), request.user).select_related(
        "province", "ward", "sector"
    )
    query = private_search_query(request)
    if query:
        key = search_key(query)
        queryset = queryset.filter(Q(search_name__contains=key) | tax_code_condition(query) | Q(phone=query))
    province = None
    if request.user.province_id:
        province = Province.objects.filter(pk=request.user.province_id).first()
    phases = phase_states(Programme.values, province) if province else {}
    paginator = Paginator(queryset.order_by("name", "pk"), 20)
    page_obj = paginator.get_page(request.GET.get("trang"))
    closed = {programme for programme, state in phases.items() if not state.allowed}
    pages.with_survey_rows(list(page_obj.object_list), closed)
    return render(
        request,
        "assessment/enumerator.html",
        {
            "page_obj": page_obj,
            "query": query,
            "search_token": request.GET.get(TOKEN_PARAM, "") if query else "",
            "province": province,
            "closed_phases": [state for state in phases.values() if not state.allowed],
        },
    )
