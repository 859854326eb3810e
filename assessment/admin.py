"""Criteria sets are editable in admin while they are drafts; once approved, published or retired they are
read-only here (and in the services). Review, approval and publication happen on the staff pages
(`/danh-gia/bo-tieu-chi/`), which record who decided for which ministry."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from assessment.models import (
    Assessment,
    CriteriaApproval,
    CriteriaSet,
    Option,
    Pillar,
    Question,
    ResultVerification,
)
from assessment.services.criteria_sets import CONTENT_LOCKED, criteria_set_delete, criteria_set_review
from smedx_portal.personal import AccessLoggedAdminMixin


def _criteria_set_of(obj):
    if obj is None:
        return None
    if isinstance(obj, CriteriaSet):
        return obj
    if isinstance(obj, Pillar):
        return obj.criteria_set
    if isinstance(obj, Question):
        return obj.pillar.criteria_set
    if isinstance(obj, Option):
        return obj.question.pillar.criteria_set
    return None


class FrozenWhenPublished:
    """Read-only (no add, change or delete) once the criteria set is approved, published or retired."""

    def _frozen(self, obj) -> bool:
        criteria_set = _criteria_set_of(obj)
        return criteria_set is not None and criteria_set.status in CONTENT_LOCKED

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        """An inline is asked with its parent (None on the parent's add page), a ModelAdmin without."""
        if self._frozen(obj):
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)


class PillarInline(FrozenWhenPublished, admin.TabularInline):
    model = Pillar
    extra = 0
    fields = ["position", "code", "name", "name_en", "weight", "growth_minimum", "breakthrough_minimum"]
    show_change_link = True


class QuestionInline(FrozenWhenPublished, admin.StackedInline):
    model = Question
    extra = 0
    fields = [
        ("position", "code", "type"),
        "text",
        "text_en",
        ("weight", "required", "max_points"),
        ("area", "area_en"),
        "advice",
        ("applies_to_kinds", "applies_to_sectors", "group_codes"),
        "show_if",
    ]
    raw_id_fields = ["show_if"]
    show_change_link = True


class OptionInline(FrozenWhenPublished, admin.TabularInline):
    model = Option
    extra = 0
    fields = ["position", "code", "label", "label_en", "points", "min_value", "exclusive", "group_codes"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(FrozenWhenPublished, SimpleHistoryAdmin):
    list_display = ["programme", "version", "title", "status", "published_at"]
    list_filter = ["programme", "status"]
    readonly_fields = [
        "status",
        "source_file",
        "source_decision",
        "source_date",
        "source_annex",
        "provisional",
        "changes",
        "is_trial",
        "is_legacy",
        "scoring",
        "scale",
        "comparisons",
        "created_at",
        "reviewed_at",
        "published_at",
        "retired_at",
    ]
    inlines = [PillarInline]
    actions = ["review"]

    def has_add_permission(self, request, obj=None):
        return False  # sets come from files (manage.py load_criteria) or as a new version (staff page)

    def delete_model(self, request, obj):
        criteria_set_delete(criteria_set=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for criteria_set in queryset:
            criteria_set_delete(criteria_set=criteria_set, actor=request.user)

    @admin.action(description=_("Đánh dấu đã rà soát (sẵn sàng để phê duyệt)"))
    def review(self, request, queryset):
        for criteria_set in queryset:
            try:
                criteria_set_review(criteria_set=criteria_set, actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request,
                    f"{criteria_set}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}",
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("Đã rà soát %(set)s.") % {"set": criteria_set}, messages.SUCCESS)


@admin.register(CriteriaApproval)
class CriteriaApprovalAdmin(admin.ModelAdmin):
    """The approvals are a record: recorded on the staff pages, never edited or deleted."""

    list_display = ["criteria_set", "ministry", "approved_by", "approved_at", "document"]
    list_filter = ["ministry", "criteria_set__programme"]
    list_select_related = ["criteria_set", "approved_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Pillar)
class PillarAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["criteria_set", "position", "code", "name", "weight"]
    list_filter = ["criteria_set"]
    list_select_related = ["criteria_set"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "pillar", "type", "weight", "required"]
    list_filter = ["pillar__criteria_set", "type"]
    list_select_related = ["pillar__criteria_set"]
    search_fields = ["code", "text"]
    raw_id_fields = ["show_if"]
    inlines = [OptionInline]


@admin.register(Assessment)
class AssessmentAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    """Read-only: assessments change only through the survey (and verification on the result page)."""

    list_display = ["business", "programme", "status", "channel", "total_score", "level", "submitted_at"]
    list_filter = ["programme", "status", "channel", "level"]
    list_select_related = ["business", "criteria_set"]
    search_fields = ["business__name", "business__tax_code"]
    raw_id_fields = ["business", "started_by", "entered_by"]
    date_hierarchy = "submitted_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ResultVerification)
class ResultVerificationAdmin(SimpleHistoryAdmin):
    list_display = ["assessment", "status", "decided_by", "decided_at"]
    list_select_related = ["assessment__business", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
