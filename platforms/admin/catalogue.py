"""Admin of the reference data (domains, groups, criteria), providers and platforms."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platforms.models import (
    CategoryGroup,
    Document,
    Domain,
    EvaluationCriterion,
    ListingStatus,
    Offer,
    Platform,
    Provider,
)
from platforms.services.providers import platform_search_key
from smedx_portal.personal import AccessLoggedAdminMixin

# A web address typed without a scheme is taken as https:// (Django 6's default; saying so now, as the portal's
# own forms do, keeps the admin forms free of RemovedInDjango60Warning).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "position"]
    list_editable = ["position"]


@admin.register(CategoryGroup)
class CategoryGroupAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "programme",
        "domain",
        "position",
        "is_active",
        "selected",
        "complementary",
    ]
    list_filter = ["programme", "domain", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["domain"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_selected=Count("listings", filter=Q(listings__status=ListingStatus.SELECTED)),
                n_complementary=Count("listings", filter=Q(listings__status=ListingStatus.COMPLEMENTARY)),
            )
        )

    @admin.display(description=gettext_lazy("được lựa chọn"), ordering="n_selected")
    def selected(self, obj):
        return f"{obj.n_selected}/3"

    @admin.display(description=gettext_lazy("bổ sung"), ordering="n_complementary")
    def complementary(self, obj):
        return obj.n_complementary


@admin.register(EvaluationCriterion)
class EvaluationCriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "programme", "weight", "scale_max", "position", "is_active"]
    list_editable = ["weight", "scale_max", "position", "is_active"]
    list_filter = ["kind", "programme", "is_active"]

    def changelist_view(self, request, extra_context=None):
        totals = (
            EvaluationCriterion.objects.filter(is_active=True).values("kind").annotate(total=Sum("weight"))
        )
        if request.method == "GET":
            summary = ", ".join(f"{row['kind']}: {row['total']}" for row in totals)
            messages.info(
                request, _("Tổng trọng số các tiêu chí đang áp dụng — %(summary)s.") % {"summary": summary}
            )
        return super().changelist_view(request, extra_context)


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0
    fields = ["title", "programme", "valid_from", "valid_until", "is_active"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["title", "kind", "download", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("tệp"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Tải về"))


@admin.register(Provider)
class ProviderAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "tax_code", "owner", "contact_name", "contact_phone", "created_at"]
    search_fields = ["name", "tax_code", "contact_phone", "owner__phone"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    formfield_overrides = HTTPS_URLS


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "usage_count", "certificate", "updated_at"]
    search_fields = ["search_key", "name"]
    list_select_related = ["provider", "certificate"]
    readonly_fields = ["usage_count", "certificate"]
    inlines = [OfferInline, DocumentInline]
    raw_id_fields = ["provider"]
    formfield_overrides = HTTPS_URLS

    def get_search_results(self, request, queryset, search_term):
        from smedx_portal.text import search_key

        return super().get_search_results(request, queryset, search_key(search_term))

    def save_model(self, request, obj, form, change):
        obj.search_key = platform_search_key(obj)
        super().save_model(request, obj, form, change)
