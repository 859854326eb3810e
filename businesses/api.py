"""Open statistics (/api/v1/stats/…) and the routes of identity exchange (businesses/identity_api.py).

Statistics read the dashboard summary table `ProvinceStat` (no business row is touched), carry no personal
data and hide every cell below API_STATS_MIN_CELL.
"""

from __future__ import annotations

import hashlib
import io
import json

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from businesses.identity_api import IdentityLookupView
from businesses.models import BusinessKind, BusinessResult, Province, ProvinceStat, Sector
from smedx_portal.api.errors import MissingScope
from smedx_portal.api.keys import SCOPE_STATS_READ, province_codes
from smedx_portal.api.permissions import key_scopes
from smedx_portal.api.queries import QuerySerializer
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme
from smedx_portal.spreadsheets import SafeDictWriter
from smedx_portal.trial_sets import TRIAL_LABEL, trial_set_ids

TAG_STATS = "Số liệu mở / Open data"
TAG_IDENTITY = "Trao đổi định danh / Identity exchange"
GROUP_DIMENSIONS = ["province", "kind", "sector", "level"]
NOT_ASSESSED = "none"
LEVEL_FILTER_CHOICES = [
    *Level.choices,
    (NOT_ASSESSED, _("Chưa đánh giá")),
]  # named LevelFilterEnum in the schema (settings)


# --- open statistics ---------------------------------------------------------------------------------------
class CsvRenderer(BaseRenderer):
    """The statistics' rows as CSV (UTF-8 with a BOM, so spreadsheet programs show Vietnamese correctly)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results", []) if isinstance(data, dict) else []
        columns = data.get("columns", []) if isinstance(data, dict) else []
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = SafeDictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else value for key, value in row.items()})
        return buffer.getvalue().encode("utf-8")


class StatsQuerySerializer(QuerySerializer):
    group_by = serializers.CharField(
        required=False,
        default="province,kind,sector,level",
        help_text=(
            "Các chiều nhóm, cách nhau bằng dấu phẩy: `province`, `kind`, `sector`, `level`. "
            "*English:* comma-separated dimensions to group by."
        ),
    )
    province = serializers.RegexField(
        r"^\d{2}$", required=False, help_text="Mã tỉnh hai chữ số / two-digit province code, e.g. `01`, `79`"
    )
    kind = serializers.ChoiceField(
        choices=BusinessKind.choices, required=False, help_text="Loại hình / business kind"
    )
    sector = serializers.SlugField(required=False, help_text="Mã ngành / sector code, e.g. `tap-hoa`")
    level = serializers.ChoiceField(
        choices=LEVEL_FILTER_CHOICES,
        required=False,
        help_text="Mức độ chuyển đổi số; `none` = chưa đánh giá / DX level; `none` = not assessed yet",
    )
    programme = serializers.ChoiceField(
        choices=Programme.choices,
        required=False,
        default=Programme.SMEDX,
        help_text=(
            "Chương trình (mặc định SMEDX); mức độ là kết quả trong chương trình này / programme (SMEDX by "
            "default); the level is the result in this programme"
        ),
    )

    def validate_group_by(self, value: str) -> list[str]:
        dimensions = [item.strip() for item in value.split(",") if item.strip()]
        unknown = [item for item in dimensions if item not in GROUP_DIMENSIONS]
        if unknown or not dimensions or len(set(dimensions)) != len(dimensions):
            raise serializers.ValidationError(
                "Chỉ dùng province, kind, sector, level, mỗi chiều một lần. / Use province, kind, sector, level once each."
            )
        return [item for item in GROUP_DIMENSIONS if item in dimensions]


class StatsRowSerializer(serializers.Serializer):
    province_code = serializers.CharField(required=False, help_text="Mã tỉnh / province code")
    province_name = serializers.CharField(required=False, help_text="Tên tỉnh / province name")
    kind = serializers.ChoiceField(choices=BusinessKind.choices, required=False)
    sector = serializers.CharField(
        required=False, allow_null=True, help_text="Mã ngành (null: chưa khai) / sector code"
    )
    level = serializers.ChoiceField(
        choices=Level.choices,
        required=False,
        allow_null=True,
        help_text="null = chưa đánh giá / not assessed",
    )
    businesses = serializers.IntegerField(
        allow_null=True, help_text="Số đơn vị; null nếu bị ẩn / count; null if hidden"
    )
    average_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, help_text="Điểm trung bình / average score"
    )
    suppressed = serializers.BooleanField(help_text="Ô nhỏ hơn ngưỡng bị ẩn / cell below the minimum, hidden")


class StatsSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    programme = serializers.ChoiceField(choices=Programme.choices, help_text="Chương trình / programme")
    min_cell = serializers.IntegerField(help_text="Ngưỡng ẩn ô / the small-cell minimum")
    group_by = serializers.ListField(child=serializers.ChoiceField(choices=GROUP_DIMENSIONS))
    columns = serializers.ListField(child=serializers.CharField(), help_text="Các cột (CSV) / columns")
    results = StatsRowSerializer(many=True)
    trial_results = serializers.IntegerField(
        allow_null=True,
        help_text=(
            "Số kết quả trong số liệu chấm theo bộ tiêu chí thử nghiệm của cổng (null nếu bị ẩn) / results "
            "counted here that were scored under the portal's own retired trial criteria (null if hidden)"
        ),
    )
    criteria_note = serializers.CharField(
        help_text="“bộ tiêu chí thử nghiệm của cổng” khi có kết quả như vậy / the trial label when there are any"
    )


_STATS_EXAMPLE = {
    "generated_at": "2026-03-02T09:15:00+07:00",
    "trial_results": 0,
    "criteria_note": "",
    "min_cell": 5,
    "group_by": ["province", "kind"],
    "columns": ["province_code", "province_name", "kind", "businesses", "average_score", "suppressed"],
    "results": [
        {
            "province_code": "01",
            "province_name": "Hà Nội",
            "kind": "enterprise",
            "businesses": 1240,
            "average_score": "54.20",
            "suppressed": False,
        },
        {
            "province_code": "01",
            "province_name": "Hà Nội",
            "kind": "cooperative",
            "businesses": None,
            "average_score": None,
            "suppressed": True,
        },
    ],
}


class BusinessStatsView(APIView):
    """Số liệu tổng hợp theo tỉnh, loại hình, ngành và mức độ. *English:* aggregate statistics."""

    required_scopes = {"GET": [SCOPE_STATS_READ]}
    accepts_province_scopes = True
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        tags=[TAG_STATS],
        operation_id="stats_businesses",
        summary="Thống kê doanh nghiệp / Business statistics",
        description=(
            "Số đơn vị theo tỉnh, loại hình, ngành và mức độ chuyển đổi số (JSON hoặc CSV: `?format=csv` hoặc "
            "`Accept: text/csv`). Không có dữ liệu cá nhân; ô nhỏ hơn `min_cell` (mặc định 5) trả về `null` và "
            "`suppressed: true`. Phạm vi: `stats:read` (toàn quốc) hoặc `province:<mã>:read` (chỉ tỉnh đó).\n\n"
            "*English:* businesses by province, kind, sector and DX level, as JSON or CSV (`?format=csv` or "
            "`Accept: text/csv`). No personal data; cells smaller than `min_cell` (default 5) are `null` with "
            "`suppressed: true`. Scope: `stats:read` (whole country) or `province:<code>:read` (that province)."
        ),
        parameters=[
            StatsQuerySerializer,
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["json", "csv"], required=False, description="json | csv"
            ),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                StatsSerializer,
                examples=[
                    OpenApiExample(
                        "ha_noi_by_kind", summary="Hà Nội theo loại hình / by kind", value=_STATS_EXAMPLE
                    )
                ],
            ),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, UTF-8"),
        },
    )
    def get(self, request, *args, **kwargs):
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        return Response(
            cached_business_stats(params, allowed_provinces=self._allowed_provinces(request, params))
        )

    def _allowed_provinces(self, request, params) -> set[int] | None:
        """None = every province (stats:read); otherwise the provinces of the key's province scopes."""
        scopes = key_scopes(request)
        if SCOPE_STATS_READ in scopes:
            return None
        allowed = province_codes(scopes)
        if "province" in params and int(params["province"]) not in allowed:
            raise MissingScope([SCOPE_STATS_READ, f"province:{params['province']}:read"])
        return allowed


def cached_business_stats(params: dict, *, allowed_provinces: set[int] | None) -> dict:
    """`business_stats` kept API_STATS_CACHE_SECONDS in the shared cache (open data may be minutes old)."""
    identity = json.dumps(
        {
            "params": dict(params),
            "provinces": sorted(allowed_provinces) if allowed_provinces is not None else None,
            "min_cell": settings.API_STATS_MIN_CELL,
        },
        sort_keys=True,
        default=str,
    )
    key = "api-stats:" + hashlib.sha256(identity.encode()).hexdigest()
    stats = cache.get(key)
    if stats is None:
        stats = business_stats(params, allowed_provinces=allowed_provinces)
        cache.set(key, stats, settings.API_STATS_CACHE_SECONDS)
    return stats


def _trial_results(programme: str, allowed_provinces: set[int] | None, province: str | None) -> int:
    """Results of the programme in scope scored under the portal's own (retired) trial criteria sets."""
    trial_ids = trial_set_ids()
    if not trial_ids:
        return 0
    results = BusinessResult.objects.filter(programme=programme, criteria_set_id__in=trial_ids)
    if allowed_provinces is not None:
        results = results.filter(business__province_id__in=allowed_provinces)
    if province:
        results = results.filter(business__province_id=int(province))
    return results.count()


def business_stats(params: dict, *, allowed_provinces: set[int] | None) -> dict:
    """Aggregate ProvinceStat by the requested dimensions, then hide small cells."""
    group_by = params.get("group_by") or GROUP_DIMENSIONS
    minimum = settings.API_STATS_MIN_CELL
    queryset = ProvinceStat.objects.all()
    if allowed_provinces is not None:
        queryset = queryset.filter(province_id__in=allowed_provinces)
    if "province" in params:
        queryset = queryset.filter(province_id=int(params["province"]))
    if "kind" in params:
        queryset = queryset.filter(kind=params["kind"])
    if "sector" in params:
        sector_id = Sector.objects.filter(code=params["sector"]).values_list("pk", flat=True).first()
        queryset = queryset.filter(sector_id=sector_id or -1)
    if "level" in params:
        queryset = queryset.filter(level="" if params["level"] == NOT_ASSESSED else params["level"])
    programme = params.get("programme") or Programme.SMEDX
    queryset = queryset.filter(programme=programme)

    fields = {"province": "province_id", "kind": "kind", "sector": "sector_id", "level": "level"}
    values = [fields[name] for name in group_by]
    cells = (
        queryset.values(*values)
        .annotate(total=Sum("businesses"), scores=Sum("score_sum"))
        .filter(total__gt=0)
        .order_by(*values)
    )
    provinces = dict(Province.objects.values_list("code", "name")) if "province" in group_by else {}
    sectors = dict(Sector.objects.values_list("pk", "code")) if "sector" in group_by else {}

    columns: list[str] = []
    if "province" in group_by:
        columns += ["province_code", "province_name"]
    columns += [name for name in ("kind", "sector", "level") if name in group_by]
    columns += ["businesses", "average_score", "suppressed"]

    results = []
    for cell in cells:
        row: dict = {}
        if "province" in group_by:
            row["province_code"] = f"{cell['province_id']:02d}"
            row["province_name"] = provinces.get(cell["province_id"], "")
        if "kind" in group_by:
            row["kind"] = cell["kind"]
        if "sector" in group_by:
            row["sector"] = sectors.get(cell["sector_id"]) if cell["sector_id"] else None
        if "level" in group_by:
            row["level"] = cell["level"] or None
        suppressed = cell["total"] < minimum
        row["businesses"] = None if suppressed else cell["total"]
        # A business that has not been assessed adds 0 to the score sum, so the average is over assessed ones
        # only when the level is grouped; otherwise it is the average over every business of the cell.
        row["average_score"] = None if suppressed else f"{cell['scores'] / cell['total']:.2f}"
        row["suppressed"] = suppressed
        results.append(row)
    trial = _trial_results(programme, allowed_provinces, params.get("province"))
    return {
        "generated_at": timezone.now(),
        "programme": programme,
        "trial_results": None if 0 < trial < minimum else trial,
        "criteria_note": str(TRIAL_LABEL) if trial else "",
        "min_cell": minimum,
        "group_by": group_by,
        "columns": columns,
        "results": results,
    }


urlpatterns = [
    path("stats/businesses/", BusinessStatsView.as_view(), name="stats-businesses"),
    path("identity/lookup/", IdentityLookupView.as_view(), name="identity-lookup"),
]
