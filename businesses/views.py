from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from accounts.services import OtpError
from businesses import selectors
from businesses.forms import BusinessForm, ClaimCodeForm, DecisionForm, VerificationFilterForm
from businesses.home import attach_programme_rows
from businesses.models import Membership, MembershipStatus, Ward
from businesses.permissions import can_decide_membership, can_edit_business, can_review_business, is_owner
from businesses.services import (
    business_register,
    business_reject,
    business_update,
    business_verify,
    claim_phone,
    membership_approve,
    membership_claim_confirm,
    membership_claim_send,
    membership_refuse,
)
from smedx_portal.api.middleware import client_ip
from smedx_portal.personal import log_access
from smedx_portal.private_search import private_search_query, private_search_redirect
from smedx_portal.redirects import safe_next
from smedx_portal.text import vietnamese_sort_key

PAGE_SIZE = 20
REVIEWERS = (Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _error_text(exc: Exception) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _refresh_only(request) -> bool:
    """The no-JavaScript "update the ward list" button: show the form again, save nothing."""
    return "refresh_wards" in request.POST


def _unvalidated_form(request, instance=None) -> BusinessForm:
    data = request.POST.copy()
    initial = {key: data.getlist(key) if key == "programmes" else data.get(key) for key in data}
    return BusinessForm(instance=instance, initial=initial)


@login_required
@require_GET
def mine(request):
    memberships = selectors.memberships_of(request.user)
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    attach_programme_rows(m.business for m in rows if m.status == MembershipStatus.ACTIVE)
    return render(request, "businesses/mine.html", {"page": page, "memberships": rows})


@role_required(Role.BUSINESS)
def create(request):
    if request.method == "POST" and not _refresh_only(request):
        form = BusinessForm(request.POST)
        if form.is_valid():
            try:
                registration = business_register(user=request.user, data=form.business_data())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                business = registration.business
                if not registration.joined_existing:
                    messages.success(
                        request, _("Đã lưu hồ sơ. Cán bộ sẽ xác minh thông tin doanh nghiệp của bạn.")
                    )
                    return redirect("businesses:detail", pk=business.pk)
                if registration.membership.status == MembershipStatus.ACTIVE:
                    messages.info(
                        request, _("Bạn đã là người đại diện của %(name)s.") % {"name": business.name}
                    )
                    return redirect("businesses:detail", pk=business.pk)
                # Never the name: anyone could otherwise learn who owns a tax code or a CCCD.
                messages.info(
                    request,
                    _(
                        "Mã số thuế này đã được đăng ký trên Cổng. Yêu cầu tham gia của bạn đã được gửi để "
                        "chấp thuận; bạn cũng có thể chứng minh quyền đại diện ngay bây giờ."
                    ),
                )
                return redirect("businesses:claim", membership_id=registration.membership.pk)
    elif request.method == "POST":
        form = _unvalidated_form(request)
    else:
        form = BusinessForm(initial={"kind": "retail_store", "programmes": ["RDX"]})
    return render(request, "businesses/form.html", {"form": form, "creating": True})


@login_required
@never_cache
def claim(request, membership_id: int):
    """Prove control of a business whose tax code is already registered: a code to its registered phone, or
    staff checking its registration documents (never a photo of an ID card)."""
    membership = get_object_or_404(
        Membership.objects.select_related("business"),
        pk=membership_id,
        user=request.user,
        status=MembershipStatus.PENDING,
    )
    phone = claim_phone(membership.business)
    form = ClaimCodeForm(request.POST if "code" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            membership_claim_confirm(membership=membership, code=form.cleaned_data["code"])
        except (OtpError, ValidationError) as exc:
            form.add_error("code", _error_text(exc))
        else:
            messages.success(request, _("Đã xác nhận. Bạn là người đại diện của doanh nghiệp."))
            return redirect("businesses:detail", pk=membership.business_id)
    elif request.method == "POST" and not form.is_bound:
        try:
            membership_claim_send(membership=membership, ip=client_ip(request))
        except (OtpError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.info(request, _("Đã gửi mã tới số điện thoại đã đăng ký của doanh nghiệp."))
            return redirect("businesses:claim", membership_id=membership.pk)
    context = {
        "membership": membership,
        "tax_code": membership.business.tax_code,
        "phone_hint": f"{phone[:5]}•••••{phone[-2:]}" if phone else "",
        "form": form,
    }
    return render(request, "businesses/claim.html", context)


@login_required
def detail(request, pk: int):
    business = selectors.visible_business_or_404(request.user, pk)
    owner = is_owner(request.user, business)
    reviewer = can_review_business(request.user, business)
    log_access(viewer=request.user, obj=business, what=_("Hồ sơ doanh nghiệp"))
    if owner or reviewer:
        attach_programme_rows([business])
    context = {
        "business": business,
        "representatives": selectors.representatives(business),
        "can_edit": can_edit_business(request.user, business),
        "can_review": reviewer,
        "is_owner": owner,
        "pending": selectors.pending_requests(business) if (owner or reviewer) else [],
        "decisions": selectors.decisions(business)
        if reviewer or can_edit_business(request.user, business)
        else [],
        "decision_form": DecisionForm() if reviewer else None,
    }
    return render(request, "businesses/detail.html", context)


@login_required
def edit(request, pk: int):
    business = selectors.represented_business_or_404(request.user, pk)
    if request.method == "POST" and not _refresh_only(request):
        # The form gets its own copy: validating it changes its instance, and `business` must keep the old state.
        form = BusinessForm(request.POST, instance=selectors.represented_business_or_404(request.user, pk))
        if form.is_valid():
            try:
                updated = business_update(business=business, actor=request.user, data=form.business_data())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if business.is_verified and not updated.is_verified:
                    messages.warning(
                        request, _("Đã lưu. Vì thông tin chính thay đổi, doanh nghiệp sẽ được xác minh lại.")
                    )
                else:
                    messages.success(request, _("Đã lưu thay đổi."))
                return redirect("businesses:detail", pk=business.pk)
    elif request.method == "POST":
        form = _unvalidated_form(request, instance=business)
    else:
        form = BusinessForm(instance=business)
    return render(request, "businesses/form.html", {"form": form, "business": business, "creating": False})


@login_required
@require_POST
def decide_membership(request, pk: int, membership_id: int):
    business = selectors.visible_business_or_404(request.user, pk)
    if not can_decide_membership(request.user, business):
        raise Http404
    membership = get_object_or_404(
        Membership.objects.select_related("business", "user"), pk=membership_id, business=business
    )
    try:
        if request.POST.get("decision") == "approve":
            membership_approve(membership=membership, actor=request.user)
            messages.success(
                request, _("Đã chấp thuận %(name)s làm người đại diện.") % {"name": membership.user}
            )
        else:
            membership_refuse(
                membership=membership, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.info(request, _("Đã từ chối yêu cầu của %(name)s.") % {"name": membership.user})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise Http404
    return redirect("businesses:detail", pk=business.pk)


@role_required(*REVIEWERS)
@require_POST
def decide_verification(request, pk: int):
    business = selectors.reviewable_business_or_404(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"].strip()
        if form.cleaned_data["decision"] == "verify":
            business_verify(business=business, actor=request.user, reason=reason)
            messages.success(request, _("Đã xác minh %(name)s.") % {"name": business.name})
        else:
            business_reject(business=business, actor=request.user, reason=reason)
            messages.info(request, _("Đã từ chối xác minh %(name)s.") % {"name": business.name})
        return redirect(safe_next(request, "businesses:verification_queue"))
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("businesses:detail", pk=business.pk)


@role_required(*REVIEWERS)
@require_http_methods(["GET", "POST"])
def verification_queue(request):
    if request.method == "POST":  # the search may be a CCCD: never in the URL
        return private_search_redirect(request, keep=["status"])
    form = VerificationFilterForm(
        {"status": request.GET.get("status", "unverified"), "q": private_search_query(request)}
    )
    status, query = "unverified", ""
    if form.is_valid():
        status, query = form.cleaned_data["status"], form.cleaned_data["q"]
    businesses = selectors.verification_queue(request.user, status=status, query=query)
    page = Paginator(businesses, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "businesses/verification_queue.html",
        {"form": form, "page": page, "businesses": page.object_list, "querystring": querystring.urlencode()},
    )


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def wards(request):
    """The wards of a province, for the dependent drop-down (reference data: public and cacheable)."""
    try:
        province = int(request.GET.get("province", ""))
    except ValueError:
        return JsonResponse({"wards": []}, status=400)
    rows = sorted(
        Ward.objects.filter(province_id=province).values_list("code", "name"),
        key=lambda row: vietnamese_sort_key(row[1]),
    )
    return JsonResponse({"wards": [{"code": code, "name": name} for code, name in rows]})
