"""The evaluation and selection back office: criteria as data, evaluators' scores, weighted totals, spread and
ranking, and staff decisions as admin actions that call the services (which log who, when and why)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from platforms import selectors, services
from platforms.forms import CertifyForm, OptionalReasonForm, ReasonForm, ReviewForm, evaluation_form_class
from platforms.models import (
    Agreement,
    Evaluation,
    Listing,
    Review,
    UsageRegistration,
)
from platforms.services.decisions import criteria_for
from smedx_portal.admin_decisions import DecisionAction, DecisionActionsMixin
from smedx_portal.models import AuditEntry
from smedx_portal.personal import AccessLoggedAdminMixin


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    fields = ["evaluator", "total", "comment", "submitted_at"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = gettext_lazy("Phiếu chấm của từng người (điểm có trọng số, 0–100)")

    def has_add_permission(self, request, obj=None):
        return False


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["created_at", "period", "usage_count", "commitments_kept", "outcome", "notes", "reviewer"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(DecisionActionsMixin, SimpleHistoryAdmin):
    list_display = [
        "platform",
        "group",
        "programme",
        "status_badge",
        "slot",
        "score_total",
        "score_spread",
        "evaluator_count",
        "rank",
        "in_depth_requested",
        "submitted_at",
        "catalogue_shown",
    ]
    list_filter = ["status", "group__programme", "group", "in_depth_requested"]
    search_fields = ["platform__name", "platform__provider__name"]
    list_select_related = ["platform", "group"]
    ordering = ["group__programme", "group__position", "-score_total"]
    list_per_page = 50
    inlines = [EvaluationInline, ReviewInline]
    history_list_display = ["status", "slot", "status_reason"]
    fields = [
        "platform",
        "group",
        "status",
        "catalogue_shown",
        "slot",
        "status_reason",
        "decided_at",
        "evaluate_link",
        "score_total",
        "score_spread",
        "evaluator_count",
        "group_ranking",
        "in_depth_requested",
        "fast_track_from",
        "commitment_accepted_at",
        "note",
        "document_links",
        "decision_log",
        "submitted_at",
    ]
    readonly_fields = fields
    actions = [
        "start_evaluation",
        "select_listings",
        "add_complementary",
        "reject_listings",
        "delist_listings",
        "certify_listings",
        "record_review",
    ]

    def has_add_permission(self, request):
        return False  # applications come from providers

    def has_delete_permission(self, request, obj=None):
        return False  # decisions are kept: delist instead

    def get_queryset(self, request):
        agreements = Agreement.objects.order_by("-starts_on", "-pk")
        return (
            super()
            .get_queryset(request)
            .annotate(rank_in_group=selectors.listing_rank_subquery())
            .prefetch_related(Prefetch("platform__agreements", queryset=agreements, to_attr="agreement_list"))
        )

    @admin.display(description=gettext_lazy("Hiển thị trong danh mục"))
    def catalogue_shown(self, obj):
        return selectors.catalogue_visibility(obj, obj.platform.agreement_list) or "—"

    def get_urls(self):
        return [
            path(
                "<int:pk>/evaluate/",
                self.admin_site.admin_view(self.evaluate_view),
                name="platforms_listing_evaluate",
            ),
            *super().get_urls(),
        ]

    # --- columns and read-only fields -------------------------------------------------------------------

    @admin.display(description=gettext_lazy("chương trình"), ordering="group__programme")
    def programme(self, obj):
        return obj.group.get_programme_display_short()

    @admin.display(description=gettext_lazy("trạng thái"), ordering="status")
    def status_badge(self, obj):
        return format_html('<span data-status="{}">{}</span>', obj.status, obj.get_status_display())

    @admin.display(description=gettext_lazy("hạng trong nhóm"), ordering="rank_in_group")
    def rank(self, obj):
        return obj.rank_in_group if obj.rank_in_group is not None else "—"

    @admin.display(description=gettext_lazy("chấm điểm"))
    def evaluate_link(self, obj):
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:platforms_listing_evaluate", args=[obj.pk]),
            _("Chấm điểm (phiếu của bạn)"),
        )

    @admin.display(description=gettext_lazy("xếp hạng các hồ sơ trong nhóm"))
    def group_ranking(self, obj):
        rows = (
            Listing.objects.filter(group_id=obj.group_id)
            .select_related("platform")
            .annotate(rank_in_group=selectors.listing_rank_subquery())
            .order_by("rank_in_group", "platform__name")
        )
        return format_html(
            "<table><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("Nền tảng"),
            _("Điểm"),
            _("Chênh lệch"),
            _("Trạng thái"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        row.rank_in_group or "—",
                        row.platform.name,
                        row.score_total if row.score_total is not None else "—",
                        row.score_spread if row.score_spread is not None else "—",
                        row.get_status_display(),
                    )
                    for row in rows
                ),
            ),
        )

    @admin.display(description=gettext_lazy("tài liệu"))
    def document_links(self, obj):
        return (
            format_html_join(
                "",
                '<div><a href="{}">{}</a> ({})</div>',
                ((d.get_absolute_url(), d.title, d.get_kind_display()) for d in obj.documents.all()),
            )
            or "—"
        )

    @admin.display(description=gettext_lazy("nhật ký quyết định"))
    def decision_log(self, obj):
        entries = AuditEntry.objects.for_object(obj).select_related("actor")[:50]
        return (
            format_html_join(
                "",
                "<div>{} — {} — {} {}</div>",
                (
                    (
                        entry.created_at.strftime("%d/%m/%Y %H:%M"),
                        entry.actor or "—",
                        entry.action,
                        entry.reason,
                    )
                    for entry in entries
                ),
            )
            or "—"
        )

    # --- evaluation -------------------------------------------------------------------------------------

    def evaluate_view(self, request, pk: int):
        if not request.user.is_staff:
            raise PermissionDenied
        listing = get_object_or_404(Listing.objects.select_related("group", "platform"), pk=pk)
        criteria = list(criteria_for(listing))
        own = (
            Evaluation.objects.filter(listing=listing, evaluator=request.user)
            .prefetch_related("scores")
            .first()
        )
        initial = {score.criterion_id: score.value for score in own.scores.all()} if own else {}
        form_class = evaluation_form_class(criteria, initial)
        form = form_class(request.POST or None, initial={"comment": own.comment if own else ""})
        if request.method == "POST" and form.is_valid():
            scores = {criterion.pk: form.cleaned_data[f"criterion_{criterion.pk}"] for criterion in criteria}
            try:
                evaluation = services.evaluation_submit(
                    listing=listing,
                    evaluator=request.user,
                    scores=scores,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Đã lưu phiếu chấm: %(total)s/100 điểm có trọng số.") % {"total": evaluation.total},
                )
                return HttpResponseRedirect(reverse("admin:platforms_listing_change", args=[listing.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Chấm điểm: %(listing)s") % {"listing": listing},
            "listing": listing,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "platforms/admin/evaluate.html", context)

    # --- decisions --------------------------------------------------------------------------------------

    decision_object_arg = "listing"

    @admin.action(description=gettext_lazy("Chuyển sang đánh giá"))
    def start_evaluation(self, request, queryset):
        self.decide_each(
            request, queryset, services.listing_start_evaluation, _("%(count)d hồ sơ chuyển sang đánh giá.")
        )

    select_listings = DecisionAction(
        gettext_lazy("Lựa chọn (tối đa 3 nền tảng mỗi nhóm)"),
        title=gettext_lazy("Lựa chọn nền tảng"),
        form_class=OptionalReasonForm,
        service=services.listing_select,
        success=gettext_lazy("Đã lựa chọn %(count)d nền tảng."),
    )

    add_complementary = DecisionAction(
        gettext_lazy("Bổ sung làm nền tảng bổ sung (tương hỗ)"),
        title=gettext_lazy("Bổ sung nền tảng"),
        form_class=OptionalReasonForm,
        service=services.listing_add_complementary,
        success=gettext_lazy("Đã bổ sung %(count)d nền tảng."),
    )

    reject_listings = DecisionAction(
        gettext_lazy("Không lựa chọn (nêu lý do)"),
        title=gettext_lazy("Không lựa chọn"),
        form_class=ReasonForm,
        service=services.listing_reject,
        success=gettext_lazy("%(count)d hồ sơ không được lựa chọn."),
    )

    delist_listings = DecisionAction(
        gettext_lazy("Đưa ra khỏi danh sách (nêu lý do)"),
        title=gettext_lazy("Đưa ra khỏi danh sách"),
        form_class=ReasonForm,
        service=services.listing_delist,
        success=gettext_lazy("Đã đưa %(count)d nền tảng ra khỏi danh sách."),
    )

    certify_listings = DecisionAction(
        gettext_lazy("Cấp chứng nhận (đánh giá chuyên sâu)"),
        title=gettext_lazy("Cấp chứng nhận"),
        form_class=CertifyForm,
        service=services.listing_certify,
        success=gettext_lazy("Đã cấp chứng nhận số %(number)s cho %(listing)s."),
        success_each=lambda listing, certificate: {"number": certificate.number, "listing": listing},
    )

    record_review = DecisionAction(
        gettext_lazy("Ghi nhận rà soát định kỳ"),
        title=gettext_lazy("Rà soát định kỳ"),
        form_class=ReviewForm,
        service=services.review_record,
        success=gettext_lazy("Đã ghi nhận rà soát %(count)d nền tảng."),
        actor_arg="reviewer",
    )


@admin.register(UsageRegistration)
class UsageRegistrationAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["business", "platform", "status", "created_at", "confirmed_at", "notified_at"]
    list_filter = ["status"]
    search_fields = ["business__name", "platform__name"]
    list_select_related = ["business", "platform"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in UsageRegistration._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "listing",
        "period",
        "usage_count",
        "commitments_kept",
        "outcome",
        "reviewer",
        "created_at",
    ]
    list_filter = ["outcome", "commitments_kept", "period"]
    list_select_related = ["listing__platform", "listing__group", "reviewer"]
    readonly_fields = [field.name for field in Review._meta.fields]

    def has_add_permission(self, request):
        return False
