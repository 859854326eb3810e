"""Trials: the business asks (catalogue page or its result's recommendations), the provider accepts and sets it
up by a deadline shown to both, the business confirms and rates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from businesses.selectors import businesses_of
from platforms import selectors, services
from platforms.forms import DeclineForm
from platforms.models import Trial
from platforms.partnership_forms import TrialAcceptForm, TrialRateForm, TrialReadyForm, TrialRequestForm
from platforms.views.common import _error_text, _is_staff, _page
from platforms.views.provider import _provider_of


@login_required
@require_http_methods(["GET", "POST"])
def trial_request(request, pk: int):
    """The page a business reaches from the catalogue or from its result's recommendations."""
    platform = selectors.public_platform_or_none(pk)
    if platform is None:
        raise Http404
    businesses = businesses_of(request.user)
    form = TrialRequestForm(
        request.POST or None, businesses=businesses.filter(verification_status="verified")
    )
    if request.method == "POST" and form.is_valid():
        try:
            trial = services.trial_request(
                business=form.cleaned_data["business"],
                platform=platform,
                requested_by=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("Đã gửi đề nghị dùng thử %(platform)s. Nhà cung cấp sẽ nhận và hẹn ngày thiết lập.")
                % {"platform": platform.name},
            )
            return redirect("platforms:trial", pk=trial.pk)
    return render(
        request,
        "platforms/trials/request.html",
        {
            "platform": platform,
            "form": form,
            "has_businesses": businesses.exists(),
            "open_trials": selectors.business_trials(request.user).filter(platform=platform).open(),
        },
    )


@login_required
@require_GET
def trials(request):
    return render(
        request,
        "platforms/trials/list.html",
        {"page": _page(request, selectors.business_trials(request.user))},
    )


def _visible_trial_or_404(user, pk: int) -> Trial:
    """The business's representatives, the platform's provider and staff see a trial; others get 404."""
    trial = get_object_or_404(
        Trial.objects.select_related("business", "platform__provider", "listing__group", "requested_by"),
        pk=pk,
    )
    if _is_staff(user) or trial.platform.provider.owner_id == user.pk:
        return trial
    if businesses_of(user).filter(pk=trial.business_id).exists():
        return trial
    raise Http404


@login_required
@require_GET
def trial_detail(request, pk: int):
    trial = _visible_trial_or_404(request.user, pk)
    is_business = businesses_of(request.user).filter(pk=trial.business_id).exists()
    is_provider = trial.platform.provider.owner_id == request.user.pk
    return render(
        request,
        "platforms/trials/detail.html",
        {
            "trial": trial,
            "is_business": is_business,
            "is_provider": is_provider,
            "rate_form": TrialRateForm() if is_business and trial.status in ("accepted", "ready") else None,
        },
    )


@login_required
@require_POST
def trial_rate(request, pk: int):
    trial = _visible_trial_or_404(request.user, pk)
    form = TrialRateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn số sao từ 1 đến 5."))
        return redirect("platforms:trial", pk=trial.pk)
    return _run(
        request,
        trial,
        lambda: services.trial_rate(trial=trial, actor=request.user, **form.cleaned_data),
        _("Cảm ơn bạn đã đánh giá. Đánh giá sẽ hiển thị sau khi được kiểm duyệt."),
    )


@login_required
@require_POST
def trial_cancel(request, pk: int):
    trial = _visible_trial_or_404(request.user, pk)
    return _run(
        request, trial, lambda: services.trial_cancel(trial=trial, actor=request.user), _("Đã hủy đề nghị.")
    )


def _run(request, trial: Trial, action, success: str, next_url: str = ""):
    try:
        action()
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)
    return redirect(next_url or "platforms:trial", **({} if next_url else {"pk": trial.pk}))


# --- the provider's side ---------------------------------------------------------------------------------------


@role_required(Role.PROVIDER)
@require_GET
def provider_trials(request):
    provider = _provider_of(request.user)
    if provider is None:
        return redirect("platforms:provider_profile")
    return render(
        request,
        "platforms/trials/provider.html",
        {
            "page": _page(request, selectors.provider_trials(provider)),
            "accept_form": TrialAcceptForm(),
            "ready_form": TrialReadyForm(),
            "decline_form": DeclineForm(),
        },
    )


def _own_trial_or_404(user, pk: int) -> Trial:
    return get_object_or_404(Trial.objects.filter(platform__provider__owner=user), pk=pk)


@role_required(Role.PROVIDER)
@require_POST
def trial_accept(request, pk: int):
    trial = _own_trial_or_404(request.user, pk)
    form = TrialAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn hạn thiết lập."))
        return redirect("platforms:provider_trials")
    return _run(
        request,
        trial,
        lambda: services.trial_accept(trial=trial, actor=request.user, **form.cleaned_data),
        _("Đã nhận đề nghị dùng thử; doanh nghiệp được báo hạn thiết lập."),
        "platforms:provider_trials",
    )


@role_required(Role.PROVIDER)
@require_POST
def trial_ready(request, pk: int):
    trial = _own_trial_or_404(request.user, pk)
    form = TrialReadyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy hướng dẫn doanh nghiệp cách truy cập bản dùng thử."))
        return redirect("platforms:provider_trials")
    return _run(
        request,
        trial,
        lambda: services.trial_mark_ready(trial=trial, actor=request.user, **form.cleaned_data),
        _("Đã báo doanh nghiệp bản dùng thử sẵn sàng."),
        "platforms:provider_trials",
    )


@role_required(Role.PROVIDER)
@require_POST
def trial_decline(request, pk: int):
    trial = _own_trial_or_404(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nêu lý do."))
        return redirect("platforms:provider_trials")
    return _run(
        request,
        trial,
        lambda: services.trial_decline(trial=trial, actor=request.user, reason=form.cleaned_data["reason"]),
        _("Đã từ chối đề nghị dùng thử."),
        "platforms:provider_trials",
    )
