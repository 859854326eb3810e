"""Events proposed by providers, associations and province officers; staff approve or return them; the ministry's
view of the year's regional workshops."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import is_ministry_staff, role_required
from campaigns.models import Event
from campaigns.models.events import EventStatus
from campaigns.proposal_forms import EventProposalForm, ReviewForm
from campaigns.services import proposals as svc

proposer_required = role_required(*svc.PROPOSER_ROLES)
ministry_required = role_required(Role.MINISTRY_STAFF)


@proposer_required
@require_GET
def proposal_list(request):
    events = Event.objects.filter(created_by=request.user).select_related("province").order_by("-starts_at")
    return render(
        request,
        "campaigns/proposals/list.html",
        {"page": Paginator(events, 20).get_page(request.GET.get("page"))},
    )


def _save(request, form: EventProposalForm, event: Event | None):
    data = dict(form.cleaned_data)
    online = data.pop("online")
    try:
        if event is None:
            event = svc.event_propose(proposer=request.user, online=online, **data)
        else:
            data.pop("is_regional_workshop", None)
            event = svc.event_update_proposal(event=event, proposer=request.user, online=online, **data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
    messages.success(request, _("Đã gửi đề xuất sự kiện; Ban quản lý sẽ duyệt và báo lại."))
    return redirect("campaigns:proposal_list")


@proposer_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    form = EventProposalForm(request.POST or None, staff=is_ministry_staff(request.user))
    if request.method == "POST" and form.is_valid() and (response := _save(request, form, None)):
        return response
    return render(
        request, "campaigns/proposals/form.html", {"form": form}, status=400 if form.errors else 200
    )


@proposer_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    event = get_object_or_404(Event.objects.filter(created_by=request.user), pk=pk)
    if event.status not in svc.EDITABLE:
        raise Http404
    form = EventProposalForm(request.POST or None, initial=EventProposalForm.initial_from(event))
    if request.method == "POST" and form.is_valid() and (response := _save(request, form, event)):
        return response
    return render(
        request,
        "campaigns/proposals/form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@ministry_required
@require_GET
def review_queue(request):
    events = (
        Event.objects.filter(status=EventStatus.PROPOSED)
        .select_related("province", "created_by")
        .order_by("starts_at")
    )
    return render(
        request,
        "campaigns/proposals/review.html",
        {"page": Paginator(events, 20).get_page(request.GET.get("page")), "form": ReviewForm()},
    )


@ministry_required
@require_POST
def review_action(request, pk: int, action: str):
    event = get_object_or_404(Event, pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if action == "duyet":
            svc.event_approve(event=event, actor=request.user, note=reason)
            messages.success(request, _("Đã duyệt và công bố “%(event)s”.") % {"event": event.title})
        elif action == "tra-lai":
            svc.event_return(event=event, actor=request.user, reason=reason)
            messages.success(request, _("Đã trả lại đề xuất “%(event)s”.") % {"event": event.title})
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("campaigns:proposal_review")


@role_required(Role.MINISTRY_STAFF, Role.MOIT_STAFF)
@require_GET
def regional_workshops(request):
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("nam", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2022), this_year + 1)
    workshops = svc.regional_workshops(year=year)
    return render(
        request,
        "campaigns/proposals/regional.html",
        {
            "year": year,
            "years": range(this_year + 1, 2021, -1),
            "workshops": workshops,
            "held": sum(workshop.held for workshop in workshops),
        },
    )
