"""Open statistics and identity exchange (/api/v1/stats/…, /api/v1/identity/…).

Statistics read the dashboard summary table `ProvinceStat` (no business row is touched), carry no personal
data and hide every cell below API_STATS_MIN_CELL. Identity exchange tells a partner portal whether a tax code
is registered, in which programmes, whether it is verified and its latest level — never a name, phone or address.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
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

from businesses.models import Business, BusinessKind, Province, ProvinceStat, Sector, VerificationStatus
from businesses.validators import normalise_tax_code
from smedx_portal.api.errors import MissingScope
from smedx_portal.api.keys import SCOPE_IDENTITY_READ, SCOPE_STATS_READ, province_codes
from smedx_portal.api.permissions import key_scopes
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme

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
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else value for key, value in row.items()})
        return buffer.getvalue().encode("utf-8")


class StatsQuerySerializer(serializers.Serializer):
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
        choices=Programme.choices, required=False, help_text="Chương trình / programme"
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
    min_cell = serializers.IntegerField(help_text="Ngưỡng ẩn ô / the small-cell minimum")
    group_by = serializers.ListField(child=serializers.ChoiceField(choices=GROUP_DIMENSIONS))
    columns = serializers.ListField(child=serializers.CharField(), help_text="Các cột (CSV) / columns")
    results = StatsRowSerializer(many=True)


_STATS_EXAMPLE = {
    "generated_at": "2026-03-02T09:15:00+07:00",
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
    if params.get("programme") == Programme.SMEDX:
        queryset = queryset.filter(in_smedx=True)
    elif params.get("programme") == Programme.RDX:
        queryset = queryset.filter(in_rdx=True)

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
    return {
        "generated_at": timezone.now(),
        "min_cell": minimum,
        "group_by": group_by,
        "columns": columns,
        "results": results,
    }


# --- identity exchange ----------------------------------------------------------------------------------------
class IdentityLookupSerializer(serializers.Serializer):
    tax_codes = serializers.ListField(
        child=serializers.CharField(max_length=20),
        min_length=1,
        max_length=100,
        help_text="1–100 mã số thuế (10 số, 10 số-3 số, hoặc 12 số CCCD) / 1–100 tax codes",
    )

    def validate_tax_codes(self, values: list[str]) -> list[str]:
        normalised, errors = [], {}
        for index, value in enumerate(values):
            try:
                normalised.append(normalise_tax_code(value))
            except DjangoValidationError as exc:
                errors[str(index)] = exc.messages
        if errors:
            raise serializers.ValidationError(errors)
        return normalised


class IdentitySerializer(serializers.Serializer):
    tax_code = serializers.CharField(help_text="Mã số thuế đã chuẩn hóa / normalised tax code")
    registered = serializers.BooleanField(help_text="Đã đăng ký trên Cổng / registered on the portal")
    programmes = serializers.ListField(
        child=serializers.ChoiceField(choices=Programme.choices), help_text="SMEDX, RDX"
    )
    verified = serializers.BooleanField(help_text="Đã được xác minh / verified by staff")
    verification_status = serializers.ChoiceField(choices=VerificationStatus.choices, allow_null=True)
    latest_level = serializers.ChoiceField(choices=Level.choices, allow_null=True)
    latest_assessed_at = serializers.DateTimeField(allow_null=True)


class IdentityResultsSerializer(serializers.Serializer):
    results = IdentitySerializer(many=True)


class IdentityLookupView(APIView):
    required_scopes = {"POST": [SCOPE_IDENTITY_READ]}

    @extend_schema(
        tags=[TAG_IDENTITY],
        operation_id="identity_lookup",
        summary="Tra cứu mã số thuế / Look tax codes up",
        description=(
            "Cho biết mỗi mã số thuế đã đăng ký trên Cổng chưa, thuộc chương trình nào, đã xác minh chưa, mức độ "
            "và ngày đánh giá gần nhất. Không trả về tên, số điện thoại hay địa chỉ. Mã số thuế gửi trong nội dung "
            "POST (không nằm trong đường dẫn, không vào nhật ký). Phạm vi: `identity:read`.\n\n"
            "*English:* whether each tax code is registered, its programmes, verified status, latest level and "
            "date — never names, phones or addresses. Tax codes travel in the POST body (not the URL, so not in "
            "logs). Scope: `identity:read`."
        ),
        request=IdentityLookupSerializer,
        responses=IdentityResultsSerializer,
        examples=[
            OpenApiExample(
                "lookup",
                summary="Tra cứu / lookup",
                value={"tax_codes": ["0100109106", "0312345602"]},
                request_only=True,
            ),
            OpenApiExample(
                "results",
                summary="Kết quả / results",
                response_only=True,
                value={
                    "results": [
                        {
                            "tax_code": "0100109106",
                            "registered": True,
                            "programmes": ["SMEDX"],
                            "verified": True,
                            "verification_status": "verified",
                            "latest_level": "tang_truong",
                            "latest_assessed_at": "2026-02-14T10:00:00+07:00",
                        },
                        {
                            "tax_code": "0312345602",
                            "registered": False,
                            "programmes": [],
                            "verified": False,
                            "verification_status": None,
                            "latest_level": None,
                            "latest_assessed_at": None,
                        },
                    ]
                },
            ),
        ],
    )
    def post(self, request):
        data = IdentityLookupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"results": identity_lookup(data.validated_data["tax_codes"])})


def identity_lookup(tax_codes: list[str]) -> list[dict]:
    """One query for the whole batch; only the fields partners may see are read."""
    found = {
        row["tax_code"]: row
        for row in Business.objects.filter(tax_code__in=set(tax_codes)).values(
            "tax_code", "in_smedx", "in_rdx", "verification_status", "latest_level", "latest_assessed_at"
        )
    }
    results = []
    for tax_code in tax_codes:
        row = found.get(tax_code)
        if row is None:
            results.append(
                {
                    "tax_code": tax_code,
                    "registered": False,
                    "programmes": [],
                    "verified": False,
                    "verification_status": None,
                    "latest_level": None,
                    "latest_assessed_at": None,
                }
            )
            continue
        programmes = [
            code
            for code, member in ((Programme.SMEDX, row["in_smedx"]), (Programme.RDX, row["in_rdx"]))
            if member
        ]
        results.append(
            {
                "tax_code": tax_code,
                "registered": True,
                "programmes": programmes,
                "verified": row["verification_status"] == VerificationStatus.VERIFIED,
                "verification_status": row["verification_status"],
                "latest_level": row["latest_level"] or None,
                "latest_assessed_at": row["latest_assessed_at"],
            }
        )
    return results


urlpatterns = [
    path("stats/businesses/", BusinessStatsView.as_view(), name="stats-businesses"),
    path("identity/lookup/", IdentityLookupView.as_view(), name="identity-lookup"),
]
