from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import ProgrammeTarget, ProvinceRanking, ProvinceRankingRow, ReportJob


@admin.register(ProgrammeTarget)
class ProgrammeTargetAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "year", "indicator", "value", "source"]
    list_filter = ["programme", "year", "indicator"]


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "scope",
        "province",
        "period_from",
        "period_to",
        "status",
        "requester",
        "created_at",
    ]
    list_filter = ["status", "kind", "scope"]
    list_select_related = ["province", "requester"]
    readonly_fields = [field.name for field in ReportJob._meta.fields]

    def has_add_permission(self, request):
        return False  # asked for on the reports page, so the Celery task is queued


class RankingRowInline(admin.TabularInline):
    model = ProvinceRankingRow
    extra = 0
    can_delete = False
    readonly_fields = [field.name for field in ProvinceRankingRow._meta.fields]


@admin.register(ProvinceRanking)
class ProvinceRankingAdmin(admin.ModelAdmin):
    list_display = ["year", "published_at", "published_by"]
    inlines = [RankingRowInline]
    readonly_fields = ["year", "published_at", "published_by", "weights", "note"]

    def has_add_permission(self, request):
        return False  # published through the ranking page (audit-logged)
