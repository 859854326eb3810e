"""Staff pages: the ministry's template plan (publish a new version) and the working group's members (add,
remove), each change through a service that writes the audit log (who, when), shown on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from programmes import access
from programmes.forms import MemberForm, PlanTemplateForm, template_initial
from programmes.models import Ministry, PlanTemplate, WorkingGroupMember
from programmes.services import group as group_services
from programmes.services import plan_templates as services
from programmes.views.common import error_messages, programme_arg
from smedx_portal.models import AuditEntry
from smedx_portal.programmes import Programme

PAGE_SIZE = 20


def _require_national(user) -> None:
    if not access.is_national(user):
        raise PermissionDenied


def _log(model, request, prefix: str):
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action__startswith=prefix
    ).select_related("actor")
    return Paginator(entries, PAGE_SIZE).get_page(request.GET.get("log"))


@login_required
def template_list(request):
    _require_national(request.user)
    programmes = access.programmes_for(request.user)
    templates = (
        PlanTemplate.objects.filter(programme__in=programmes)
        .select_related("published_by", "revised_from")
        .order_by("programme", "-year", "-version")
    )
    return render(
        request,
        "programmes/template_list.html",
        {
            "page": Paginator(templates, PAGE_SIZE).get_page(request.GET.get("page")),
            "publishable": [
                (code, label)
                for code, label in Programme.choices
                if code in programmes and services.can_publish(request.user, code)
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_publish(request, programme: str):
    programme = programme_arg(programme)
    access.require_programme(request.user, programme)
    if not services.can_publish(request.user, programme):
        raise PermissionDenied
    latest = services.latest_template(programme)
    form = PlanTemplateForm(initial=template_initial(latest, timezone.localdate().year))
    if request.method == "POST":
        form = PlanTemplateForm(request.POST)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.TEMPLATE_FIELDS}
            try:
                template = services.template_publish(actor=request.user, programme=programme, values=values)
            except ValidationError as error:
                for name, items in error_messages(error).items():
                    form.add_error(name if name in form.fields else None, items)
            else:
                messages.success(
                    request,
                    _("Đã công bố kế hoạch mẫu phiên bản %(version)s năm %(year)s.")
                    % {"version": template.version, "year": template.year},
                )
                return redirect("programmes:template_list")
    return render(
        request,
        "programmes/template_publish.html",
        {"programme": programme, "latest": latest, "form": form},
        status=400 if form.errors else 200,
    )


def _candidates(user):
    """National staff who are not current members, on the side(s) `user` manages."""
    roles = [Role.MINISTRY_STAFF, Role.MOIT_STAFF] if _manages(user) == ALL_SIDES else [Role.MOIT_STAFF]
    today = timezone.localdate()
    current = WorkingGroupMember.objects.filter(joined_on__lte=today).exclude(left_on__lte=today)
    return (
        get_user_model()
        .objects.filter(role__in=roles, is_active=True)
        .exclude(pk__in=current.values("user_id"))
        .order_by("full_name", "phone")
    )


ALL_SIDES = tuple(Ministry.values)


def _manages(user) -> tuple[str, ...]:
    """The sides of the working group `user` adds members to and removes them from."""
    return tuple(side for side in ALL_SIDES if group_services.can_manage_members(user, side))


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request):
    _require_national(request.user)
    manages = _manages(request.user)
    manager = bool(manages)
    form = MemberForm(candidates=_candidates(request.user), initial={"joined_on": timezone.localdate()})
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        form = MemberForm(request.POST, candidates=_candidates(request.user))
        if form.is_valid():
            try:
                group_services.member_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                for name, items in error_messages(error).items():
                    form.add_error(name if name in form.fields else None, items)
            else:
                messages.success(request, _("Đã thêm thành viên Tổ công tác."))
                return redirect("programmes:member_list")
    members = WorkingGroupMember.objects.select_related("user").order_by(
        F("left_on").desc(nulls_first=True), "ministry", "joined_on", "id"
    )  # current members first, then those who left, the latest first
    return render(
        request,
        "programmes/member_list.html",
        {
            "page": Paginator(members, PAGE_SIZE).get_page(request.GET.get("page")),
            "today": timezone.localdate(),
            "form": form if manager else None,
            "manages": manages,
            "log": _log(WorkingGroupMember, request, "working_group."),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def member_remove(request, pk: int):
    _require_national(request.user)
    member = get_object_or_404(WorkingGroupMember, pk=pk)
    try:
        group_services.member_remove(actor=request.user, member=member, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for items in error_messages(error).values():
            for message in items:
                messages.error(request, message)
    else:
        messages.success(request, _("%(name)s đã thôi tham gia Tổ công tác.") % {"name": member.user})
    return redirect("programmes:member_list")
