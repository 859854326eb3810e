"""The partnership back office: trials and their ratings' moderation, agreements and their terms."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from platforms import services
from platforms.admin.decisions import DecisionActionsMixin
from platforms.forms import OptionalReasonForm, ReasonForm
from platforms.models import Agreement, AgreementTerms, Trial
from platforms.partnership_forms import AgreementGraceForm, AgreementRenewForm


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


@admin.register(AgreementTerms)
class AgreementTermsAdmin(admin.ModelAdmin):
    """A new version is a new row: agreements keep the version they were sent with."""

    list_display = ["title", "programme", "version", "created_at"]
    list_filter = ["programme"]

    def get_readonly_fields(self, request, obj=None):
        return ["programme", "version", "title", "rights", "obligations"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(DecisionActionsMixin, SimpleHistoryAdmin):
    decision_object_arg = "agreement"
    list_display = ["platform", "programme", "status", "starts_on", "ends_on", "grace_until", "signed_at"]
    list_filter = ["status", "programme"]
    search_fields = ["platform__name", "platform__provider__name"]
    list_select_related = ["platform"]
    readonly_fields = [field.name for field in Agreement._meta.fields] + ["offers"]
    actions = ["set_grace", "renew", "terminate"]

    def has_add_permission(self, request):
        return False  # issued when a platform is selected, or by renewal

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Đặt thời gian vẫn hiển thị khi chờ ký"))
    def set_grace(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            form_class=AgreementGraceForm,
            title=_("Thời gian vẫn hiển thị khi chờ ký"),
            action="set_grace",
            run=lambda data: self._run(
                request,
                queryset,
                services.agreement_set_grace,
                _("Đã cập nhật %(count)d thỏa thuận."),
                **data,
            ),
        )

    @admin.action(description=gettext_lazy("Gia hạn (gửi thỏa thuận mới để ký)"))
    def renew(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            form_class=AgreementRenewForm,
            title=_("Gia hạn thỏa thuận"),
            action="renew",
            run=lambda data: self._run(
                request, queryset, services.agreement_renew, _("Đã gửi %(count)d thỏa thuận gia hạn."), **data
            ),
        )

    @admin.action(description=gettext_lazy("Chấm dứt thỏa thuận (nêu lý do)"))
    def terminate(self, request, queryset):
        return self._decide_with_reason(
            request,
            queryset,
            ReasonForm,
            _("Chấm dứt thỏa thuận"),
            "terminate",
            services.agreement_terminate,
            _("Đã chấm dứt %(count)d thỏa thuận."),
        )
