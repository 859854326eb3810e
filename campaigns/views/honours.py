"""Honours: the public page, and the ministry staff's review of the proposals."""

from __future__ import annotations

import datetime

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from businesses.models import Business
from campaigns.models import Honour, HonourCategory, HonourEntry, HonourPeriod, HonourStatus
from campaigns.models.honours import PLATFORM_CATEGORIES
from campaigns.services import honours as svc
from smedx_portal.forms import DateField
from smedx_portal.models import AuditEntry
from smedx_portal.programmes import Programme

ministry_staff = role_required(Role.MINISTRY_STAFF)


class ProposeForm(forms.Form):
    programme = forms.ChoiceField(label=gettext_lazy("Chương trình"), choices=Programme.choices)
    period = forms.ChoiceField(label=gettext_lazy("Kỳ"), choices=HonourPeriod.choices)
    day = DateField(label=gettext_lazy("Một ngày trong kỳ"))


class AddEntryForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Hạng mục"), choices=HonourCategory.choices)
    subject = forms.CharField(
        label=gettext_lazy("Nền tảng hoặc doanh nghiệp"),
        max_length=100,
        help_text=gettext_lazy("Tên nền tảng; với doanh nghiệp: mã số thuế hoặc mã hồ sơ."),
    )
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=1000)

    def clean(self):
        cleaned = super().clean()
        subject, category = cleaned.get("subject", "").strip(), cleaned.get("category")
        if not subject or not category:
            return cleaned
        if category in PLATFORM_CATEGORIES:
            platform_model = apps.get_model("platforms", "Platform")
            found = platform_model.objects.filter(
                Q(name__iexact=subject) | Q(pk=int(subject) if subject.isdigit() else 0)
            )
            cleaned["platform_id"] = found.values_list("pk", flat=True).first()
            if cleaned["platform_id"] is None:
                raise forms.ValidationError(_("Không tìm thấy nền tảng “%(name)s”.") % {"name": subject})
        else:
            found = Business.objects.filter(
                Q(tax_code=subject) | Q(pk=int(subject) if subject.isdigit() else 0)
            )
            cleaned["business_id"] = found.values_list("pk", flat=True).first()
            if cleaned["business_id"] is None:
                raise forms.ValidationError(_("Không tìm thấy doanh nghiệp “%(code)s”.") % {"code": subject})
        return cleaned


def _entries(honour: Honour, *, included_only: bool):
    entries = honour.entries.select_related("platform", "business", "business__province")
    if included_only:
        entries = entries.filter(included=True)
    return svc.group_entries(list(entries))


@require_GET
def honour_list(request):
    honours = Honour.objects.filter(status=HonourStatus.PUBLISHED).order_by("-published_at")
    programme = request.GET.get("programme", "")
    if programme in Programme.values:
        honours = honours.filter(programme=programme)
    page = Paginator(honours, 12).get_page(request.GET.get("page"))
    return render(request, "campaigns/honour_list.html", {"page": page, "programme": programme})


@require_GET
def honour_detail(request, pk: int):
    honour = get_object_or_404(Honour, pk=pk, status=HonourStatus.PUBLISHED)
    return render(
        request,
        "campaigns/honour_detail.html",
        {"honour": honour, "groups": _entries(honour, included_only=True)},
    )


@ministry_staff
@require_http_methods(["GET", "POST"])
def honour_proposals(request):
    form = ProposeForm(
        request.POST or None, initial={"day": timezone.localdate() - datetime.timedelta(days=28)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            honour = svc.honour_propose(
                programme=form.cleaned_data["programme"],
                period=form.cleaned_data["period"],
                day=form.cleaned_data["day"],
                actor=request.user,
                refresh=True,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("campaigns:honour_review", pk=honour.pk)
    page = Paginator(Honour.objects.order_by("status", "-period_start"), 20).get_page(request.GET.get("page"))
    return render(request, "campaigns/honour_proposals.html", {"page": page, "form": form})


@ministry_staff
@require_GET
def honour_review(request, pk: int):
    honour = get_object_or_404(Honour, pk=pk)
    return render(
        request,
        "campaigns/honour_review.html",
        {
            "honour": honour,
            "groups": _entries(honour, included_only=False),
            "add_form": AddEntryForm(),
            "log": AuditEntry.objects.for_object(honour).select_related("actor")[:30],
        },
    )


@ministry_staff
@require_POST
def honour_action(request, pk: int, action: str):
    honour = get_object_or_404(Honour, pk=pk)
    try:
        if action in ("include", "exclude"):
            entry = get_object_or_404(HonourEntry, pk=request.POST.get("entry"), honour=honour)
            svc.honour_entry_set_included(
                entry=entry,
                actor=request.user,
                included=action == "include",
                reason=request.POST.get("reason", ""),
            )
        elif action == "add":
            form = AddEntryForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            svc.honour_entry_add(
                honour=honour,
                actor=request.user,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
                platform_id=form.cleaned_data.get("platform_id"),
                business_id=form.cleaned_data.get("business_id"),
            )
        elif action == "publish":
            svc.honour_publish(honour=honour, actor=request.user, note=request.POST.get("note", "").strip())
            messages.success(request, _("Đã công bố đợt vinh danh và đăng tin."))
            return redirect(honour)
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("campaigns:honour_review", pk=honour.pk)
