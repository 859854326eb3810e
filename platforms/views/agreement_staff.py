"""Staff's agreements page (outside the admin): every agreement of their programmes (ministry staff: both; MoIT
staff: RDX), filtered by status and programme, searched by platform or provider (accent-insensitive), a page at a
time; a draft for a selected platform; a draft sent to the provider for signature."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from platforms import services
from platforms.models import PENDING_AGREEMENT_STATUSES, Agreement, AgreementStatus, Listing, ListingStatus
from platforms.partnership_forms import AgreementDraftForm, AgreementFilterForm
from platforms.views.common import _error_text, _page
from smedx_portal.programmes import short_name
from smedx_portal.text import search_key


def _programmes_or_403(user) -> tuple[str, ...]:
    programmes = services.staff_programmes(user)
    if not programmes:
        raise PermissionDenied
    return programmes


def _draftable(programmes: tuple[str, ...]):
    """Selected listings of the staff's programmes without an agreement pending (draft or sent) already."""
    pending = Agreement.objects.filter(
        platform=OuterRef("platform"),
        programme=OuterRef("group__programme"),
        status__in=PENDING_AGREEMENT_STATUSES,
    )
    return (
        Listing.objects.filter(status=ListingStatus.SELECTED, group__programme__in=programmes)
        .exclude(Exists(pending))
        .select_related("platform", "group")
        .order_by("platform__name", "group__programme")
    )


def _render(request, programmes, draft_form, *, status: int = 200):
    filters = AgreementFilterForm(
        request.GET or None,
        statuses=AgreementStatus.choices,
        programmes=[(code, short_name(code)) for code in programmes],
    )
    agreements = Agreement.objects.filter(programme__in=programmes).select_related(
        "platform__provider", "terms"
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            agreements = agreements.filter(status=data["status"])
        if data["programme"]:
            agreements = agreements.filter(programme=data["programme"])
        if key := search_key(data["q"]):
            agreements = agreements.filter(platform__search_key__contains=key)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "platforms/agreements/staff_list.html",
        {
            "filters": filters,
            "page": _page(request, agreements.order_by("-created_at", "-pk")),
            "querystring": query.urlencode(),
            "draft_form": draft_form,
        },
        status=status,
    )


@login_required
@require_GET
def staff_agreements(request):
    programmes = _programmes_or_403(request.user)
    return _render(request, programmes, AgreementDraftForm(listings=_draftable(programmes)))


@login_required
@require_POST
def staff_agreement_draft(request):
    programmes = _programmes_or_403(request.user)
    form = AgreementDraftForm(request.POST, listings=_draftable(programmes))
    if form.is_valid():
        listing = form.cleaned_data["listing"]
        try:
            agreement = services.agreement_draft(
                platform=listing.platform,
                programme=listing.group.programme,
                actor=request.user,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("Đã lập dự thảo thỏa thuận với %(platform)s; kiểm tra rồi gửi nhà cung cấp ký.")
                % {"platform": listing.platform.name},
            )
            return redirect(f"{reverse('platforms:staff_agreements')}#thoa-thuan-{agreement.pk}")
    return _render(request, programmes, form, status=400)


@login_required
@require_POST
def staff_agreement_send(request, pk: int):
    programmes = _programmes_or_403(request.user)
    agreement = get_object_or_404(Agreement.objects.filter(programme__in=programmes), pk=pk)
    try:
        services.agreement_send(agreement=agreement, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Đã gửi thỏa thuận để %(provider)s ký.") % {"provider": agreement.platform.provider.name},
        )
    return redirect("platforms:staff_agreements")
