"""Consultations between a verified business and an expert. Only the two parties and staff see one (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from businesses.selectors import businesses_of
from experts import selectors
from experts.forms import ConsultationRequestForm, DeclineForm, MessageForm, RatingForm
from experts.models import ConsultationStatus, Expert
from experts.ratelimit import RateLimited
from experts.services import consultations as services
from experts.views._helpers import error_text, paginate


@login_required
@require_GET
def consultation_list(request):
    consultations = (
        selectors.consultations_visible_to(request.user)
        .select_related("business", "expert")
        .order_by("-updated_at", "-id")
    )
    return render(request, "experts/consultation_list.html", {"page": paginate(request, consultations)})


@login_required
def consultation_new(request):
    businesses = businesses_of(request.user).verified().order_by("name")
    if not businesses.exists():
        return render(
            request,
            "experts/consultation_new.html",
            {"form": None, "has_business": businesses_of(request.user).exists()},
        )
    initial = {
        "business": request.GET.get("business") or businesses.first().pk,
        "pillar": request.GET.get("pillar"),
    }
    form = ConsultationRequestForm(request.POST or None, businesses=businesses, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_request(user=request.user, **form.cleaned_data)
            return redirect(consultation)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "experts/consultation_new.html", {"form": form})


@login_required
@require_GET
def consultation_detail(request, pk: int):
    consultation = selectors.consultation_for_user_or_404(request.user, pk)
    business_side = selectors.is_business_side(request.user, consultation)
    expert_side = selectors.is_expert_side(request.user, consultation)
    awaiting_choice = consultation.status == ConsultationStatus.AWAITING_CHOICE
    context = {
        "consultation": consultation,
        "business_side": business_side,
        "expert_side": expert_side,
        "proposals": selectors.consultation_proposals(consultation)
        if awaiting_choice and business_side
        else [],
        "invitation": selectors.pending_invitation(consultation),
        "past_invitations": consultation.invitations.exclude(status="pending").select_related("expert"),
        "messages_list": consultation.messages.select_related("author"),
        "message_form": MessageForm(),
        "decline_form": DeclineForm(),
        "rating_form": RatingForm(),
        "can_rate": services.can_rate(request.user, consultation),
        "can_close": consultation.is_open
        and (business_side or (expert_side and consultation.status == ConsultationStatus.ACTIVE)),
    }
    return render(request, "experts/consultation_detail.html", context)


def _act(request, pk: int, action, success: str):
    """Run one service on a consultation the user can see; errors become messages, never 500s."""
    consultation = selectors.consultation_for_user_or_404(request.user, pk)
    try:
        action(consultation)
        if success:
            messages.success(request, success)
    except ValidationError as error:
        messages.error(request, error_text(error))
    except RateLimited as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(request, _("Bạn không thể thực hiện thao tác này."))
    return redirect("experts:consultation", pk=pk)


@login_required
@require_POST
def consultation_choose(request, pk: int, expert_id: int):
    selectors.consultation_for_user_or_404(request.user, pk)  # 404 for outsiders before anything else
    expert = get_object_or_404(Expert, pk=expert_id)
    return _act(
        request,
        pk,
        lambda c: services.consultation_choose_expert(consultation=c, user=request.user, expert=expert),
        _("Đã gửi yêu cầu tới chuyên gia %(name)s.") % {"name": expert.name},
    )


@login_required
@require_POST
def consultation_accept(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.invitation_accept(consultation=c, user=request.user),
        _("Bạn đã nhận yêu cầu tư vấn."),
    )


@login_required
@require_POST
def consultation_decline(request, pk: int):
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda c: services.invitation_decline(consultation=c, user=request.user, reason=reason),
        _("Bạn đã từ chối yêu cầu tư vấn."),
    )


@login_required
@require_POST
def consultation_message(request, pk: int):
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tin nhắn không được để trống."))
        selectors.consultation_for_user_or_404(request.user, pk)
        return redirect("experts:consultation", pk=pk)
    return _act(
        request,
        pk,
        lambda c: services.message_post(consultation=c, user=request.user, body=form.cleaned_data["body"]),
        "",
    )


@login_required
@require_POST
def consultation_close(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.consultation_close(consultation=c, user=request.user),
        _("Yêu cầu tư vấn đã kết thúc."),
    )


@login_required
@require_POST
def consultation_rate(request, pk: int):
    form = RatingForm(request.POST)
    if not form.is_valid():
        selectors.consultation_for_user_or_404(request.user, pk)
        messages.error(request, _("Vui lòng chọn số sao từ 1 đến 5."))
        return redirect("experts:consultation", pk=pk)
    return _act(
        request,
        pk,
        lambda c: services.consultation_rate(
            consultation=c,
            user=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        ),
        _("Cảm ơn bạn đã đánh giá."),
    )
