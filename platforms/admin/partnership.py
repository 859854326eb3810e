"""The partnership back office: trials and their ratings' moderation, agreements and their terms."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from platforms import services
from platforms.forms import OptionalReasonForm, ReasonForm
from platforms.models import Agreement, AgreementTerms, Trial
from platforms.partnership_forms import AgreementGraceForm, AgreementRenewForm
from smedx_portal.admin_decisions import DecisionAction, DecisionActionsMixin
from smedx_portal.personal import AccessLoggedAdminMixin


@admin.register(Trial)
class TrialAdmin(AccessLoggedAdminMixin, DecisionActionsMixin, admin.ModelAdmin):
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

    approve_ratings = DecisionAction(
        gettext_lazy("Duyệt đăng đánh giá"),
        title=gettext_lazy("Duyệt đăng đánh giá"),
        form_class=OptionalReasonForm,
        service=services.trial_moderate,
        success=gettext_lazy("Đã duyệt %(count)d đánh giá."),
        approve=True,
    )
    reject_ratings = DecisionAction(
        gettext_lazy("Không đăng đánh giá (nêu lý do)"),
        title=gettext_lazy("Không đăng đánh giá"),
        form_class=ReasonForm,
        service=services.trial_moderate,
        success=gettext_lazy("Đã không đăng %(count)d đánh giá."),
        approve=False,
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

    set_grace = DecisionAction(
        gettext_lazy("Đặt thời gian vẫn hiển thị khi chờ ký"),
        title=gettext_lazy("Thời gian vẫn hiển thị khi chờ ký"),
        form_class=AgreementGraceForm,
        service=services.agreement_set_grace,
        success=gettext_lazy("Đã cập nhật %(count)d thỏa thuận."),
    )
    renew = DecisionAction(
        gettext_lazy("Gia hạn (gửi thỏa thuận mới để ký)"),
        title=gettext_lazy("Gia hạn thỏa thuận"),
        form_class=AgreementRenewForm,
        service=services.agreement_renew,
        success=gettext_lazy("Đã gửi %(count)d thỏa thuận gia hạn."),
    )
    terminate = DecisionAction(
        gettext_lazy("Chấm dứt thỏa thuận (nêu lý do)"),
        title=gettext_lazy("Chấm dứt thỏa thuận"),
        form_class=ReasonForm,
        service=services.agreement_terminate,
        success=gettext_lazy("Đã chấm dứt %(count)d thỏa thuận."),
    )
