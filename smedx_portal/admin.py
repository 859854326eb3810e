from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from smedx_portal.audit_labels import action_label
from smedx_portal.models import AuditEntry, Certificate, ProgrammePhase
from smedx_portal.tasks import render_certificate_pdf

# The admin speaks the portal's language (Vietnamese first, English with the language switch).
admin.site.site_header = _("Quản trị Cổng chuyển đổi số doanh nghiệp")
admin.site.site_title = _("Quản trị cổng SMEdx / RDX")
admin.site.index_title = _("Trang quản trị")


class ActionFilter(admin.SimpleListFilter):
    """The actions recorded so far, by their Vietnamese label (the code beside it, for searching)."""

    title = _("hành động")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        return [(code, f"{action_label(code)} · {code}") for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_display", "subject_type", "object_id", "reason"]
    list_filter = [ActionFilter, "content_type"]
    search_fields = ["object_id", "reason", "actor__phone"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"

    @admin.display(description=_("hành động"), ordering="action")
    def action_display(self, entry: AuditEntry) -> str:
        return action_label(entry.action)

    @admin.display(description=_("đối tượng"), ordering="content_type")
    def subject_type(self, entry: AuditEntry) -> str:
        model = entry.content_type.model_class()
        return str(model._meta.verbose_name) if model else entry.content_type.model

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Certificates are issued, suspended and revoked from the subject's own admin (platform, expert...),
    through services that log the decision; here staff find them and re-render a PDF."""

    list_display = ["number", "kind", "holder_name", "valid_from", "valid_until", "status", "issued_at"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "holder_name"]
    readonly_fields = [field.name for field in Certificate._meta.fields]
    actions = ["render_pdf_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Tạo lại tệp PDF"))
    def render_pdf_again(self, request, queryset):
        for certificate_id in queryset.values_list("pk", flat=True):
            render_certificate_pdf.delay(certificate_id)
        self.message_user(request, _("Đã yêu cầu tạo lại %(count)d tệp PDF.") % {"count": queryset.count()})


@admin.register(ProgrammePhase)
class ProgrammePhaseAdmin(admin.ModelAdmin):
    """Phases are planned here by ministry staff; the pilot ends through the working group's decision."""

    list_display = ["programme", "kind", "starts_on", "ends_on", "province_codes"]
    list_filter = ["programme", "kind"]

    def has_module_permission(self, request):
        return request.user.is_superuser or getattr(request.user, "is_ministry_staff", False)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


# The data-sharing API's models (keys, call log, webhooks) have their admin beside the API.
from smedx_portal.api import admin as _api_admin  # noqa: E402, F401 - registers the API models
