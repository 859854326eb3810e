"""The support request queue: typing an answer and saving sends it to the requester."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from experts.admin.decisions import (
    AuditTrailMixin,
    OptionalReasonForm,
)
from experts.models import (
    SupportRequest,
)
from experts.services import support
from smedx_portal.admin_decisions import DecisionAction, DecisionActionsMixin
from smedx_portal.personal import AccessLoggedAdminMixin


# --- support requests --------------------------------------------------------------------------------
class SupportAnswerForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 6, "cols": 80})}


@admin.register(SupportRequest)
class SupportRequestAdmin(AccessLoggedAdminMixin, AuditTrailMixin, DecisionActionsMixin, SimpleHistoryAdmin):
    """The queue: new requests first. Typing an answer and saving sends it to the requester by SMS/email."""

    form = SupportAnswerForm
    list_display = [
        "id",
        "name",
        "phone",
        "topic",
        "programme",
        "about_platform",
        "status",
        "created_at",
        "answered_at",
    ]
    list_select_related = ["about_platform"]
    list_filter = ["status", "topic", "programme"]
    search_fields = ["name", "phone", "email", "message"]
    ordering = ["status", "created_at"]
    readonly_fields = [
        "name",
        "phone",
        "email",
        "programme",
        "topic",
        "message",
        "about_platform",
        "user",
        "status",
        "answered_by",
        "answered_at",
        "created_at",
        "audit_trail",
    ]
    fields = [*readonly_fields[:7], "answer", *readonly_fields[7:]]
    decision_object_arg = "support_request"
    actions = ["close_requests"]
    close_requests = DecisionAction(
        _("Đóng yêu cầu"),
        form_class=OptionalReasonForm,
        service=support.support_request_close,
        arguments={},  # the note is not kept
        success=_("Đã đóng %(count)s yêu cầu."),
        allowed_permissions=("change",),
    )

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data:
            support.support_request_answer(
                support_request=obj, actor=request.user, answer=form.cleaned_data["answer"]
            )
        # nothing else is editable here
