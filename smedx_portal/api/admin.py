"""Admin: staff issue keys (shown once), change their scopes, revoke them; read the call log; watch webhook
deliveries and send one again. Registered from `smedx_portal/admin.py`."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from smedx_portal.api.keys import (
    FIXED_SCOPES,
    PROVINCE_SCOPE,
    api_key_issue,
    api_key_revoke,
    api_key_update,
    validate_scopes,
)
from smedx_portal.api.webhooks import webhook_redeliver
from smedx_portal.models import (
    ApiCall,
    ApiKey,
    UsageFigures,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from smedx_portal.personal import AccessLoggedAdminMixin


def _owner_choices() -> list[tuple[str, str]]:
    choices = [("", _("— Hệ thống đối tác (không thuộc nhà cung cấp nào) —"))]
    for label in settings.API_KEY_OWNER_MODELS:
        model = apps.get_model(label)
        for obj in model.objects.all():
            choices.append((f"{label.lower()}:{obj.pk}", f"{model._meta.verbose_name}: {obj}"))
    return choices


def _owner_from_choice(value: str):
    if not value:
        return None
    label, _sep, pk = value.rpartition(":")
    allowed = {name.lower(): name for name in settings.API_KEY_OWNER_MODELS}
    if label not in allowed:
        raise ValidationError(_("Chủ sở hữu không hợp lệ."))
    return apps.get_model(allowed[label]).objects.get(pk=pk)


class ApiKeyForm(forms.ModelForm):
    owner_choice = forms.ChoiceField(label=_("Chủ sở hữu"), required=False)
    fixed_scopes = forms.MultipleChoiceField(
        label=_("Phạm vi quyền"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(scope, f"{scope} — {label}") for scope, label in FIXED_SCOPES.items()],
    )
    province_codes = forms.CharField(
        label=_("Tỉnh được đọc số liệu (province:<mã>:read)"),
        required=False,
        help_text=_("Mã tỉnh hai chữ số, cách nhau bằng dấu phẩy, ví dụ 01, 79."),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "expires_at", "throttle_rate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("owner_choice")
            self.initial["fixed_scopes"] = [scope for scope in self.instance.scopes if scope in FIXED_SCOPES]
            self.initial["province_codes"] = ", ".join(
                match.group(1) for scope in self.instance.scopes if (match := PROVINCE_SCOPE.match(scope))
            )
        else:
            self.fields["owner_choice"].choices = _owner_choices()

    def clean_province_codes(self) -> list[str]:
        codes = [code.strip() for code in self.cleaned_data["province_codes"].replace(";", ",").split(",")]
        codes = [code for code in codes if code]
        for code in codes:
            if not (code.isdigit() and len(code) <= 2):
                raise ValidationError(_("Mã tỉnh không hợp lệ: %(code)s.") % {"code": code})
        return [f"province:{int(code):02d}:read" for code in codes]

    def clean(self):
        cleaned = super().clean()
        cleaned["scopes"] = [*cleaned.get("fixed_scopes", []), *cleaned.get("province_codes", [])]
        if self.instance.pk:
            has_owner = self.instance.owner_content_type_id is not None
        else:
            try:
                cleaned["owner"] = _owner_from_choice(cleaned.get("owner_choice", ""))
            except (ValidationError, LookupError, ValueError):
                self.add_error("owner_choice", _("Chủ sở hữu không hợp lệ."))
                return cleaned
            has_owner = cleaned["owner"] is not None
        try:
            cleaned["scopes"] = validate_scopes(cleaned["scopes"], has_owner=has_owner)
        except ValidationError as exc:
            self.add_error("fixed_scopes", exc.message_dict.get("scopes", exc.messages))
        return cleaned


def _status(key: ApiKey) -> str:
    if key.is_revoked:
        return str(_("Đã thu hồi"))
    if key.is_expired():
        return str(_("Hết hạn"))
    return str(_("Đang dùng"))


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = [
        "name",
        "key_display",
        "owner_display",
        "scopes",
        "status_display",
        "expires_at",
        "last_used_at",
    ]
    list_filter = ["owner_content_type", "revoked_at", "expires_at"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    readonly_fields = [
        "key_display",
        "owner_display",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    ]

    def get_fieldsets(self, request, obj=None):
        editable = ["name", "fixed_scopes", "province_codes", "expires_at", "throttle_rate"]
        if obj is None:
            return [(None, {"fields": ["owner_choice", *editable]})]
        return [
            (None, {"fields": ["key_display", "owner_display", *editable]}),
            (
                _("Theo dõi"),
                {
                    "fields": [
                        "created_at",
                        "created_by",
                        "last_used_at",
                        "revoked_at",
                        "revoked_by",
                        "revoke_reason",
                    ]
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields.append("name")
        return fields

    @admin.display(description=_("Khóa"))
    def key_display(self, key: ApiKey) -> str:
        return f"smx_{key.prefix}_…"

    @admin.display(description=_("Chủ sở hữu"))
    def owner_display(self, key: ApiKey) -> str:
        owner = key.owner if key.owner_content_type_id else None
        return str(owner) if owner is not None else str(_("Hệ thống đối tác"))

    @admin.display(description=_("Trạng thái"))
    def status_display(self, key: ApiKey) -> str:
        return _status(key)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the call log and audit keep pointing at the key

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            api_key_update(
                key=obj,
                actor=request.user,
                scopes=data["scopes"],
                expires_at=data.get("expires_at"),
                throttle_rate=data.get("throttle_rate", ""),
            )
            return
        issued = api_key_issue(
            name=data["name"],
            scopes=data["scopes"],
            owner=data.get("owner"),
            expires_at=data.get("expires_at"),
            throttle_rate=data.get("throttle_rate", ""),
            created_by=request.user,
        )
        obj.pk = issued.key.pk
        obj.prefix = issued.key.prefix
        request.issued_api_key = issued.raw_key

    def response_add(self, request, obj, post_url_continue=None):
        """The key is shown on this page once, never stored and never put in a message or cookie."""
        raw_key = getattr(request, "issued_api_key", None)
        if raw_key is None:
            return super().response_add(request, obj, post_url_continue)
        response = TemplateResponse(
            request,
            "api/admin_key_issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "key": ApiKey.objects.get(pk=obj.pk),
                "raw_key": raw_key,
                "title": _("Khóa API mới"),
                "change_url": reverse("admin:core_apikey_change", args=[obj.pk]),
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            api_key_revoke(key=key, actor=request.user, reason=str(_("Thu hồi từ trang quản trị")))
            count += 1
        self.message_user(request, _("Đã thu hồi %(count)d khóa.") % {"count": count})


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiCall)
class ApiCallAdmin(_ReadOnlyAdmin):
    list_display = [
        "created_at",
        "key_prefix",
        "method",
        "endpoint",
        "status_code",
        "duration_ms",
        "client_ip",
    ]
    list_filter = ["status_code", "method"]
    search_fields = ["key_prefix", "path", "endpoint"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # a large table: no COUNT(*) on every page


@admin.register(UsageFigures)
class UsageFiguresAdmin(_ReadOnlyAdmin):
    list_display = [
        "subject",
        "period_start",
        "period_end",
        "active_businesses",
        "new_businesses",
        "reported_at",
    ]
    date_hierarchy = "period_start"


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "owner", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["url"]
    fields = ["url", "owner_display", "is_active", "created_at", "updated_at"]
    readonly_fields = ["url", "owner_display", "created_at", "updated_at"]

    @admin.display(description=_("Chủ sở hữu"))
    def owner_display(self, endpoint) -> str:
        return str(endpoint.owner)

    def has_add_permission(self, request):
        return False  # the provider sets its URL through the API and receives the secret there


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ["number", "attempted_at", "status_code", "error", "response_excerpt", "duration_ms"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(AccessLoggedAdminMixin, _ReadOnlyAdmin):
    list_display = [
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    ]
    list_filter = ["status", "event"]
    search_fields = ["event_id", "endpoint__url"]
    list_select_related = ["endpoint"]
    date_hierarchy = "created_at"
    inlines = [WebhookAttemptInline]
    actions = ["send_again"]
    change_form_template = "api/admin_webhookdelivery_change_form.html"
    readonly_fields = [
        "event_id",
        "event",
        "endpoint",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "last_status_code",
        "last_error",
        "body",
    ]

    def get_urls(self):
        return [
            path(
                "<int:pk>/send-again/",
                self.admin_site.admin_view(self.send_again_view),
                name="core_webhookdelivery_send_again",
            ),
            *super().get_urls(),
        ]

    def send_again_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        delivery = get_object_or_404(WebhookDelivery, pk=pk)
        webhook_redeliver(delivery=delivery, actor=request.user)
        self.message_user(request, _("Đã xếp lịch gửi lại sự kiện %(id)s.") % {"id": delivery.event_id})
        return HttpResponseRedirect(reverse("admin:core_webhookdelivery_change", args=[pk]))

    @admin.action(description=_("Gửi lại các sự kiện đã chọn"))
    def send_again(self, request, queryset):
        count = 0
        for delivery in queryset:
            webhook_redeliver(delivery=delivery, actor=request.user)
            count += 1
        self.message_user(request, _("Đã xếp lịch gửi lại %(count)d sự kiện.") % {"count": count})
