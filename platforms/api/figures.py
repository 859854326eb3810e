"""The providers' usage figures per period: /api/v1/provider/usage-figures/ (read and report)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from platforms.api.common import READ, TAG_LEADS, WRITE, provider_of
from platforms.models import Platform
from smedx_portal.api.errors import ApiError
from smedx_portal.api.figures import usage_figures_for, usage_figures_report
from smedx_portal.api.pagination import ApiCursorPagination
from smedx_portal.api.queries import QuerySerializer
from smedx_portal.models import UsageFigures


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
