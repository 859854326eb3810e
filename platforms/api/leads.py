"""The providers' usage registrations (leads): list, one, confirm, reject; and their webhook events.

A provider key sees only the registrations of its own platforms, of businesses that consent to sharing with
providers: anyone else's is a 404. Confirming and rejecting go through `platforms.services` (the same functions as
the provider dashboard)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ConsentPurpose
from businesses.selectors import consenting_business_ids
from platforms.api.common import READ, TAG_LEADS, WRITE, provider_of
from platforms.models import Provider, UsageRegistration, UsageStatus
from platforms.services import usage_confirm, usage_decline
from smedx_portal.api.errors import ApiError, Conflict
from smedx_portal.api.pagination import ApiCursorPagination
from smedx_portal.api.queries import QuerySerializer
from smedx_portal.api.webhooks import webhook_emit, webhook_enabled
from smedx_portal.programmes import Programme


class LeadBusinessSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    tax_code = serializers.CharField(allow_null=True)
    province_code = serializers.SerializerMethodField()
    province_name = serializers.CharField(source="province.name")
    sector = serializers.SerializerMethodField(help_text="Mã ngành / sector code")
    phone = serializers.CharField(
        help_text="Điện thoại liên hệ của doanh nghiệp / the business's contact phone"
    )

    def get_province_code(self, business) -> str:
        return f"{business.province_id:02d}"

    def get_sector(self, business) -> str | None:
        return business.sector.code if business.sector_id else None


class LeadContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="full_name")
    phone = serializers.CharField()


class LeadPlatformSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LeadGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    programme = serializers.ChoiceField(choices=Programme.choices)


class UsageRegistrationSerializer(serializers.ModelSerializer):
    platform = LeadPlatformSerializer(help_text="Nền tảng / platform")
    group = LeadGroupSerializer(
        source="listing.group", allow_null=True, help_text="Nhóm và chương trình / group and programme"
    )
    business = LeadBusinessSerializer(help_text="Doanh nghiệp đăng ký / the registering business")
    contact = LeadContactSerializer(
        source="requested_by", allow_null=True, help_text="Người đăng ký / the person who registered"
    )

    class Meta:
        model = UsageRegistration
        fields = [
            "id",
            "status",
            "platform",
            "group",
            "business",
            "contact",
            "message",
            "reason",
            "created_at",
            "confirmed_at",
        ]


def registrations_of(provider: Provider):
    """The provider's leads: only of businesses whose consent to sharing with providers is in force."""
    return (
        UsageRegistration.objects.filter(platform__provider=provider)
        .filter(business_id__in=consenting_business_ids(ConsentPurpose.PROVIDER_SHARING))
        .select_related(
            "business__province", "business__sector", "platform", "requested_by", "listing__group"
        )
    )


class LeadQuerySerializer(QuerySerializer):
    status = serializers.ChoiceField(
        choices=UsageStatus.choices, required=False, help_text="Trạng thái / status"
    )
    created_after = serializers.DateField(
        required=False, help_text="Từ ngày (gồm) / from this date, inclusive"
    )
    created_before = serializers.DateField(
        required=False, help_text="Đến ngày (gồm) / up to this date, inclusive"
    )
    platform = serializers.IntegerField(required=False, min_value=1, help_text="Mã nền tảng / platform id")

    def validate(self, data):
        if (
            data.get("created_after")
            and data.get("created_before")
            and data["created_before"] < data["created_after"]
        ):
            raise serializers.ValidationError(
                {"created_before": "Phải sau created_after / must not precede created_after"}
            )
        return data


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class LeadPagination(ApiCursorPagination):
    ordering = ("-created_at", "-id")


class UsageRegistrationListView(generics.ListAPIView):
    required_scopes = {"GET": READ}
    serializer_class = UsageRegistrationSerializer
    pagination_class = LeadPagination

    def get_queryset(self):
        query = LeadQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        registrations = registrations_of(provider_of(self.request))
        if filters.get("status"):
            registrations = registrations.filter(status=filters["status"])
        if filters.get("created_after"):
            registrations = registrations.filter(created_at__gte=_day_start(filters["created_after"]))
        if filters.get("created_before"):
            next_day = filters["created_before"] + datetime.timedelta(days=1)
            registrations = registrations.filter(created_at__lt=_day_start(next_day))
        if filters.get("platform"):
            registrations = registrations.filter(platform_id=filters["platform"])
        return registrations

    @extend_schema(
        tags=[TAG_LEADS],
        operation_id="provider_usage_registrations",
        summary="Đăng ký sử dụng nền tảng của tôi / My usage registrations",
        description=(
            "Các doanh nghiệp đăng ký sử dụng nền tảng của nhà cung cấp sở hữu khóa, mới nhất trước; lọc theo "
            "trạng thái, ngày đăng ký và nền tảng; phân trang bằng con trỏ. Phạm vi: `leads:read`.\n\n"
            "*English:* registrations for the key owner's platforms, newest first, filtered by status, date and "
            "platform, with cursor pagination. Scope: `leads:read`."
        ),
        parameters=[LeadQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _registration_or_404(request, pk: int) -> UsageRegistration:
    return get_object_or_404(registrations_of(provider_of(request)), pk=pk)


class UsageRegistrationDetailView(APIView):
    required_scopes = {"GET": READ}

    @extend_schema(
        tags=[TAG_LEADS],
        operation_id="provider_usage_registration",
        summary="Một đăng ký sử dụng / One usage registration",
        description="404 nếu không thuộc nền tảng của bạn. *English:* 404 unless it is for one of your platforms.",
        responses=UsageRegistrationSerializer,
    )
    def get(self, request, pk: int):
        return Response(UsageRegistrationSerializer(_registration_or_404(request, pk)).data)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000, help_text="Lý do từ chối (bắt buộc) / the reason (required)"
    )


class UsageRegistrationConfirmView(APIView):
    required_scopes = {"POST": WRITE}
    error_statuses = ("409",)

    @extend_schema(
        tags=[TAG_LEADS],
        operation_id="provider_usage_registration_confirm",
        summary="Xác nhận kích hoạt / Confirm activation",
        description=(
            "Xác nhận doanh nghiệp đã được kích hoạt trên nền tảng (chỉ từ trạng thái `requested`, nếu không: 409). "
            "Phạm vi: `leads:write`.\n\n*English:* confirm the business is active on the platform (only from "
            "`requested`, otherwise 409). Scope: `leads:write`."
        ),
        request=None,
        responses=UsageRegistrationSerializer,
    )
    def post(self, request, pk: int):
        registration = _registration_or_404(request, pk)
        provider = provider_of(request)
        try:
            usage_confirm(registration=registration, actor=provider.owner)
        except DjangoValidationError as exc:
            raise Conflict(" ".join(exc.messages))
        except PermissionDenied:  # not the owner any more: as if it did not exist
            raise ApiError(code="not_found", status_code=status.HTTP_404_NOT_FOUND)
        return Response(UsageRegistrationSerializer(_registration_or_404(request, pk)).data)


class UsageRegistrationRejectView(APIView):
    required_scopes = {"POST": WRITE}
    error_statuses = ("409",)

    @extend_schema(
        tags=[TAG_LEADS],
        operation_id="provider_usage_registration_reject",
        summary="Từ chối kèm lý do / Reject with a reason",
        description=(
            "Từ chối một đăng ký đang chờ, kèm lý do (doanh nghiệp thấy lý do này). Phạm vi: `leads:write`.\n\n"
            "*English:* reject a pending registration with a reason the business will see. Scope: `leads:write`."
        ),
        request=RejectSerializer,
        responses=UsageRegistrationSerializer,
        examples=[
            OpenApiExample(
                "reject",
                summary="Từ chối / reject",
                value={
                    "reason": "Nền tảng chưa hỗ trợ ngành dược phẩm. / The platform does not serve pharmacies yet."
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, pk: int):
        registration = _registration_or_404(request, pk)
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        provider = provider_of(request)
        try:
            usage_decline(
                registration=registration, actor=provider.owner, reason=data.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise
            raise Conflict(" ".join(exc.messages))
        except PermissionDenied:
            raise ApiError(code="not_found", status_code=status.HTTP_404_NOT_FOUND)
        return Response(UsageRegistrationSerializer(_registration_or_404(request, pk)).data)


# --- webhook events -------------------------------------------------------------------------------------------
USAGE_CREATED = "usage_registration.created"
USAGE_STATUS_CHANGED = "usage_registration.status_changed"


def usage_registration_event(registration: UsageRegistration, *, previous_status: str | None = None) -> None:
    """Queue the webhook event of a new registration (no previous status) or of a status change, for the
    platform's provider. Call inside the service's transaction."""
    provider = registration.platform.provider
    if not webhook_enabled(provider):
        return
    registration = registrations_of(provider).filter(pk=registration.pk).first()
    if registration is None:  # the business withdrew its consent to sharing with providers
        return
    payload = UsageRegistrationSerializer(registration).data
    if previous_status is None:
        webhook_emit(
            owner=registration.platform.provider, event=USAGE_CREATED, payload=payload, subject=registration
        )
    elif previous_status != registration.status:
        payload = {**payload, "previous_status": previous_status}
        webhook_emit(
            owner=registration.platform.provider,
            event=USAGE_STATUS_CHANGED,
            payload=payload,
            subject=registration,
        )
