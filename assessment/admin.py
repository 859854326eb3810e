"""Criteria sets are editable in admin while they are drafts; publishing freezes them (read-only here)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from assessment.models import Assessment, CriteriaSet, Option, Pillar, Question, ResultVerification
from assessment.services import criteria_set_new_version, criteria_set_publish


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
    """Read-only (no add, change or delete) once the criteria set is published."""

    def _frozen(self, obj) -> bool:
        criteria_set = _criteria_set_of(obj)
        return criteria_set is not None and criteria_set.is_published

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
    readonly_fields = ["status", "published_at", "source_file", "created_at"]
    inlines = [PillarInline]
    actions = ["publish", "new_version"]

    def has_add_permission(self, request, obj=None):
        return False  # sets come from files (manage.py load_criteria) or as a copy (action "new version")

    @admin.action(description=_("Công bố (đóng băng) các bộ tiêu chí đã chọn"))
    def publish(self, request, queryset):
        for criteria_set in queryset:
            try:
                criteria_set_publish(criteria_set=criteria_set, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{criteria_set}: {'; '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Đã công bố %(set)s.") % {"set": criteria_set}, messages.SUCCESS)

    @admin.action(description=_("Tạo phiên bản mới (bản sao nháp) từ bộ đã chọn"))
    def new_version(self, request, queryset):
        for criteria_set in queryset:
            copy = criteria_set_new_version(criteria_set=criteria_set, actor=request.user)
            self.message_user(request, _("Đã tạo %(set)s.") % {"set": copy}, messages.SUCCESS)


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
class AssessmentAdmin(admin.ModelAdmin):
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
