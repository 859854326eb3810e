"""Staff decisions in the admin: the forms their intermediate page asks for (the actions themselves are
smedx_portal.admin_decisions.DecisionAction, the project's one decision helper) and the decisions' trail."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from smedx_portal.forms import DateField
from smedx_portal.models import AuditEntry


# --- what the decisions ask for ---------------------------------------------------------------------
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
