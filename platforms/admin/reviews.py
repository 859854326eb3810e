"""The periodic reviews in the admin: read-only records (decisions are taken on the staff pages, through the
services that write the audit log and tell the provider), each scoped to the programmes the staff member reviews
(MoIT staff: RDX only; a staff account of another role: nothing)."""

from __future__ import annotations

from django.contrib import admin

from platforms.models import Appeal, DelistingNotice, PlatformReview, ReviewCycle
from platforms.services.reviews import review_programmes


class ReadOnlyScopedAdmin(admin.ModelAdmin):
    programme_field = "programme"

    def get_queryset(self, request):
        programmes = review_programmes(request.user)
        return super().get_queryset(request).filter(**{f"{self.programme_field}__in": programmes})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewCycle)
class ReviewCycleAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "programme", "period_start", "period_end", "status", "opened_by", "opened_at"]
    list_filter = ["programme", "status"]
    list_select_related = ["opened_by"]


@admin.register(PlatformReview)
class PlatformReviewAdmin(ReadOnlyScopedAdmin):
    programme_field = "cycle__programme"
    list_display = [
        "listing",
        "cycle",
        "registered",
        "activated",
        "complaints",
        "outcome",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["cycle__programme", "outcome"]
    list_select_related = ["listing__platform", "listing__group", "cycle", "decided_by"]
    search_fields = ["listing__platform__name", "reason"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyScopedAdmin):
    programme_field = "review__cycle__programme"
    list_display = ["review", "status", "filed_by", "filed_at", "answered_by", "answered_at"]
    list_filter = ["status"]
    list_select_related = ["review__listing__platform", "review__listing__group", "review__cycle", "filed_by"]


@admin.register(DelistingNotice)
class DelistingNoticeAdmin(ReadOnlyScopedAdmin):
    programme_field = "review__cycle__programme"
    list_display = ["business", "platform", "created_at", "sms_sent_at", "read_at"]
    list_select_related = ["business", "platform"]
