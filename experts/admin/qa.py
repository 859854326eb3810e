"""Moderating questions, answers and reports."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from experts.admin.decisions import (
    AuditTrailMixin,
    OptionalReasonForm,
    ReasonForm,
    decision_action,
)
from experts.models import (
    Answer,
    ContentReport,
    Question,
)
from experts.services import qa
from smedx_portal.personal import AccessLoggedAdminMixin


# --- questions and answers --------------------------------------------------------------------------
def _post_actions(kind: str):
    return [
        decision_action(
            name=f"approve_{kind}",
            description=_("Duyệt đăng"),
            form_class=OptionalReasonForm,
            apply=lambda obj, user, data: qa.post_approve(post=obj, actor=user),
            done_message=_("Đã duyệt %(count)s nội dung."),
        ),
        decision_action(
            name=f"hide_{kind}",
            description=_("Ẩn (nêu lý do)"),
            form_class=ReasonForm,
            apply=lambda obj, user, data: qa.post_hide(post=obj, actor=user, reason=data["reason"]),
            done_message=_("Đã ẩn %(count)s nội dung."),
        ),
    ]


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["author", "body", "status", "hidden_reason", "hidden_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(AccessLoggedAdminMixin, AuditTrailMixin, SimpleHistoryAdmin):
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
    actions = [
        *_post_actions("question"),
        decision_action(
            name="faq_add",
            description=_("Đưa vào Câu hỏi thường gặp"),
            form_class=OptionalReasonForm,
            apply=lambda obj, user, data: qa.question_set_faq(question=obj, actor=user, is_faq=True),
            done_message=_("Đã đưa %(count)s câu hỏi vào trang câu hỏi thường gặp."),
        ),
        decision_action(
            name="faq_remove",
            description=_("Bỏ khỏi Câu hỏi thường gặp"),
            form_class=OptionalReasonForm,
            apply=lambda obj, user, data: qa.question_set_faq(question=obj, actor=user, is_faq=False),
            done_message=_("Đã bỏ %(count)s câu hỏi khỏi trang câu hỏi thường gặp."),
        ),
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Answer)
class AnswerAdmin(AccessLoggedAdminMixin, AuditTrailMixin, SimpleHistoryAdmin):
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
    actions = _post_actions("answer")

    def has_add_permission(self, request):
        return False


@admin.register(ContentReport)
class ContentReportAdmin(AuditTrailMixin, admin.ModelAdmin):
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
    actions = [
        decision_action(
            name="resolve",
            description=_("Đánh dấu đã xử lý"),
            form_class=OptionalReasonForm,
            apply=lambda obj, user, data: qa.report_resolve(report=obj, actor=user, note=data["reason"]),
            done_message=_("Đã xử lý %(count)s báo cáo."),
        ),
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Trạng thái nội dung"))
    def target_status(self, obj):
        return obj.target.get_status_display()
