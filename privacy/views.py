from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.consents import OPTIONAL_PURPOSES, consent_give, consent_withdraw, purposes_in_force
from accounts.models import ConsentChannel, ConsentPurpose, Role
from accounts.permissions import role_required, scope_to_province
from businesses.models import Business, MembershipStatus
from privacy import selectors, services
from privacy.forms import (
    DataRequestForm,
    DeletionForm,
    HandleRequestForm,
    IncidentForm,
    IncidentNotifiedForm,
    OnSiteConsentForm,
)
from privacy.inventory import INVENTORY
from privacy.models import Incident, RequestKind, RequestStatus
from smedx_portal.models import AuditEntry
from smedx_portal.pdf import render_pdf
from smedx_portal.personal import log_access

STAFF = (Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)
PERSON_KINDS = {
    "sua-thong-tin": RequestKind.CORRECTION,
    "doi-so-dien-thoai": RequestKind.PHONE_CHANGE,
    "han-che-xu-ly": RequestKind.RESTRICTION,
    "phan-doi": RequestKind.OBJECTION,
}


def _posted(request):
    """The POST data to bind a form to (an empty POST still binds: its errors show)."""
    return request.POST if request.method == "POST" else None


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_GET
def notice(request):
    """The privacy notice in full: who, what data, for which purposes, on which legal basis, for how long."""
    return render(
        request, "privacy/notice.html", {"inventory": INVENTORY, "purposes": ConsentPurpose.choices}
    )


# --- the person's own page ---------------------------------------------------------------------------------
@never_cache
@login_required
@require_GET
def mine(request):
    data = selectors.personal_data(request.user)
    in_force = purposes_in_force(request.user.pk)
    consents = [
        {"code": purpose, "label": ConsentPurpose(purpose).label, "given": purpose in in_force}
        for purpose in OPTIONAL_PURPOSES
    ]
    return _private(
        render(
            request,
            "privacy/mine.html",
            {"data": data, "consents": consents, "request_kinds": PERSON_KINDS, "RequestKind": RequestKind},
        )
    )


@never_cache
@login_required
@require_GET
def download(request, fmt: str):
    data = selectors.personal_data(request.user)
    if fmt == "json":
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(
            render_pdf("privacy/my_data_pdf.html", {"data": data}), content_type="application/pdf"
        )
    response["Content-Disposition"] = f'attachment; filename="du-lieu-cua-toi.{fmt}"'
    return _private(response)


@login_required
@require_POST
def consent_change(request, purpose: str):
    """One click: withdraw (or give again) the consent to an optional purpose; effective at once everywhere."""
    if purpose not in OPTIONAL_PURPOSES:
        raise Http404
    label = ConsentPurpose(purpose).label
    if request.POST.get("give"):
        consent_give(user_id=request.user.pk, purposes=[purpose], channel=ConsentChannel.WEB)
        messages.success(request, _("Đã ghi nhận sự đồng ý: %(purpose)s.") % {"purpose": label})
    else:
        consent_withdraw(user_id=request.user.pk, purpose=purpose)
        messages.success(
            request, _("Đã rút lại sự đồng ý: %(purpose)s. Có hiệu lực ngay.") % {"purpose": label}
        )
    return redirect("privacy:mine")


@never_cache
@login_required
def request_new(request, slug: str):
    kind = PERSON_KINDS.get(slug)
    if kind is None:
        raise Http404
    businesses = selectors.represented_businesses(request.user)
    form = DataRequestForm(_posted(request), kind=kind, businesses=businesses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.data_request_create(
                user=request.user,
                kind=kind,
                details=data.get("details", ""),
                purpose=data.get("purpose", ""),
                business=data.get("business"),
                new_phone=data.get("new_phone", ""),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã gửi yêu cầu. Chúng tôi xác nhận trong 2 ngày làm việc và hoàn thành trong 15 ngày."),
            )
            return redirect("privacy:mine")
    return render(
        request, "privacy/request_form.html", {"form": form, "kind": kind, "label": RequestKind(kind).label}
    )


@never_cache
@login_required
def delete_account(request):
    form = DeletionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.person_erase(user_id=request.user.pk, actor=request.user)
        logout(request)
        messages.success(request, _("Tài khoản và dữ liệu cá nhân của bạn đã được xóa."))
        return redirect("home")
    businesses = selectors.represented_businesses(request.user)
    return render(request, "privacy/delete.html", {"form": form, "businesses": businesses})


# --- officers: consent recorded on site (enumerator channel) ------------------------------------------------
@never_cache
@role_required(*STAFF)
def on_site_consent(request, business_id: int):
    business = get_object_or_404(scope_to_province(Business.objects.all(), request.user), pk=business_id)
    representatives = (
        get_user_model()
        .objects.filter(memberships__business=business, memberships__status=MembershipStatus.ACTIVE)
        .order_by("pk")
    )
    form = OnSiteConsentForm(_posted(request), representatives=representatives)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record_on_site(
                actor=request.user,
                business=business,
                person=form.cleaned_data["representative"],
                chosen=form.chosen_purposes(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận sự đồng ý của chủ cơ sở."))
            return redirect("assessment:enumerator")
    return render(
        request,
        "privacy/on_site_consent.html",
        {"business": business, "form": form, "has_representatives": representatives.exists()},
    )


# --- staff: the queue of requests ---------------------------------------------------------------------------
@never_cache
@role_required(*STAFF)
@require_GET
def queue(request):
    status = request.GET.get("trang-thai", "open")
    if status not in ("open", *RequestStatus.values):
        status = "open"
    page = Paginator(selectors.request_queue(request.user, status=status), 30).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "privacy/queue.html",
        {"page": page, "status": status, "statuses": RequestStatus.choices},
    )


@never_cache
@role_required(*STAFF)
def request_detail(request, pk: int):
    data_request = get_object_or_404(selectors.request_queue(request.user, status=""), pk=pk)
    form = HandleRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        outcome = form.cleaned_data["outcome"]
        try:
            if action == "acknowledge":
                services.data_request_acknowledge(request=data_request, actor=request.user)
            elif action == "complete":
                services.data_request_complete(
                    request=data_request,
                    actor=request.user,
                    outcome=outcome,
                    documents_checked=form.cleaned_data["documents_checked"],
                )
            else:
                services.data_request_refuse(request=data_request, actor=request.user, reason=outcome)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật yêu cầu."))
            return redirect("privacy:request_detail", pk=pk)
    log_access(
        viewer=request.user, obj=data_request.user, what=_("Yêu cầu về dữ liệu cá nhân #%(id)s") % {"id": pk}
    )
    return _private(
        render(
            request,
            "privacy/request_detail.html",
            {
                "data_request": data_request,
                "form": form,
                "trail": AuditEntry.objects.for_object(data_request).select_related("actor"),
            },
        )
    )


# --- staff: the incident register ---------------------------------------------------------------------------
@never_cache
@role_required(Role.MINISTRY_STAFF)
def incidents(request):
    form = IncidentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_record(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi sự cố. Hạn thông báo: 72 giờ kể từ khi phát hiện."))
            return redirect("privacy:incident_detail", pk=incident.pk)
    page = Paginator(Incident.objects.all(), 30).get_page(request.GET.get("trang"))
    return render(request, "privacy/incidents.html", {"page": page, "form": form})


@never_cache
@role_required(Role.MINISTRY_STAFF)
def incident_detail(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    form = IncidentNotifiedForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_notified(
                incident=incident,
                actor=request.user,
                reference=form.cleaned_data["reference"],
                close=form.cleaned_data["close"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận việc thông báo."))
            return redirect("privacy:incident_detail", pk=pk)
    return render(
        request,
        "privacy/incident_detail.html",
        {
            "incident": incident,
            "form": form,
            "trail": AuditEntry.objects.for_object(incident).select_related("actor"),
        },
    )
