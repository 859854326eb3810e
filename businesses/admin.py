from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from accounts.permissions import ProvinceScopedAdminMixin, is_ministry_staff
from businesses.models import (
    Business,
    IdentityLookup,
    LegacyProvince,
    Membership,
    MembershipStatus,
    Province,
    Sector,
    Ward,
)
from businesses.resources import BusinessResource
from businesses.services import (
    EDITABLE_FIELDS,
    business_create,
    business_reject,
    business_update,
    business_verify,
    membership_approve,
    membership_refuse,
)
from smedx_portal.admin_decisions import DecisionAction, DecisionActionsMixin
from smedx_portal.personal import AccessLoggedAdminMixin
from smedx_portal.private_search import private_search_lookup, private_search_store
from smedx_portal.programmes import short_name
from smedx_portal.spreadsheets import SafeCSV
from smedx_portal.trial_sets import TRIAL_LABEL, trial_set_ids

IMPORT_CONFIRM_SECONDS = 24 * 3600  # a confirmed import file is remembered this long
SEARCH_TOKEN_PREFIX = "tim:"


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name", "search_key", "codename"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name", "search_key", "code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_select_related = ["province"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "is_retail", "position"]
    search_fields = ["name", "name_en", "code"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"),
        help_text=_("Các doanh nghiệp sau sẽ bị từ chối xác minh. Lý do sẽ hiển thị cho người đại diện."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


@admin.register(Business)
class BusinessAdmin(
    AccessLoggedAdminMixin,
    ProvinceScopedAdminMixin,
    DecisionActionsMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    resource_classes = [BusinessResource]
    change_list_template = "admin/businesses/business/change_list.html"  # the search box posts
    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [SafeCSV, base_formats.XLSX]  # CSV cells that a spreadsheet would run are neutralised
    list_display = ["name", "kind", "tax_code", "province", "verification_status", "size_class", "created_at"]
    list_filter = ["verification_status", "kind", "in_smedx", "in_rdx", "size_class", "province"]
    list_select_related = ["province"]
    search_fields = ["name", "search_name", "tax_code"]
    autocomplete_fields = ["ward"]
    readonly_fields = [
        "size_class",
        "verification_status",
        "verification_reason",
        "verified_at",
        "programme_results",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "in_smedx",
                    "in_rdx",
                    "name",
                    "tax_code",
                    "sector",
                    "employees",
                    "annual_revenue",
                ]
            },
        ),
        (_("Địa bàn"), {"fields": ["province", "ward", "address", "phone"]}),
        (_("Xác minh"), {"fields": ["verification_status", "verification_reason", "verified_at"]}),
        (_("Kết quả đánh giá gần nhất"), {"fields": ["programme_results"]}),
        (None, {"fields": ["size_class", "created_at", "updated_at"]}),
    ]
    actions = ["verify_selected", "reject_selected"]

    def process_import(self, request, **kwargs):
        """Confirming the same file twice (a double click, the back button) imports it once, then says so."""
        name = request.POST.get("import_file_name", "")
        if name and cache.add(f"businesses:import-confirmed:{name}", True, timeout=IMPORT_CONFIRM_SECONDS):
            try:
                return super().process_import(request, **kwargs)
            except FileNotFoundError:
                pass  # imported by an earlier confirmation (the temporary file is removed after it)
        self.message_user(request, _("Tệp này đã được nhập rồi: không nhập lại."), messages.WARNING)
        return redirect("admin:businesses_business_changelist")

    def get_urls(self):
        search = path(
            "tim-kiem/",
            self.admin_site.admin_view(self.private_search_view),
            name="businesses_business_search",
        )
        return [search, *super().get_urls()]

    def private_search_view(self, request):
        """The search box posts here (a CCCD typed in it never goes in a URL or an access log): the query is kept
        in the session and the list opens with a token standing for it (`?q=tim:<token>`)."""
        changelist = reverse("admin:businesses_business_changelist")
        query = request.POST.get("q", "").strip() if request.method == "POST" else ""
        if not query:
            return redirect(changelist)
        return redirect(
            f"{changelist}?{urlencode({'q': SEARCH_TOKEN_PREFIX + private_search_store(request, query)})}"
        )

    def get_search_results(self, request, queryset, search_term):
        """A 12-digit CCCD is stored masked: typed in full, it is found by its keyed hash. A search posted from
        the search box arrives as a token standing for the query kept in the session."""
        if search_term.startswith(SEARCH_TOKEN_PREFIX):
            search_term = private_search_lookup(request, search_term.removeprefix(SEARCH_TOKEN_PREFIX))
            if not search_term:
                return queryset.none(), False
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        digits = "".join(ch for ch in search_term if ch.isdigit())
        if len(digits) == 12:
            results |= queryset.with_tax_code(digits)
        return results, may_have_duplicates

    @admin.display(description=_("Theo chương trình"))
    def programme_results(self, obj: Business) -> str:
        """The latest result in each programme (copied from the submitted survey; read only), labelled when it
        was scored under the portal's own retired trial criteria."""
        trial_ids = trial_set_ids()
        results = [
            _("%(programme)s: %(level)s, %(score)s điểm, %(date)s (bộ tiêu chí phiên bản %(version)s)")
            % {
                "programme": short_name(result.programme),
                "level": result.get_level_display(),
                "score": result.score,
                "date": timezone.localtime(result.assessed_at).strftime("%d/%m/%Y"),
                "version": result.criteria_version,
            }
            + (f" — {TRIAL_LABEL}" if result.criteria_set_id in trial_ids else "")
            for result in obj.results.order_by("programme")
        ]
        return "; ".join(results) or _("Chưa đánh giá")

    def save_model(self, request, obj, form, change):
        """Saved through the services: derived fields, summary tables, back-to-review on key changes."""
        data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS if name in form.cleaned_data}
        if change:
            saved = business_update(business=obj, actor=request.user, data=data)
        else:
            saved = business_create(
                actor=request.user, data=data, history_reason=str(_("Tạo trong trang quản trị"))
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    @admin.action(description=_("Xác minh các doanh nghiệp đã chọn"))
    def verify_selected(self, request, queryset):
        done = 0
        for business in queryset.select_related("province"):
            try:
                business_verify(business=business, actor=request.user)
                done += 1
            except PermissionDenied:
                self.message_user(
                    request, _("Không có quyền với %(name)s.") % {"name": business}, messages.ERROR
                )
        self.message_user(
            request, _("Đã xác minh %(count)d doanh nghiệp.") % {"count": done}, messages.SUCCESS
        )

    decision_object_arg = "business"
    reject_selected = DecisionAction(
        _("Từ chối xác minh (ghi lý do)…"),
        title=_("Từ chối xác minh"),
        form_class=RejectForm,
        service=business_reject,
        success=_("Đã từ chối %(count)d doanh nghiệp."),
    )


@admin.register(Membership)
class MembershipAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "business", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    list_select_related = ["user", "business"]
    search_fields = ["user__phone", "user__full_name", "business__name", "business__tax_code"]
    raw_id_fields = ["user", "business"]
    actions = ["approve_selected", "refuse_selected"]

    @admin.action(description=_("Chấp thuận các yêu cầu tham gia đã chọn"))
    def approve_selected(self, request, queryset):
        for membership in queryset.filter(status=MembershipStatus.PENDING).select_related("business"):
            membership_approve(membership=membership, actor=request.user)
        self.message_user(request, _("Đã xử lý."), messages.SUCCESS)

    @admin.action(description=_("Từ chối các yêu cầu tham gia đã chọn"))
    def refuse_selected(self, request, queryset):
        for membership in queryset.filter(status=MembershipStatus.PENDING).select_related("business"):
            membership_refuse(membership=membership, actor=request.user)
        self.message_user(request, _("Đã xử lý."), messages.SUCCESS)


@admin.register(IdentityLookup)
class IdentityLookupAdmin(admin.ModelAdmin):
    """The identity API's log (key, purpose, count, time), for ministry staff to review; nobody edits it."""

    list_display = ["created_at", "api_key", "purpose", "count", "answered"]
    list_filter = ["api_key"]
    list_select_related = ["api_key"]
    search_fields = ["purpose", "api_key__name", "api_key__prefix"]
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return is_ministry_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_ministry_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
