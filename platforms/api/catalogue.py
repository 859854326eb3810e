"""The public catalogue: /api/v1/catalogue/groups/ (scope `catalogue:read`)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from platforms.api.common import TAG_CATALOGUE
from platforms.models import CategoryGroup, Listing, ListingStatus
from smedx_portal.api.keys import SCOPE_CATALOGUE_READ
from smedx_portal.api.pagination import ApiCursorPagination
from smedx_portal.api.queries import QuerySerializer
from smedx_portal.programmes import Programme


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
