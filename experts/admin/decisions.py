"""Staff decisions in the admin: an action asks for the reason on an intermediate page, then calls a service."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from smedx_portal.forms import DateField
from smedx_portal.models import AuditEntry


# --- decisions with a reason -------------------------------------------------------------------------
class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do / ghi chú"), widget=forms.Textarea(attrs={"rows": 4, "cols": 80}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class CertifyForm(forms.Form):
    training_course = forms.CharField(label=_("Khóa đào tạo đã hoàn thành"), max_length=200)
    training_completed_on = DateField(label=_("Ngày hoàn thành đào tạo"))
    valid_from = DateField(label=_("Hiệu lực từ"))
    valid_until = DateField(label=_("Hiệu lực đến"))
    scope = forms.CharField(
        label=_("Phạm vi"),
        required=False,
        help_text=_("Để trống: các chuyên môn của chuyên gia."),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["valid_from"].initial = today
        self.fields["training_completed_on"].initial = today
        self.fields["valid_until"].initial = today.replace(year=today.year + 2) - datetime.timedelta(days=1)


def decision_action(*, name: str, description, form_class, apply, done_message):
    """An admin action that first shows a form (the reason), then applies a service to each selected row."""

    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                done = 0
                for obj in queryset:
                    try:
                        apply(obj, request.user, form.cleaned_data)
                        done += 1
                    except (ValidationError, PermissionDenied) as error:
                        text = " ".join(getattr(error, "messages", [str(error) or _("Không được phép.")]))
                        modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
                if done:
                    modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
                return None
        else:
            form = form_class()
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": description,
            "form": form,
            "queryset": queryset,
            "action": name,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "experts/admin/decision_form.html", context)

    action.__name__ = name
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


class AuditTrailMixin:
    """Shows the decisions logged on the row (who / when / why) on its change page."""

    @admin.display(description=_("Nhật ký quyết định"))
    def audit_trail(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        entries = AuditEntry.objects.for_object(obj).select_related("actor")[:50]
        if not entries:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} — {}{}</li>",
                (
                    (
                        timezone.localtime(entry.created_at).strftime("%d/%m/%Y %H:%M"),
                        entry.actor or _("hệ thống"),
                        entry.action,
                        f": {entry.reason}" if entry.reason else "",
                    )
                    for entry in entries
                ),
            ),
        )
