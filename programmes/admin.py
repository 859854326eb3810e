"""Admin: templates, members and phases by ministry staff; plans and reports scoped like the pages (an officer
given admin access sees only their province and their department's programmes; MoIT staff only RDX). State
changes go through the pages' services, so the admin shows them read-only."""

from __future__ import annotations

from django.contrib import admin

from programmes import access
from programmes.models import (
    Consultation,
    ConsultationQuestion,
    Decision,
    FollowUp,
    OutreachAssignment,
    PlanTemplate,
    PolicyComment,
    ProgressAlert,
    ProvincePlan,
    ProvinceReport,
    WorkingGroupMember,
)


class ScopedReadOnlyAdmin(admin.ModelAdmin):
    province_field = "province"
    programme_field = "programme"

    def get_queryset(self, request):
        return access.scope(
            super().get_queryset(request),
            request.user,
            province_field=self.province_field,
            programme_field=self.programme_field,
        )

    def has_module_permission(self, request):
        return bool(access.programmes_for(request.user))

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProvincePlan)
class ProvincePlanAdmin(ScopedReadOnlyAdmin):
    list_display = ["province", "programme", "year", "status", "version", "survey_total", "updated_at"]
    list_filter = ["programme", "year", "status"]
    list_select_related = ["province"]


@admin.register(ProvinceReport)
class ProvinceReportAdmin(ScopedReadOnlyAdmin):
    list_display = ["province", "programme", "year", "period", "version", "status", "submitted_at"]
    list_filter = ["programme", "year", "period", "status"]
    list_select_related = ["province"]


@admin.register(OutreachAssignment)
class OutreachAssignmentAdmin(ScopedReadOnlyAdmin):
    list_display = ["business", "provider", "programme", "province", "assigned_at"]
    list_select_related = ["business", "provider", "province"]


@admin.register(FollowUp)
class FollowUpAdmin(ScopedReadOnlyAdmin):
    province_field = "assignment__province"
    programme_field = "assignment__programme"
    list_display = ["assignment", "step", "recorded_at"]


@admin.register(ProgressAlert)
class ProgressAlertAdmin(ScopedReadOnlyAdmin):
    province_field = "plan__province"
    programme_field = "plan__programme"
    list_display = ["plan", "opened_at", "expected", "surveyed", "closed_at"]


class MinistryAdmin(admin.ModelAdmin):
    """Read by the ministry's staff only. Templates, members and decisions change on the programme's staff
    pages, where each change is checked and logged; a published template or a decision never changes."""

    def has_module_permission(self, request):
        return getattr(request.user, "is_ministry_staff", False)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanTemplate)
class PlanTemplateAdmin(MinistryAdmin):
    """A published template never changes: a change is a new version published on /chuong-trinh/ke-hoach-mau/."""

    list_display = ["title", "programme", "year", "version", "survey_share", "published_at", "published_by"]
    list_filter = ["programme", "year"]


@admin.register(WorkingGroupMember)
class WorkingGroupMemberAdmin(MinistryAdmin):
    """Members are added and removed on /to-cong-tac/thanh-vien/ (with the log of who changed what)."""

    list_display = ["user", "ministry", "position", "joined_on", "left_on"]
    list_filter = ["ministry"]


@admin.register(Decision)
class DecisionAdmin(MinistryAdmin):
    """Decisions are made on the working group's pages (with their checks); here they are only read."""

    list_display = ["title", "kind", "programme", "decided_by", "decided_at", "published_at"]
    list_filter = ["kind", "programme"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionInline(ReadOnlyInline):
    model = ConsultationQuestion
    fields = ["position", "text"]


@admin.register(Consultation)
class ConsultationAdmin(ScopedReadOnlyAdmin):
    """Policy consultations of the staff's programmes (MoIT: RDX); opened, answered and published on the pages."""

    province_field = None  # national: the admin site refuses officers
    list_display = ["title", "programme", "opens_on", "closes_on", "summary_published_at"]
    list_filter = ["programme"]
    search_fields = ["title"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        if not access.is_national(request.user):
            return Consultation.objects.none()
        return Consultation.objects.filter(programme__in=access.programmes_for(request.user))

    def has_module_permission(self, request):
        return access.is_national(request.user)


@admin.register(PolicyComment)
class PolicyCommentAdmin(ConsultationAdmin):
    list_display = ["organisation", "question", "created_at", "answered_at"]
    list_filter = ["question__consultation__programme"]
    list_select_related = ["question"]
    search_fields = ["organisation", "body"]
    inlines = []

    def get_queryset(self, request):
        if not access.is_national(request.user):
            return PolicyComment.objects.none()
        return PolicyComment.objects.filter(
            question__consultation__programme__in=access.programmes_for(request.user)
        )
