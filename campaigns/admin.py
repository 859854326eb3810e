"""Admin: staff edit articles, handbook chapters and events here (with a preview); campaigns are composed on
the portal's own pages (/chien-dich/) and only listed here."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.permissions import scope_to_province
from campaigns.models import (
    Article,
    ArticleAttachment,
    Event,
    EventRegistration,
    HandbookChapter,
    Honour,
    HonourEntry,
    OptOut,
    SmsCampaign,
)
from campaigns.services.content import article_save, chapter_save
from smedx_portal.personal import AccessLoggedAdminMixin
from smedx_portal.services import audit_log
from smedx_portal.sms.encoding import strip_diacritics


def _slug(text: str) -> str:
    return slugify(strip_diacritics(text))[:120]


class ArticleAttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 1


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "publish_at", "for_smedx", "for_rdx", "preview_link"]
    list_filter = ["kind", "status", "for_smedx", "for_rdx"]
    search_fields = ["title", "search_key"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "publish_at"
    inlines = [ArticleAttachmentInline]
    fields = [
        "kind",
        "title",
        "slug",
        "summary",
        "body",
        "image",
        "for_smedx",
        "for_rdx",
        "status",
        "publish_at",
    ]

    @admin.display(description=_("Xem trước"))
    def preview_link(self, obj: Article) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("campaigns:article_preview", args=[obj.pk]), _("Xem trước")
        )

    def view_on_site(self, obj: Article) -> str:
        return reverse("campaigns:article_preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = _slug(obj.title)
        article_save(article=obj, actor=request.user)


@admin.register(HandbookChapter)
class HandbookChapterAdmin(SimpleHistoryAdmin):
    list_display = ["position", "title", "programme", "is_published", "updated_at"]
    list_display_links = ["title"]
    list_filter = ["programme", "is_published"]
    search_fields = ["title", "search_key"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["programme", "position", "title", "slug", "summary", "body", "is_published"]

    def view_on_site(self, obj: HandbookChapter) -> str:
        return obj.get_absolute_url()

    def save_model(self, request, obj, form, change):
        chapter_save(chapter=obj, actor=request.user)


class EventRegistrationInline(admin.TabularInline):
    model = EventRegistration
    extra = 0
    can_delete = False
    fields = [
        "attendee_name",
        "attendee_phone",
        "business",
        "status",
        "created_at",
        "attended_at",
        "certificate",
    ]
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "organiser", "region", "province", "starts_at", "capacity", "status"]
    list_filter = ["kind", "organiser", "region", "status", "programme"]
    search_fields = ["title", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    autocomplete_fields: list[str] = []
    inlines = [EventRegistrationInline]
    exclude = ["created_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, no warning

    def get_queryset(self, request):
        return scope_to_province(super().get_queryset(request), request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit_log(
            actor=request.user,
            obj=obj,
            action="event.edit" if change else "event.create",
            data={"fields": form.changed_data},
        )
        if change and "capacity" in form.changed_data:
            from campaigns.services.events import event_fill_from_waitlist

            event_fill_from_waitlist(event=obj)


@admin.register(SmsCampaign)
class SmsCampaignAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "province", "recipient_count", "created_by", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "text"]
    readonly_fields = [field.name for field in SmsCampaign._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return scope_to_province(super().get_queryset(request), request.user)

    def view_on_site(self, obj: SmsCampaign) -> str:
        return obj.get_absolute_url()


@admin.register(OptOut)
class OptOutAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["phone", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["phone"]
    readonly_fields = ["phone", "source", "note", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def delete_model(self, request, obj):
        from campaigns.services.optout import optout_withdraw

        optout_withdraw(phone=obj.phone, actor=request.user, reason="admin")

    def delete_queryset(self, request, queryset):
        for optout in queryset:
            self.delete_model(request, optout)


class HonourEntryInline(admin.TabularInline):
    model = HonourEntry
    extra = 0
    can_delete = False
    fields = ["category", "rank", "platform", "business", "metric", "included", "added_by_staff", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Honour)
class HonourAdmin(SimpleHistoryAdmin):
    """Read-only here: staff review, adjust (with a reason) and publish on /vinh-danh/de-xuat/."""

    list_display = ["__str__", "period", "programme", "status", "published_at"]
    list_filter = ["period", "programme", "status"]
    readonly_fields = [
        "programme",
        "period",
        "period_start",
        "period_end",
        "status",
        "published_at",
        "published_by",
        "article",
        "note",
    ]
    inlines = [HonourEntryInline]

    def has_add_permission(self, request) -> bool:
        return False

    def view_on_site(self, obj: Honour) -> str:
        return reverse("campaigns:honour_review", args=[obj.pk])
