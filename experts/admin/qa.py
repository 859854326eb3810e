"""Moderating questions, answers and reports."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from experts.admin.decisions import (
    AuditTrailMixin,
    OptionalReasonForm,
    ReasonForm,
)
from experts.models import (
    Answer,
    ContentReport,
    Question,
)
from experts.services import qa
from smedx_portal.admin_decisions import DecisionAction, DecisionActionsMixin
from smedx_portal.personal import AccessLoggedAdminMixin


# --- questions and answers --------------------------------------------------------------------------
def _post_actions() -> tuple[DecisionAction, DecisionAction]:
    """Approving and hiding a question or an answer (the admin's `decision_object_arg` is "post")."""
    approve = DecisionAction(
        _("Duyệt đăng"),
        form_class=OptionalReasonForm,
        service=qa.post_approve,
        arguments={},  # the note is not kept
        success=_("Đã duyệt %(count)s nội dung."),
        allowed_permissions=("change",),
    )
    hide = DecisionAction(
        _("Ẩn (nêu lý do)"),
        form_class=ReasonForm,
        service=qa.post_hide,
        success=_("Đã ẩn %(count)s nội dung."),
        allowed_permissions=("change",),
    )
    return approve, hide


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["author", "body", "status", "hidden_reason", "hidden_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(AccessLoggedAdminMixin, AuditTrailMixin, DecisionActionsMixin, SimpleHistoryAdmin):
    list_display = ["title", "author", "topic", "programme", "status", "is_faq", "answer_count", "created_at"]
    list_filter = ["status", "is_faq", "topic", "programme"]
    search_fields = ["title", "search_document", "author__phone"]
    list_select_related = ["author"]
    inlines = [AnswerInline]
    readonly_fields = [
        "author",
        "title",
        "body",
        "topic",
        "programme",
        "status",
        "hidden_reason",
        "hidden_by",
        "hidden_at",
        "accepted_answer",
        "is_faq",
        "answer_count",
        "created_at",
        "published_at",
        "audit_trail",
    ]
    exclude = ["search_document"]
    decision_object_arg = "post"
    actions = ["approve_question", "hide_question", "faq_add", "faq_remove"]
    approve_question, hide_question = _post_actions()
    faq_add = DecisionAction(
        _("Đưa vào Câu hỏi thường gặp"),
        form_class=OptionalReasonForm,
        service=qa.question_set_faq,
        object_arg="question",
        arguments={},
        success=_("Đã đưa %(count)s câu hỏi vào trang câu hỏi thường gặp."),
        allowed_permissions=("change",),
        is_faq=True,
    )
    faq_remove = DecisionAction(
        _("Bỏ khỏi Câu hỏi thường gặp"),
        form_class=OptionalReasonForm,
        service=qa.question_set_faq,
        object_arg="question",
        arguments={},
        success=_("Đã bỏ %(count)s câu hỏi khỏi trang câu hỏi thường gặp."),
        allowed_permissions=("change",),
        is_faq=False,
    )

    def has_add_permission(self, request):
        return False


@admin.register(Answer)
class AnswerAdmin(AccessLoggedAdminMixin, AuditTrailMixin, DecisionActionsMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "question", "author", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["body", "question__title", "author__phone"]
    list_select_related = ["question", "author"]
    readonly_fields = [
        "question",
        "author",
        "body",
        "status",
        "hidden_reason",
        "hidden_by",
        "hidden_at",
        "created_at",
        "published_at",
        "audit_trail",
    ]
    decision_object_arg = "post"
    actions = ["approve_answer", "hide_answer"]
    approve_answer, hide_answer = _post_actions()

    def has_add_permission(self, request):
        return False


@admin.register(ContentReport)
class ContentReportAdmin(AuditTrailMixin, DecisionActionsMixin, admin.ModelAdmin):
    list_display = ["__str__", "reporter", "status", "created_at", "target_status"]
    list_filter = ["status"]
    list_select_related = ["question", "answer", "reporter", "about_platform"]
    readonly_fields = [
        "question",
        "answer",
        "reporter",
        "reason",
        "about_platform",
        "status",
        "resolved_by",
        "resolved_at",
        "created_at",
        "audit_trail",
    ]
    decision_object_arg = "report"
    actions = ["resolve"]
    resolve = DecisionAction(
        _("Đánh dấu đã xử lý"),
        form_class=OptionalReasonForm,
        service=qa.report_resolve,
        arguments={"reason": "note"},
        success=_("Đã xử lý %(count)s báo cáo."),
        allowed_permissions=("change",),
    )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Trạng thái nội dung"))
    def target_status(self, obj):
        return obj.target.get_status_display()
