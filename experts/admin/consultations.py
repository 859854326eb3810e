"""Consultations, read-only for staff."""

from __future__ import annotations

from django.contrib import admin

from experts.admin.decisions import (
    AuditTrailMixin,
)
from experts.models import (
    Consultation,
    Invitation,
    Message,
)
from smedx_portal.personal import AccessLoggedAdminMixin


# --- consultations (read-only for staff) -------------------------------------------------------------
class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    can_delete = False
    readonly_fields = [
        "expert",
        "status",
        "score",
        "reasons",
        "created_at",
        "respond_by",
        "responded_at",
        "decline_reason",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    can_delete = False
    readonly_fields = ["author", "body", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(AccessLoggedAdminMixin, AuditTrailMixin, admin.ModelAdmin):
    list_display = ["id", "topic", "business", "expert", "status", "rating", "created_at"]
    list_filter = ["status", "pillar", "channel"]
    search_fields = ["topic", "business__name", "expert__name"]
    list_select_related = ["business", "expert"]
    inlines = [InvitationInline, MessageInline]
    readonly_fields = [
        "business",
        "requested_by",
        "topic",
        "pillar",
        "description",
        "channel",
        "status",
        "expert",
        "accepted_at",
        "closed_at",
        "closed_by",
        "rating",
        "rating_comment",
        "rated_at",
        "created_at",
        "audit_trail",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
