"""Staff work in the admin: vetting applications, certifying experts, moderating Q&A, answering support requests.

Every decision is an action with an intermediate form asking for the reason; the action calls a service, which
writes the audit log (who / when / why) and queues the SMS/email.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from experts.models import (
    Answer,
    ApplicationDocument,
    Consultation,
    ContentReport,
    Expert,
    ExpertApplication,
    Invitation,
    Message,
    NetworkRules,
    Question,
    SupportRequest,
)
from experts.services import applications, certification, qa, support
from smedx_portal.models import AuditEntry


# --- decisions with a reason -------------------------------------------------------------------------
class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do / ghi chú"), widget=forms.Textarea(attrs={"rows": 4, "cols": 80}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class CertifyForm(forms.Form):
    training_course = forms.CharField(label=_("Khóa đào tạo đã hoàn thành"), max_length=200)
    training_completed_on = forms.DateField(
        label=_("Ngày hoàn thành đào tạo"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_from = forms.DateField(label=_("Hiệu lực từ"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Hiệu lực đến"), widget=forms.DateInput(attrs={"type": "date"}))
    scope = forms.CharField(
        label=_("Phạm vi"),
        required=False,
        help_text=_("Để trống: các chuyên môn của chuyên gia."),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["valid_from"].initial = today
        self.fields["training_completed_on"].initial = today
        self.fields["valid_until"].initial = today.replace(year=today.year + 2) - datetime.timedelta(days=1)


def decision_action(*, name: str, description, form_class, apply, done_message):
    """An admin action that first shows a form (the reason), then applies a service to each selected row."""

    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                done = 0
                for obj in queryset:
                    try:
                        apply(obj, request.user, form.cleaned_data)
                        done += 1
                    except (ValidationError, PermissionDenied) as error:
                        text = " ".join(getattr(error, "messages", [str(error) or _("Không được phép.")]))
                        modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
                if done:
                    modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
                return None
        else:
            form = form_class()
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": description,
            "form": form,
            "queryset": queryset,
            "action": name,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "experts/admin/decision_form.html", context)

    action.__name__ = name
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


class AuditTrailMixin:
    """Shows the decisions logged on the row (who / when / why) on its change page."""

    @admin.display(description=_("Nhật ký quyết định"))
    def audit_trail(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        entries = AuditEntry.objects.for_object(obj).select_related("actor")[:50]
        if not entries:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} — {}{}</li>",
                (
                    (
                        timezone.localtime(entry.created_at).strftime("%d/%m/%Y %H:%M"),
                        entry.actor or _("hệ thống"),
                        entry.action,
                        f": {entry.reason}" if entry.reason else "",
                    )
                    for entry in entries
                ),
            ),
        )


# --- applications ----------------------------------------------------------------------------------
class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    can_delete = False
    fields = ["link", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Tệp"))
    def link(self, document):
        return format_html(
            '<a href="{}">{}</a>', reverse("experts:document", args=[document.pk]), document.name
        )


@admin.register(ExpertApplication)
class ExpertApplicationAdmin(AuditTrailMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "user", "status", "submitted_at", "resubmissions", "decided_by"]
    list_filter = ["status", "kind", "provinces"]
    search_fields = ["name", "user__phone", "user__full_name", "tax_code"]
    date_hierarchy = "submitted_at"
    inlines = [DocumentInline]
    readonly_fields = [
        "user",
        "kind",
        "name",
        "tax_code",
        "headline",
        "bio",
        "specialty_list",
        "sectors",
        "provinces",
        "language_list",
        "years_experience",
        "references",
        "status",
        "decision_reason",
        "decided_at",
        "decided_by",
        "submitted_at",
        "resubmissions",
        "audit_trail",
    ]
    exclude = ["specialties", "languages"]
    actions = [
        decision_action(
            name="approve",
            description=_("Chấp thuận vào mạng lưới"),
            form_class=OptionalReasonForm,
            apply=lambda obj, user, data: applications.application_approve(
                application=obj, actor=user, reason=data["reason"]
            ),
            done_message=_("Đã chấp thuận %(count)s hồ sơ."),
        ),
        decision_action(
            name="request_info",
            description=_("Yêu cầu bổ sung thông tin"),
            form_class=ReasonForm,
            apply=lambda obj, user, data: applications.application_request_info(
                application=obj, actor=user, reason=data["reason"]
            ),
            done_message=_("Đã yêu cầu bổ sung %(count)s hồ sơ."),
        ),
        decision_action(
            name="reject",
            description=_("Từ chối hồ sơ"),
            form_class=ReasonForm,
            apply=lambda obj, user, data: applications.application_reject(
                application=obj, actor=user, reason=data["reason"]
            ),
            done_message=_("Đã từ chối %(count)s hồ sơ."),
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Chuyên môn"))
    def specialty_list(self, obj):
        return ", ".join(obj.specialty_labels())

    @admin.display(description=_("Ngôn ngữ"))
    def language_list(self, obj):
        return ", ".join(obj.language_labels())


# --- experts ---------------------------------------------------------------------------------------
@admin.register(Expert)
class ExpertAdmin(AuditTrailMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "status",
        "certificate_number",
        "certificate_status",
        "rating_avg",
        "rating_count",
    ]
    list_filter = ["status", "kind", "specialties__code", "provinces"]
    search_fields = ["name", "search_key", "user__phone", "certificate__number"]
    list_select_related = ["certificate"]
    readonly_fields = [
        "user",
        "application",
        "status",
        "status_reason",
        "certificate",
        "training_course",
        "training_completed_on",
        "rating_avg",
        "rating_count",
        "created_at",
        "audit_trail",
    ]
    fields = ["name", "headline", "bio", "kind", "years_experience", "sectors", "provinces", *readonly_fields]
    filter_horizontal = ["sectors", "provinces"]
    actions = [
        decision_action(
            name="certify",
            description=_("Cấp chứng nhận (sau đào tạo)"),
            form_class=CertifyForm,
            apply=lambda obj, user, data: certification.expert_certify(expert=obj, actor=user, **data),
            done_message=_("Đã cấp chứng nhận cho %(count)s chuyên gia."),
        ),
        decision_action(
            name="suspend",
            description=_("Tạm đình chỉ"),
            form_class=ReasonForm,
            apply=lambda obj, user, data: certification.expert_suspend(
                expert=obj, actor=user, reason=data["reason"]
            ),
            done_message=_("Đã tạm đình chỉ %(count)s chuyên gia."),
        ),
        decision_action(
            name="reinstate",
            description=_("Khôi phục hoạt động"),
            form_class=ReasonForm,
            apply=lambda obj, user, data: certification.expert_reinstate(
                expert=obj, actor=user, reason=data["reason"]
            ),
            done_message=_("Đã khôi phục %(count)s chuyên gia."),
        ),
        decision_action(
            name="remove",
            description=_("Đưa ra khỏi mạng lưới (thu hồi chứng nhận)"),
            form_class=ReasonForm,
            apply=lambda obj, user, data: certification.expert_remove(
                expert=obj, actor=user, reason=data["reason"]
            ),
            done_message=_("Đã đưa %(count)s chuyên gia ra khỏi mạng lưới."),
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Số chứng nhận"))
    def certificate_number(self, obj):
        return obj.certificate.number if obj.certificate else "-"

    @admin.display(description=_("Hiệu lực chứng nhận"))
    def certificate_status(self, obj):
        return obj.get_certification_status_display()


@admin.register(NetworkRules)
class NetworkRulesAdmin(SimpleHistoryAdmin):
    list_display = ["title", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


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
class ConsultationAdmin(AuditTrailMixin, admin.ModelAdmin):
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
class QuestionAdmin(AuditTrailMixin, SimpleHistoryAdmin):
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
class AnswerAdmin(AuditTrailMixin, SimpleHistoryAdmin):
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
    list_select_related = ["question", "answer", "reporter"]
    readonly_fields = [
        "question",
        "answer",
        "reporter",
        "reason",
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


# --- support requests --------------------------------------------------------------------------------
class SupportAnswerForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 6, "cols": 80})}


@admin.register(SupportRequest)
class SupportRequestAdmin(AuditTrailMixin, SimpleHistoryAdmin):
    """The queue: new requests first. Typing an answer and saving sends it to the requester by SMS/email."""

    form = SupportAnswerForm
    list_display = ["id", "name", "phone", "topic", "programme", "status", "created_at", "answered_at"]
    list_filter = ["status", "topic", "programme"]
    search_fields = ["name", "phone", "email", "message"]
    ordering = ["status", "created_at"]
    readonly_fields = [
        "name",
        "phone",
        "email",
        "programme",
        "topic",
        "message",
        "user",
        "status",
        "answered_by",
        "answered_at",
        "created_at",
        "audit_trail",
    ]
    fields = [*readonly_fields[:6], "answer", *readonly_fields[6:]]
    actions = [
        decision_action(
            name="close_requests",
            description=_("Đóng yêu cầu"),
            form_class=OptionalReasonForm,
            apply=lambda obj, user, data: support.support_request_close(support_request=obj, actor=user),
            done_message=_("Đã đóng %(count)s yêu cầu."),
        ),
    ]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data:
            support.support_request_answer(
                support_request=obj, actor=request.user, answer=form.cleaned_data["answer"]
            )
        # nothing else is editable here
