"""The catalogue and the provider endpoints of the API (/api/v1/catalogue/…, /api/v1/provider/…), and the
webhook events of usage registrations.

A provider key (owned by a `Provider`) sees only the registrations of its own platforms: anyone else's is a 404.
Confirming and rejecting go through `platforms.services` (the same functions as the provider dashboard).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ConsentPurpose
from businesses.selectors import consenting_business_ids
from platforms.models import (
    CategoryGroup,
    Listing,
    ListingStatus,
    Platform,
    Provider,
    UsageRegistration,
    UsageStatus,
)
from platforms.services import usage_confirm, usage_decline
from smedx_portal.api.errors import ApiError, Conflict, NotAProvider
from smedx_portal.api.figures import usage_figures_for, usage_figures_report
from smedx_portal.api.keys import SCOPE_CATALOGUE_READ, SCOPE_LEADS_READ, SCOPE_LEADS_WRITE
from smedx_portal.api.pagination import ApiCursorPagination
from smedx_portal.api.queries import QuerySerializer
from smedx_portal.api.webhooks import webhook_emit, webhook_enabled
from smedx_portal.models import ApiKey, UsageFigures
from smedx_portal.programmes import Programme

TAG_CATALOGUE = "Danh mục nền tảng / Catalogue"
TAG_LEADS = "Nhà cung cấp / Provider"
READ = [SCOPE_LEADS_READ, SCOPE_LEADS_WRITE]
WRITE = [SCOPE_LEADS_WRITE]


def provider_of(request) -> Provider:
    """The provider organisation that owns the calling key (403 not_a_provider for partner keys)."""
    key: ApiKey = request.auth
    owner = key.owner if key.owner_content_type_id else None
    if not isinstance(owner, Provider):
        raise NotAProvider()
    return owner


# --- catalogue ------------------------------------------------------------------------------------------------
class CatalogueListingSerializer(serializers.Serializer):
    platform_id = serializers.IntegerField(source="platform.pk")
    name = serializers.CharField(source="platform.name")
    provider = serializers.CharField(source="platform.provider.name", help_text="Nhà cung cấp / provider")
    short_description = serializers.CharField(source="platform.short_description")
    website = serializers.CharField(source="platform.website", help_text="Trang web / website (may be empty)")
    status = serializers.ChoiceField(
        choices=[ListingStatus.SELECTED, ListingStatus.COMPLEMENTARY],
        help_text="`selected` (tối đa 3 mỗi nhóm / at most 3 per group) hoặc/or `complementary`",
    )
    slot = serializers.IntegerField(allow_null=True, help_text="Vị trí 1–3 khi được lựa chọn / slot 1–3")
    certified = serializers.SerializerMethodField(
        help_text="Có chứng nhận còn hiệu lực / holds a valid certificate"
    )
    url = serializers.SerializerMethodField(help_text="Trang nền tảng trên Cổng / the platform's page")

    def get_certified(self, listing) -> bool:
        return listing.platform.is_certified

    def get_url(self, listing) -> str:
        return settings.PORTAL_BASE_URL.rstrip("/") + listing.platform.get_absolute_url()


class CatalogueGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    programme = serializers.ChoiceField(choices=Programme.choices)
    domain = serializers.CharField(source="domain.code", help_text="Mã lĩnh vực / domain code")
    name = serializers.CharField(help_text="Tên tiếng Việt / Vietnamese name")
    name_en = serializers.CharField(help_text="Tên tiếng Anh / English name (may be empty)")
    description = serializers.CharField()
    platforms = CatalogueListingSerializer(many=True, source="public_listings")


class CatalogueQuerySerializer(QuerySerializer):
    programme = serializers.ChoiceField(choices=Programme.choices, required=False, help_text="SMEDX | RDX")


class CataloguePagination(ApiCursorPagination):
    ordering = "id"


class CatalogueGroupListView(generics.ListAPIView):
    """Nhóm nền tảng và các nền tảng được lựa chọn / bổ sung. *English:* groups with their listed platforms."""

    required_scopes = {"GET": [SCOPE_CATALOGUE_READ]}
    serializer_class = CatalogueGroupSerializer
    pagination_class = CataloguePagination

    def get_queryset(self):
        query = CatalogueQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        listings = (
            Listing.objects.public()
            .select_related("platform__provider", "platform__certificate")
            .order_by(
                F("slot").asc(nulls_last=True), "platform__name"
            )  # selected (slots 1–3), then complementary
        )
        return (
            CategoryGroup.objects.active()
            .for_programme(query.validated_data.get("programme"))
            .select_related("domain")
            .prefetch_related(Prefetch("listings", queryset=listings, to_attr="public_listings"))
        )

    @extend_schema(
        tags=[TAG_CATALOGUE],
        operation_id="catalogue_groups",
        summary="Danh mục nền tảng theo nhóm / Catalogue by group",
        description=(
            "Các nhóm nền tảng đang hoạt động, mỗi nhóm với các nền tảng được lựa chọn (tối đa 3) và nền tảng bổ "
            "sung. Phạm vi: `catalogue:read`.\n\n*English:* active category groups, each with its selected (at "
            "most three) and complementary platforms. Scope: `catalogue:read`."
        ),
        parameters=[CatalogueQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- usage registrations (leads) -------------------------------------------------------------------------------
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


# --- usage figures ---------------------------------------------------------------------------------------------
class UsageFiguresSerializer(serializers.ModelSerializer):
    platform = serializers.IntegerField(source="subject_object_id", help_text="Mã nền tảng / platform id")

    class Meta:
        model = UsageFigures
        fields = [
            "platform",
            "period_start",
            "period_end",
            "active_businesses",
            "new_businesses",
            "smedx_businesses",
            "rdx_businesses",
            "note",
            "reported_at",
        ]


class UsageFiguresInputSerializer(serializers.Serializer):
    platform = serializers.IntegerField(
        min_value=1, help_text="Mã nền tảng của bạn / one of your platform ids"
    )
    period_start = serializers.DateField(help_text="Ngày đầu kỳ / first day of the period")
    period_end = serializers.DateField(
        help_text="Ngày cuối kỳ (≤ hôm nay, kỳ ≤ 1 năm) / last day (≤ today, ≤ 1 year)"
    )
    active_businesses = serializers.IntegerField(
        min_value=0,
        max_value=2_000_000_000,
        help_text="Số đơn vị của Chương trình đang sử dụng / active businesses",
    )
    new_businesses = serializers.IntegerField(
        min_value=0,
        max_value=2_000_000_000,
        default=0,
        help_text="Số đơn vị mới kích hoạt trong kỳ / newly activated",
    )
    smedx_businesses = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True
    )
    rdx_businesses = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FiguresQuerySerializer(QuerySerializer):
    platform = serializers.IntegerField(required=False, min_value=1, help_text="Mã nền tảng / platform id")


class FiguresPagination(ApiCursorPagination):
    ordering = "-id"


class UsageFiguresView(generics.ListAPIView):
    required_scopes = {"GET": READ, "POST": WRITE}
    serializer_class = UsageFiguresSerializer
    pagination_class = FiguresPagination

    def _platforms(self):
        return Platform.objects.filter(provider=provider_of(self.request))

    def get_queryset(self):
        query = FiguresQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        platforms = self._platforms()
        if query.validated_data.get("platform"):
            platforms = platforms.filter(pk=query.validated_data["platform"])
        return usage_figures_for(platforms)

    @extend_schema(
        tags=[TAG_LEADS],
        operation_id="provider_usage_figures",
        summary="Số liệu sử dụng đã báo cáo / Reported usage figures",
        description="Phạm vi / scope: `leads:read`.",
        parameters=[FiguresQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=[TAG_LEADS],
        operation_id="provider_usage_figures_report",
        summary="Báo cáo số liệu sử dụng một kỳ / Report usage figures for a period",
        description=(
            "Báo cáo số đơn vị của Chương trình đang dùng một nền tảng của bạn trong một kỳ; báo cáo lại cùng kỳ "
            "sẽ thay số cũ (200), kỳ mới trả 201. Phạm vi: `leads:write`.\n\n*English:* report how many of the "
            "programme's businesses use one of your platforms in a period; the same period again replaces the "
            "figures (200), a new one answers 201. Scope: `leads:write`."
        ),
        request=UsageFiguresInputSerializer,
        responses={200: UsageFiguresSerializer, 201: UsageFiguresSerializer},
        examples=[
            OpenApiExample(
                "quarter",
                summary="Quý 1/2026 / Q1 2026",
                request_only=True,
                value={
                    "platform": 12,
                    "period_start": "2026-01-01",
                    "period_end": "2026-03-31",
                    "active_businesses": 842,
                    "new_businesses": 120,
                    "smedx_businesses": 610,
                    "rdx_businesses": 232,
                },
            )
        ],
    )
    def post(self, request):
        data = UsageFiguresInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        platform = self._platforms().filter(pk=values.pop("platform")).first()
        if platform is None:  # another provider's platform looks like a missing one
            raise ApiError(
                details={"fields": {"platform": ["Không có nền tảng này trong các nền tảng của bạn."]}}
            )
        figures, created = usage_figures_report(subject=platform, key=request.auth, **values)
        body = UsageFiguresSerializer(figures).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


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
        webhook_emit(owner=registration.platform.provider, event=USAGE_CREATED, payload=payload)
    elif previous_status != registration.status:
        payload = {**payload, "previous_status": previous_status}
        webhook_emit(owner=registration.platform.provider, event=USAGE_STATUS_CHANGED, payload=payload)


urlpatterns = [
    path("catalogue/groups/", CatalogueGroupListView.as_view(), name="catalogue-groups"),
    path("provider/usage-registrations/", UsageRegistrationListView.as_view(), name="usage-registrations"),
    path(
        "provider/usage-registrations/<int:pk>/",
        UsageRegistrationDetailView.as_view(),
        name="usage-registration",
    ),
    path(
        "provider/usage-registrations/<int:pk>/confirm/",
        UsageRegistrationConfirmView.as_view(),
        name="usage-registration-confirm",
    ),
    path(
        "provider/usage-registrations/<int:pk>/reject/",
        UsageRegistrationRejectView.as_view(),
        name="usage-registration-reject",
    ),
    path("provider/usage-figures/", UsageFiguresView.as_view(), name="usage-figures"),
]
