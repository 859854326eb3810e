"""The core's own endpoints: the calling key, the owner's webhook endpoint and its delivery log; the docs."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from smedx_portal.api.errors import ApiError, NotAProvider
from smedx_portal.api.keys import FIXED_SCOPES, SCOPE_LEADS_READ, SCOPE_LEADS_WRITE
from smedx_portal.api.pagination import ApiCursorPagination
from smedx_portal.api.webhooks import (
    EVENTS,
    UnsafeWebhookUrl,
    webhook_endpoint_delete,
    webhook_endpoint_of,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_set,
)
from smedx_portal.models import (
    ApiKey,
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)

TAG_KEY = "Khóa API / API key"
TAG_WEBHOOKS = "Webhook"


# --- the calling key ----------------------------------------------------------------------------------------
class KeyInfoSerializer(serializers.ModelSerializer):
    owner_type = serializers.SerializerMethodField(
        help_text="Loại chủ sở hữu / owner type, e.g. `platforms.provider`"
    )
    owner_name = serializers.SerializerMethodField(help_text="Tên chủ sở hữu / owner name")

    class Meta:
        model = ApiKey
        fields = [
            "name",
            "prefix",
            "scopes",
            "owner_type",
            "owner_name",
            "expires_at",
            "created_at",
            "last_used_at",
        ]

    def get_owner_type(self, key: ApiKey) -> str | None:
        content_type = key.owner_content_type
        return f"{content_type.app_label}.{content_type.model}" if content_type else None

    def get_owner_name(self, key: ApiKey) -> str | None:
        owner = key.owner if key.owner_content_type_id else None
        return str(owner) if owner is not None else None


class KeyInfoView(APIView):
    """Khóa đang dùng: tên, tiền tố, phạm vi quyền, hạn dùng. *English:* the calling key."""

    required_scopes: dict = {}

    @extend_schema(
        tags=[TAG_KEY],
        summary="Khóa API đang dùng / The calling API key",
        description=(
            "Trả về thông tin khóa đang gọi (không bao giờ trả lại chính khóa). Không cần phạm vi quyền.\n\n"
            "*English:* information about the calling key (never the key itself). No scope needed.\n\n"
            "Phạm vi quyền / scopes: "
            + "; ".join(f"`{scope}`" for scope in FIXED_SCOPES)
            + "; `province:<mã/code>:read`."
        ),
        responses=KeyInfoSerializer,
    )
    def get(self, request):
        return Response(KeyInfoSerializer(request.auth).data)


# --- webhooks -----------------------------------------------------------------------------------------------
def owner_or_403(request):
    key: ApiKey = request.auth
    owner = key.owner if key.owner_content_type_id else None
    if owner is None:
        raise NotAProvider()
    return owner


class WebhookEndpointSerializer(serializers.ModelSerializer):
    secret = serializers.SerializerMethodField(
        help_text="Khóa ký, chỉ có khi vừa tạo hoặc đổi khóa / signing secret, only on creation or rotation"
    )
    secret_hint = serializers.SerializerMethodField(help_text="4 ký tự cuối của khóa ký / last 4 characters")
    events = serializers.SerializerMethodField(help_text="Các sự kiện được gửi / events delivered")

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "is_active", "secret", "secret_hint", "events", "created_at", "updated_at"]

    def get_secret(self, endpoint) -> str | None:
        return self.context.get("secret")

    def get_secret_hint(self, endpoint) -> str:
        return "…" + endpoint.secret[-4:]

    def get_events(self, endpoint) -> list[str]:
        return list(EVENTS)


class WebhookEndpointInputSerializer(serializers.Serializer):
    url = serializers.URLField(
        max_length=500,
        help_text="Địa chỉ HTTPS công khai / a public HTTPS URL (no private or loopback address)",
    )
    is_active = serializers.BooleanField(
        default=True, help_text="Bật/tắt gửi sự kiện / enable or pause deliveries"
    )


_WEBHOOK_EXAMPLE = {
    "url": "https://nentang.example.vn/smedx/webhook",
    "is_active": True,
    "secret": "whsec_3q2-7wFQm0a0sRr3qFQyQm1k1c0v6iGkq0mYVbRk9sQ",
    "secret_hint": "…k9sQ",
    "events": list(EVENTS),
    "created_at": "2026-03-02T09:15:00+07:00",
    "updated_at": "2026-03-02T09:15:00+07:00",
}


def endpoint_or_404(request) -> WebhookEndpoint:
    endpoint = webhook_endpoint_of(owner_or_403(request))
    if endpoint is None:
        raise ApiError(code="not_found", status_code=status.HTTP_404_NOT_FOUND)
    return endpoint


class WebhookEndpointView(APIView):
    """Địa chỉ nhận sự kiện của nhà cung cấp. *English:* the provider's webhook endpoint."""

    required_scopes = {
        "GET": [SCOPE_LEADS_READ, SCOPE_LEADS_WRITE],
        "PUT": [SCOPE_LEADS_WRITE],
        "DELETE": [SCOPE_LEADS_WRITE],
    }

    @extend_schema(
        tags=[TAG_WEBHOOKS],
        summary="Xem địa chỉ nhận sự kiện / Read the webhook endpoint",
        description="Phạm vi / scope: `leads:read` hoặc/or `leads:write`.",
        responses=WebhookEndpointSerializer,
    )
    def get(self, request):
        return Response(WebhookEndpointSerializer(endpoint_or_404(request)).data)

    @extend_schema(
        tags=[TAG_WEBHOOKS],
        summary="Đặt địa chỉ nhận sự kiện / Set the webhook endpoint",
        description=(
            "Tạo hoặc đổi địa chỉ HTTPS. Lần tạo đầu trả về `secret` (chỉ một lần); đổi địa chỉ giữ khóa ký. "
            "Địa chỉ trỏ tới mạng nội bộ, loopback hay link-local bị từ chối (400). Phạm vi: `leads:write`.\n\n"
            "*English:* create or change the HTTPS URL. Creation returns the `secret` once; changing the URL keeps "
            "it. URLs resolving to private, loopback or link-local addresses are refused (400). Scope: `leads:write`."
        ),
        request=WebhookEndpointInputSerializer,
        responses={200: WebhookEndpointSerializer, 201: WebhookEndpointSerializer},
        examples=[
            OpenApiExample("Đặt địa chỉ / set", value={"url": _WEBHOOK_EXAMPLE["url"]}, request_only=True),
            OpenApiExample(
                "Đã tạo / created", value=_WEBHOOK_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def put(self, request):
        owner = owner_or_403(request)
        data = WebhookEndpointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            change = webhook_endpoint_set(owner=owner, **data.validated_data)
        except UnsafeWebhookUrl as exc:
            raise ApiError(details={"fields": {"url": [str(exc.message)]}})
        body = WebhookEndpointSerializer(change.endpoint, context={"secret": change.secret}).data
        return Response(body, status=status.HTTP_201_CREATED if change.secret else status.HTTP_200_OK)

    @extend_schema(
        tags=[TAG_WEBHOOKS],
        summary="Xóa địa chỉ nhận sự kiện / Delete the webhook endpoint",
        description="Phạm vi / scope: `leads:write`.",
        responses={204: None},
    )
    def delete(self, request):
        if not webhook_endpoint_delete(owner=owner_or_403(request)):
            raise ApiError(code="not_found", status_code=status.HTTP_404_NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookRotateSecretView(APIView):
    required_scopes = {"POST": [SCOPE_LEADS_WRITE]}

    @extend_schema(
        tags=[TAG_WEBHOOKS],
        summary="Đổi khóa ký / Rotate the signing secret",
        description=(
            "Tạo khóa ký mới, trả về một lần; khóa cũ hết tác dụng ngay. Phạm vi: `leads:write`.\n\n"
            "*English:* a new signing secret, returned once; the old one stops working at once. Scope: `leads:write`."
        ),
        request=None,
        responses=WebhookEndpointSerializer,
    )
    def post(self, request):
        change = webhook_endpoint_rotate_secret(endpoint=endpoint_or_404(request))
        return Response(WebhookEndpointSerializer(change.endpoint, context={"secret": change.secret}).data)


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "attempted_at", "status_code", "error", "duration_ms"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)
    payload = serializers.SerializerMethodField(help_text="Nội dung đã gửi / the JSON body sent")

    class Meta:
        model = WebhookDelivery
        fields = [
            "event_id",
            "event",
            "status",
            "attempts",
            "created_at",
            "last_attempt_at",
            "next_attempt_at",
            "delivered_at",
            "last_status_code",
            "payload",
            "attempt_log",
        ]

    def get_payload(self, delivery) -> dict:
        return json.loads(delivery.body)


class DeliveryFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=WebhookDeliveryStatus.choices,
        required=False,
        help_text="Lọc theo trạng thái / filter by status",
    )


class DeliveryPagination(ApiCursorPagination):
    ordering = "-id"


class WebhookDeliveryListView(generics.ListAPIView):
    """Nhật ký gửi sự kiện của nhà cung cấp. *English:* the provider's delivery log."""

    required_scopes = {"GET": [SCOPE_LEADS_READ, SCOPE_LEADS_WRITE]}
    serializer_class = WebhookDeliverySerializer
    pagination_class = DeliveryPagination

    def get_queryset(self):
        endpoint = webhook_endpoint_of(owner_or_403(self.request))
        if endpoint is None:
            return WebhookDelivery.objects.none()
        filters = DeliveryFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = endpoint.deliveries.prefetch_related("attempt_log")
        if filters.validated_data.get("status"):
            queryset = queryset.filter(status=filters.validated_data["status"])
        return queryset

    @extend_schema(
        tags=[TAG_WEBHOOKS],
        summary="Nhật ký gửi sự kiện / Webhook delivery log",
        description="Mới nhất trước, kèm từng lần gửi. Phạm vi: `leads:read`.\n\n*English:* newest first, with each attempt.",
        parameters=[DeliveryFilterSerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- the docs (assets served locally by drf-spectacular-sidecar) ----------------------------------------------
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI under the site's strict CSP: its assets come from drf-spectacular-sidecar, its start script is
    a separate request (`?script=`), and the template keeps no inline style (static/css/api.css)."""

    template_name = "api/swagger_ui.html"
    title = _("API của Cổng SMEdx / RDX")
