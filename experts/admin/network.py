"""Vetting applications, certifying experts, the network's rules."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from experts.admin.decisions import (
    AuditTrailMixin,
    CertifyForm,
    OptionalReasonForm,
    ReasonForm,
)
from experts.models import (
    ApplicationDocument,
    Expert,
    ExpertApplication,
    NetworkRules,
)
from experts.services import applications, certification
from smedx_portal.admin_decisions import DecisionAction, DecisionActionsMixin
from smedx_portal.personal import AccessLoggedAdminMixin


# --- applications ----------------------------------------------------------------------------------
class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    can_delete = False
    fields = ["link", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Tệp"))
    def link(self, document):
        return format_html(
            '<a href="{}">{}</a>', reverse("experts:document", args=[document.pk]), document.name
        )


@admin.register(ExpertApplication)
class ExpertApplicationAdmin(
    AccessLoggedAdminMixin, AuditTrailMixin, DecisionActionsMixin, SimpleHistoryAdmin
):
    list_display = ["name", "kind", "user", "status", "submitted_at", "resubmissions", "decided_by"]
    list_filter = ["status", "kind", "provinces"]
    search_fields = ["name", "user__phone", "user__full_name", "tax_code"]
    date_hierarchy = "submitted_at"
    inlines = [DocumentInline]
    readonly_fields = [
        "user",
        "kind",
        "name",
        "tax_code",
        "headline",
        "bio",
        "specialty_list",
        "sectors",
        "provinces",
        "language_list",
        "years_experience",
        "references",
        "status",
        "decision_reason",
        "decided_at",
        "decided_by",
        "submitted_at",
        "resubmissions",
        "audit_trail",
    ]
    exclude = ["specialties", "languages"]
    decision_object_arg = "application"
    actions = ["approve", "request_info", "reject"]
    approve = DecisionAction(
        _("Chấp thuận vào mạng lưới"),
        form_class=OptionalReasonForm,
        service=applications.application_approve,
        success=_("Đã chấp thuận %(count)s hồ sơ."),
        allowed_permissions=("change",),
    )
    request_info = DecisionAction(
        _("Yêu cầu bổ sung thông tin"),
        form_class=ReasonForm,
        service=applications.application_request_info,
        success=_("Đã yêu cầu bổ sung %(count)s hồ sơ."),
        allowed_permissions=("change",),
    )
    reject = DecisionAction(
        _("Từ chối hồ sơ"),
        form_class=ReasonForm,
        service=applications.application_reject,
        success=_("Đã từ chối %(count)s hồ sơ."),
        allowed_permissions=("change",),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Chuyên môn"))
    def specialty_list(self, obj):
        return ", ".join(obj.specialty_labels())

    @admin.display(description=_("Ngôn ngữ"))
    def language_list(self, obj):
        return ", ".join(obj.language_labels())


# --- experts ---------------------------------------------------------------------------------------
@admin.register(Expert)
class ExpertAdmin(AccessLoggedAdminMixin, AuditTrailMixin, DecisionActionsMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "status",
        "certificate_number",
        "certificate_status",
        "rating_avg",
        "rating_count",
    ]
    list_filter = ["status", "kind", "specialties__code", "provinces"]
    search_fields = ["name", "search_key", "user__phone", "certificate__number"]
    list_select_related = ["certificate"]
    readonly_fields = [
        "user",
        "application",
        "status",
        "status_reason",
        "certificate",
        "training_course",
        "training_completed_on",
        "rating_avg",
        "rating_count",
        "created_at",
        "audit_trail",
    ]
    fields = ["name", "headline", "bio", "kind", "years_experience", "sectors", "provinces", *readonly_fields]
    filter_horizontal = ["sectors", "provinces"]
    decision_object_arg = "expert"
    actions = ["certify", "suspend", "reinstate", "remove"]
    certify = DecisionAction(
        _("Cấp chứng nhận (sau đào tạo)"),
        form_class=CertifyForm,
        service=certification.expert_certify,
        success=_("Đã cấp chứng nhận cho %(count)s chuyên gia."),
        allowed_permissions=("change",),
    )
    suspend = DecisionAction(
        _("Tạm đình chỉ"),
        form_class=ReasonForm,
        service=certification.expert_suspend,
        success=_("Đã tạm đình chỉ %(count)s chuyên gia."),
        allowed_permissions=("change",),
    )
    reinstate = DecisionAction(
        _("Khôi phục hoạt động"),
        form_class=ReasonForm,
        service=certification.expert_reinstate,
        success=_("Đã khôi phục %(count)s chuyên gia."),
        allowed_permissions=("change",),
    )
    remove = DecisionAction(
        _("Đưa ra khỏi mạng lưới (thu hồi chứng nhận)"),
        form_class=ReasonForm,
        service=certification.expert_remove,
        success=_("Đã đưa %(count)s chuyên gia ra khỏi mạng lưới."),
        allowed_permissions=("change",),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Số chứng nhận"))
    def certificate_number(self, obj):
        return obj.certificate.number if obj.certificate else "-"

    @admin.display(description=_("Hiệu lực chứng nhận"))
    def certificate_status(self, obj):
        return obj.get_certification_status_display()


@admin.register(NetworkRules)
class NetworkRulesAdmin(SimpleHistoryAdmin):
    list_display = ["title", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
