"""The survey's pages. Thin: access checks here, everything else in services and selectors."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import is_staff_or_officer, role_required, scope_to_province
from assessment import inventory, selectors, services, timeline
from assessment.charts import pillar_chart
from assessment.models import (
    Assessment,
    CriteriaSet,
    DxPlan,
    OptionRole,
    ResultVerification,
    VerificationStatus,
)
from assessment.scoring import applies, page_errors, pillar_minimum, visible_question_ids
from assessment.services import plans
from assessment.structure import structure_for, structure_for_key
from businesses.models import Business, BusinessKind, Province
from businesses.selectors import businesses_of, tax_code_condition, visible_business_or_404
from smedx_portal.levels import LEVEL_MEANINGS, LEVEL_RANK, Level
from smedx_portal.phases import phase_states
from smedx_portal.programmes import Programme, short_name
from smedx_portal.text import search_key

LEVEL_DETAILS = {
    Level.READY: gettext_lazy(
        "Cửa hàng, doanh nghiệp đã bắt đầu dùng một số công cụ số. Việc cần làm: xây nền tảng cơ bản — bán hàng, "
        "thanh toán và ghi chép trên công cụ số."
    ),
    Level.GROWTH: gettext_lazy(
        "Công cụ số đã được dùng trong nhiều hoạt động. Việc cần làm: kết nối các công cụ với nhau, dùng số "
        "liệu để quyết định và mở rộng kênh bán hàng số."
    ),
    Level.BREAKTHROUGH: gettext_lazy(
        "Hoạt động kinh doanh dựa trên nền tảng số và dữ liệu. Việc cần làm: tối ưu liên tục, tự động hóa và "
        "chia sẻ kinh nghiệm với cộng đồng."
    ),
}


def _default_programmes(business: Business) -> list[str]:
    if business.programmes:
        return business.programmes
    if business.kind in (BusinessKind.RETAIL_STORE, BusinessKind.HOUSEHOLD):
        return [Programme.RDX]
    return [Programme.SMEDX]


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
            businesses_of(request.user).select_related("sector", "province").order_by("name")[:50]
        )
        latest = selectors.latest_by_business(businesses)
        for business in businesses:
            states = latest.get(business.pk, {})
            business.survey_rows = [
                {
                    "programme": programme,
                    "programme_name": short_name(programme),
                    "draft": states.get(f"draft-{programme}"),
                    "submitted": states.get(f"submitted-{programme}"),
                }
                for programme in _default_programmes(business)
            ]
    return render(
        request,
        "assessment/home.html",
        {
            "businesses": businesses,
            "is_officer": is_staff_or_officer(request.user),
            "criteria_sets": _current_sets(),
            "legacy_sets": list(CriteriaSet.objects.published().filter(is_legacy=True)),
        },
    )


def _current_sets() -> list[CriteriaSet]:
    """RDX's and SMEdx's current criteria (each programme's latest published version), in one query."""
    programmes = (Programme.RDX, Programme.SMEDX)
    latest: dict[str, CriteriaSet] = {}
    for criteria_set in CriteriaSet.objects.published().filter(programme__in=programmes).order_by("-version"):
        latest.setdefault(criteria_set.programme, criteria_set)
    return [latest[programme] for programme in programmes if programme in latest]


@require_GET
def method(request):
    """How the score and the level are computed, in plain words, with each published set's figures."""
    sets = []
    for criteria_set in _current_sets():
        structure = structure_for(criteria_set)
        total_weight = sum((pillar.weight for pillar in structure.pillars), Decimal("0"))
        sets.append(
            {
                "set": criteria_set,
                "pillars": [
                    {
                        "pillar": pillar,
                        "share": (100 * pillar.weight / total_weight).quantize(Decimal("0.1")),
                        "questions": len(pillar.question_list),
                        "growth_minimum": pillar_minimum(criteria_set, pillar, Level.GROWTH),
                        "breakthrough_minimum": pillar_minimum(criteria_set, pillar, Level.BREAKTHROUGH),
                    }
                    for pillar in structure.pillars
                ],
            }
        )
    return render(
        request,
        "assessment/method.html",
        {"sets": sets, "levels": [(level, LEVEL_MEANINGS[level], LEVEL_DETAILS[level]) for level in Level]},
    )


# --- taking the survey -----------------------------------------------------------------------------


@login_required
@require_POST
def start(request):
    try:
        business_id = int(request.POST.get("business", ""))
    except ValueError:
        return HttpResponseBadRequest()
    business = visible_business_or_404(request.user, business_id)
    programme = request.POST.get("programme") or _default_programmes(business)[0]
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
    return redirect("assessment:resume", pk=assessment.pk)


@login_required
@require_GET
def resume(request, pk: int):
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    if assessment.is_submitted:
        return redirect("assessment:result", pk=assessment.pk)
    structure = structure_for(assessment.criteria_set)
    return redirect("assessment:page", pk=pk, page=structure.page_of(assessment.current_pillar_id))


def _page_context(request, assessment: Assessment, structure, page: int, answers, errors, visible):
    pillar = structure.pillar_at(page)
    kind, sector = services.business_profile(assessment.business)
    counted_pages = []
    for position, each in enumerate(structure.pillars, start=1):
        asked = [q for q in each.question_list if q.pk in visible]
        done = all(q.pk in answers and not answers[q.pk].is_empty or not q.required for q in asked)
        counted_pages.append(
            {"position": position, "pillar": each, "done": done, "current": position == page}
        )
    questions = []
    for question in pillar.question_list:
        if not applies(question, kind, sector):
            continue
        answer = answers.get(question.pk)
        chosen = set(answer.option_ids) if answer else set()
        parent = structure.options.get(question.show_if_id) if question.show_if_id else None
        questions.append(
            {
                "q": question,
                "hidden": question.pk not in visible,
                "show_if": f"{structure.questions[parent.question_id].code}={parent.code}" if parent else "",
                "show_if_text": (
                    _("Trả lời vì bạn đã chọn “%(option)s”.") % {"option": parent.display_label}
                    if parent
                    else ""
                ),
                "options": [
                    {"o": option, "checked": option.pk in chosen}
                    for option in question.option_list
                    if option.role != OptionRole.LINK
                ],
                "links": [
                    {"o": option, "checked": option.pk in chosen}
                    for option in question.option_list
                    if option.role == OptionRole.LINK
                ],
                "number": answer.number if answer and answer.number is not None else "",
                "error": errors.get(question.pk, ""),
            }
        )
    done_count = sum(1 for p in counted_pages if p["done"])
    return {
        "assessment": assessment,
        "business": assessment.business,
        "criteria_set": structure.criteria_set,
        "pillar": pillar,
        "page": page,
        "page_count": len(structure.pillars),
        "pages": counted_pages,
        "done_count": done_count,
        "questions": questions,
        "has_errors": bool(errors),
        "is_enumerator": assessment.channel == "enumerator"
        or services.channel_for(request.user, assessment.business) == "enumerator",
        "is_last": page == len(structure.pillars),
    }


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
    context = _page_context(request, assessment, structure, page, answers, errors, visible)
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
    context = _page_context(request, assessment, structure, page, answers, errors, visible)
    context["follow_ups"] = bool(follow_ups)
    return render(request, "assessment/page.html", context)


def _review_answer(structure, question, answer) -> dict:
    """One line of the review page: the question and what was answered (option labels or the number)."""
    labels = [structure.options[option_id].display_label for option_id in answer.option_ids] if answer else []
    return {
        "question": question,
        "labels": labels,
        "number": answer.number if answer else None,
        "empty": answer is None or answer.is_empty,
    }


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
    pages = [
        {
            "position": position,
            "pillar": pillar,
            "missing": len(problems.get(position, {})),
            "answers": [
                _review_answer(structure, question, answers.get(question.pk))
                for question in pillar.question_list
                if question.pk in visible
            ],
        }
        for position, pillar in enumerate(structure.pillars, start=1)
    ]
    return render(
        request,
        "assessment/review.html",
        {
            "assessment": assessment,
            "business": assessment.business,
            "pages": pages,
            "complete": not problems,
            "page_count": len(structure.pillars),
        },
    )


# --- results ---------------------------------------------------------------------------------------


def _bar_level(criteria_set: CriteriaSet, value: Decimal) -> str:
    if value >= criteria_set.breakthrough_threshold:
        return Level.BREAKTHROUGH
    if value >= criteria_set.growth_threshold:
        return Level.GROWTH
    return Level.READY


@login_required
@require_GET
def result(request, pk: int):
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    if not assessment.is_submitted:
        return redirect("assessment:resume", pk=pk)
    criteria_set = assessment.criteria_set
    structure = structure_for(criteria_set)
    detail = services.assessment_result(assessment)
    stored = {code: Decimal(value) for code, value in assessment.pillar_scores.items()}
    history = selectors.submitted_history(
        assessment.business, assessment.programme, before=assessment.submitted_at
    )
    previous = history[0] if history else None
    previous_scores = (
        {code: Decimal(value) for code, value in previous.pillar_scores.items()} if previous else {}
    )
    pillars = []
    for pillar in structure.pillars:
        if pillar.code not in stored:
            continue
        value = stored[pillar.code]
        before = previous_scores.get(pillar.code)
        pillars.append(
            {
                "pillar": pillar,
                "score": value,
                "previous": before,
                "change": value - before if before is not None else None,
            }
        )
    chart = pillar_chart(
        [
            (row["pillar"].display_name, row["score"], _bar_level(criteria_set, row["score"]))
            for row in pillars
        ],
        thresholds=[
            (Level.GROWTH.label, criteria_set.growth_threshold),
            (Level.BREAKTHROUGH.label, criteria_set.breakthrough_threshold),
        ],
        title=_("Điểm theo trụ cột (0–100)"),
        previous={
            row["pillar"].display_name: row["previous"] for row in pillars if row["previous"] is not None
        },
    )
    weakest = detail.weakest(3)
    group_codes = [code for gap in weakest for code in gap.group_codes]
    groups = {group.code: group for group in selectors.recommended_groups(group_codes)}
    weak_rows = [
        {"gap": gap, "groups": [groups[code] for code in gap.group_codes if code in groups]}
        for gap in weakest
    ]
    level = Level(assessment.level)
    by_code = {pillar.code: pillar for pillar in structure.pillars}
    held_back = [
        {"level": Level(code), "pillars": [by_code[p] for p in pillar_codes]}
        for code, pillar_codes in detail.held_back_by.items()
        if LEVEL_RANK[Level(code)] > LEVEL_RANK[level]
    ]
    verification = (
        ResultVerification.objects.filter(assessment=assessment).select_related("decided_by").first()
    )
    certificates = []
    if verification is not None and verification.status == VerificationStatus.VERIFIED:
        from smedx_portal.certificates import certificates_for

        certificates = list(certificates_for(assessment))
    return render(
        request,
        "assessment/result.html",
        {
            "assessment": assessment,
            "business": assessment.business,
            "criteria_set": criteria_set,
            "level": level,
            "level_meaning": LEVEL_MEANINGS[level],
            "level_detail": LEVEL_DETAILS[level],
            "levels": [(each, LEVEL_MEANINGS[each], each == level) for each in Level],
            "pillars": pillars,
            "chart": chart,
            "weak_rows": weak_rows,
            "matching_experts": selectors.experts_for_weakest_pillars(assessment),
            "held_back": held_back,
            "previous": previous,
            "total_change": assessment.total_score - previous.total_score if previous else None,
            "verification": verification,
            "certificates": certificates,
            "can_verify": services.can_verify(request.user, assessment),
            **_result_extras(request, assessment, structure, detail),
        },
    )


def _result_extras(request, assessment: Assessment, structure, detail) -> dict:
    """The version's label and own scale, the tools missing or not linked, the timeline across versions, the
    comparable part of mapped versions, and the business's plan (with its progress when made earlier)."""
    gaps = inventory.tool_gaps(structure, services.load_answers(assessment), detail.shares)
    plan = (
        DxPlan.objects.filter(business=assessment.business, programme=assessment.programme)
        .select_related("assessment")
        .first()
    )
    earlier_plan = plan is not None and plan.assessment.submitted_at < assessment.submitted_at
    return {
        "plan": plan,
        "plan_progress": plans.plan_progress(plan, structure, detail.shares) if earlier_plan else [],
        "can_plan": plans.can_edit_plan(request.user, assessment.business),
        "version_label": timeline.version_label(assessment.criteria_set),
        "scale_label": timeline.scale_label(assessment),
        "tool_gaps": inventory.with_platforms(gaps),
        "timeline": timeline.business_timeline(assessment.business, current=assessment),
        "comparisons": timeline.comparisons_for(assessment, detail.shares),
    }


@role_required(Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)
@require_POST
def verify(request, pk: int):
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    status = request.POST.get("status", "")
    try:
        services.assessment_verify(
            assessment=assessment, actor=request.user, status=status, reason=request.POST.get("reason", "")
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if status == VerificationStatus.VERIFIED:
            messages.success(request, _("Đã xác nhận kết quả. Giấy chứng nhận đang được tạo."))
        else:
            messages.success(request, _("Đã ghi nhận: không xác nhận kết quả."))
    return redirect("assessment:result", pk=pk)


# --- enumerators (province officers entering surveys on a store's behalf) --------------------------


@role_required(Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)
@require_GET
def enumerator(request):
    queryset = scope_to_province(Business.objects.all(), request.user).select_related(
        "province", "ward", "sector"
    )
    query = request.GET.get("q", "").strip()
    if query:
        key = search_key(query)
        queryset = queryset.filter(Q(search_name__contains=key) | tax_code_condition(query) | Q(phone=query))
    province = None
    if request.user.province_id:
        province = Province.objects.filter(pk=request.user.province_id).first()
    phases = phase_states(Programme.values, province) if province else {}
    paginator = Paginator(queryset.order_by("name", "pk"), 20)
    page_obj = paginator.get_page(request.GET.get("trang"))
    latest = selectors.latest_by_business(list(page_obj.object_list))
    for business in page_obj.object_list:
        states = latest.get(business.pk, {})
        business.survey_rows = [
            {
                "programme": programme,
                "programme_name": short_name(programme),
                "draft": states.get(f"draft-{programme}"),
                "submitted": states.get(f"submitted-{programme}"),
                "closed": programme in phases and not phases[programme].allowed,
            }
            for programme in _default_programmes(business)
        ]
    return render(
        request,
        "assessment/enumerator.html",
        {
            "page_obj": page_obj,
            "query": query,
            "province": province,
            "closed_phases": [state for state in phases.values() if not state.allowed],
        },
    )
