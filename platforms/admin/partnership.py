"""The partnership back office: trials and their ratings' moderation."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platforms import services
from platforms.admin.decisions import DecisionActionsMixin
from platforms.forms import OptionalReasonForm, ReasonForm
from platforms.models import Trial


@admin.register(Trial)
class TrialAdmin(DecisionActionsMixin, admin.ModelAdmin):
    decision_object_arg = "trial"
    list_display = ["business", "platform", "status", "setup_due", "rating", "rating_status", "requested_at"]
    list_filter = ["status", "rating_status", "listing__group__programme"]
    search_fields = ["business__name", "platform__name", "comment"]
    list_select_related = ["business", "platform"]
    date_hierarchy = "requested_at"
    readonly_fields = [field.name for field in Trial._meta.fields]
    actions = ["approve_ratings", "reject_ratings"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Duyệt đăng đánh giá"))
    def approve_ratings(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            form_class=OptionalReasonForm,
            title=_("Duyệt đăng đánh giá"),
            action="approve_ratings",
            run=lambda data: self._run(
                request,
                queryset,
                services.trial_moderate,
                _("Đã duyệt %(count)d đánh giá."),
                approve=True,
                reason=data["reason"],
            ),
        )

    @admin.action(description=gettext_lazy("Không đăng đánh giá (nêu lý do)"))
    def reject_ratings(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Không đăng đánh giá"),
            action="reject_ratings",
            run=lambda data: self._run(
                request,
                queryset,
                services.trial_moderate,
                _("Đã không đăng %(count)d đánh giá."),
                approve=False,
                reason=data["reason"],
            ),
        )
