"""Events: public pages, registration by a business's representative, the ticket (QR), attendance."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import is_staff_or_officer, role_required, scope_to_province
from businesses.selectors import businesses_of
from campaigns.models import Event, EventKind, EventRegistration, Region, RegistrationStatus
from campaigns.models.events import SEAT_HOLDING, EventStatus
from campaigns.services import events as svc
from campaigns.services.proposals import may_manage
from smedx_portal.pdf import qr_svg
from smedx_portal.programmes import Programme

staff_or_officer = role_required(Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)


class RegistrationForm(forms.Form):
    business = forms.ModelChoiceField(label=gettext_lazy("Đăng ký cho"), queryset=None, empty_label=None)
    attendee_name = forms.CharField(label=gettext_lazy("Họ tên người tham dự"), max_length=150)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business"].queryset = businesses_of(user).order_by("name")
        self.fields["attendee_name"].initial = user.full_name


def _with_counts(queryset):
    return queryset.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status__in=SEAT_HOLDING)),
        waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )


@require_GET
def event_list(request):
    when = request.GET.get("when", "upcoming")
    events = Event.objects.public().select_related("province")
    events = (
        events.past().order_by("-starts_at") if when == "past" else events.upcoming().order_by("starts_at")
    )
    filters = {
        "programme": (Programme.values, "programme"),
        "region": (Region.values, "region"),
        "kind": (EventKind.values, "kind"),
    }
    chosen = {}
    for name, (allowed, field) in filters.items():
        value = request.GET.get(name, "")
        if value in allowed:
            chosen[name] = value
            events = (
                events.filter(Q(**{field: value}) | Q(**{field: ""}))
                if name == "programme"
                else events.filter(**{field: value})
            )
    page = Paginator(_with_counts(events), 12).get_page(request.GET.get("page"))
    year = timezone.localdate().year
    return render(
        request,
        "campaigns/event_list.html",
        {
            "page": page,
            "when": when,
            "chosen": chosen,
            "regions": Region.choices,
            "kinds": EventKind.choices,
            "year": year,
            "participation": svc.participation(year=year),
        },
    )


def _public_event(slug: str) -> Event:
    return get_object_or_404(_with_counts(Event.objects.public().select_related("province")), slug=slug)


@require_GET
def event_detail(request, slug: str):
    event = _public_event(slug)
    mine = None
    form = None
    if request.user.is_authenticated:
        mine = (
            EventRegistration.objects.filter(event=event, user=request.user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
        if mine is None and event.is_open_for_registration:
            form = RegistrationForm(user=request.user)
    return render(
        request,
        "campaigns/event_detail.html",
        {
            "event": event,
            "seats_left": max(event.capacity - event.seats_taken, 0),
            "mine": mine,
            "ticket_token": svc.ticket_token(mine) if mine else "",
            "form": form,
            "can_manage": may_manage(request.user, event),
        },
    )


@login_required
@require_POST
def event_register(request, slug: str):
    event = _public_event(slug)
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Chọn doanh nghiệp bạn đại diện và nhập họ tên người tham dự."))
        return redirect(event)
    try:
        registration = svc.event_register(
            event=event,
            user=request.user,
            business=form.cleaned_data["business"],
            attendee_name=form.cleaned_data["attendee_name"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(event)
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.warning(
            request, _("Sự kiện đã đủ chỗ: bạn ở danh sách chờ và sẽ được báo qua SMS khi có chỗ.")
        )
    else:
        messages.success(request, _("Đăng ký thành công. Mang vé (mã QR) này tới sự kiện."))
    return redirect("campaigns:event_checkin", token=svc.ticket_token(registration))


@login_required
@require_POST
def registration_cancel(request, pk: int):
    registration = get_object_or_404(EventRegistration.objects.select_related("event"), pk=pk)
    staff_may = (
        is_staff_or_officer(request.user)
        and scope_to_province(Event.objects.filter(pk=registration.event_id), request.user).exists()
    )
    if registration.user_id != request.user.pk and not staff_may:
        raise Http404
    try:
        svc.registration_cancel(registration=registration, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã hủy đăng ký."))
    return redirect(registration.event)


@require_http_methods(["GET", "POST"])
def event_checkin(request, token: str):
    """The ticket: its QR code leads here. The holder sees the ticket; staff at the door confirm attendance."""
    registration = svc.registration_from_ticket(token)
    if registration is None:
        raise Http404
    event = registration.event
    can_check_in = may_manage(request.user, event)
    if request.method == "POST":
        if not can_check_in:
            raise PermissionDenied
        try:
            svc.registration_mark_attended(registration=registration, actor=request.user, via="qr")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã điểm danh: %(name)s.") % {"name": registration.attendee_name})
        return redirect("campaigns:event_checkin", token=token)
    return render(
        request,
        "campaigns/event_ticket.html",
        {
            "registration": registration,
            "event": event,
            "qr_svg": qr_svg(svc.ticket_url(registration)),
            "can_check_in": can_check_in,
            "is_holder": request.user.is_authenticated and request.user.pk == registration.user_id,
        },
    )


def _managed_event(user, slug: str) -> Event:
    return get_object_or_404(scope_to_province(Event.objects.all(), user), slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def event_attendance(request, slug: str):
    """The attendance list (staff, the province's officers, the organiser): tick who came. Staff issue the
    certificates of attendance from here."""
    event = get_object_or_404(Event, slug=slug)
    if not may_manage(request.user, event):
        if is_staff_or_officer(request.user):
            raise Http404  # another province's event: as if it did not exist
        raise PermissionDenied
    if request.method == "POST":
        ids = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
        shown = {int(value) for value in request.POST.getlist("shown") if value.isdigit()}
        changed = 0
        try:
            for registration in event.registrations.filter(pk__in=shown).exclude(
                status=RegistrationStatus.CANCELLED
            ):
                attended = registration.pk in ids
                if attended != (registration.status == RegistrationStatus.ATTENDED):
                    svc.registration_mark_attended(
                        registration=registration, actor=request.user, attended=attended
                    )
                    changed += 1
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        messages.success(request, _("Đã cập nhật điểm danh (%(n)s thay đổi).") % {"n": changed})
        return redirect(request.get_full_path())
    registrations = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("business", "certificate")
        .order_by("status", "attendee_name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        registrations = registrations.filter(
            Q(attendee_name__icontains=query) | Q(attendee_phone__contains=query)
        )
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    counts = dict(event.registrations.values_list("status").annotate(n=Count("id")).order_by())
    return render(
        request,
        "campaigns/event_attendance.html",
        {
            "event": event,
            "page": page,
            "counts": counts,
            "query": query,
            "statuses": RegistrationStatus,
            "can_issue": is_staff_or_officer(request.user),
        },
    )


@staff_or_officer
@require_POST
def event_certificates(request, slug: str):
    event = _managed_event(request.user, slug)
    if event.status != EventStatus.PUBLISHED or event.starts_at > timezone.now():
        messages.error(request, _("Chỉ cấp giấy chứng nhận khi sự kiện đã diễn ra."))
    else:
        issued = svc.event_issue_certificates(event=event, actor=request.user)
        messages.success(request, _("Đã cấp %(n)s giấy chứng nhận tham dự.") % {"n": issued})
    return redirect("campaigns:event_attendance", slug=event.slug)
