"""Survey reference data of the API (/api/v1/assessment/…): the published criteria sets with their level
thresholds and pillars, so partner portals read the levels per programme and the statistics the same way the portal does."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers

from assessment.models import CriteriaSet, Pillar
from smedx_portal.api.keys import SCOPE_CATALOGUE_READ, SCOPE_IDENTITY_READ, SCOPE_STATS_READ
from smedx_portal.api.pagination import ApiCursorPagination
from smedx_portal.api.queries import QuerySerializer
from smedx_portal.levels import LEVEL_MEANINGS, Level
from smedx_portal.programmes import Programme

TAG_ASSESSMENT = "Đánh giá mức độ / Assessment"


class PillarSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pillar
        fields = ["code", "position", "name", "name_en", "weight", "growth_minimum", "breakthrough_minimum"]


class LevelSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Level.choices)
    name = serializers.CharField(help_text="Tên theo Accept-Language / name in the caller's language")
    meaning = serializers.CharField()
    threshold = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Tổng điểm tối thiểu / minimum total"
    )
    pillar_minimum = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Điểm tối thiểu mỗi trụ cột / minimum per pillar"
    )


class CriteriaSetSerializer(serializers.ModelSerializer):
    levels = serializers.SerializerMethodField()
    pillars = PillarSerializer(many=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "programme",
            "version",
            "title",
            "title_en",
            "published_at",
            "is_trial",
            "is_legacy",
            "levels",
            "pillars",
        ]
        extra_kwargs = {
            "is_trial": {"help_text": "Bộ tiêu chí thử nghiệm của cổng / the portal's own trial set"},
            "is_legacy": {"help_text": "Phiên bản cũ, giữ để so sánh / an older version kept to compare"},
        }

    @extend_schema_field(LevelSerializer(many=True))
    def get_levels(self, criteria_set: CriteriaSet) -> list[dict]:
        minimums = {
            Level.READY: 0,
            Level.GROWTH: criteria_set.growth_pillar_minimum,
            Level.BREAKTHROUGH: criteria_set.breakthrough_pillar_minimum,
        }
        return [
            {
                "code": level.value,
                "name": str(level.label),
                "meaning": str(LEVEL_MEANINGS[level]),
                "threshold": f"{criteria_set.threshold(level):.2f}",
                "pillar_minimum": f"{minimums[level]:.2f}",
            }
            for level in Level
        ]


class CriteriaQuerySerializer(QuerySerializer):
    programme = serializers.ChoiceField(choices=Programme.choices, required=False, help_text="SMEDX | RDX")


class CriteriaPagination(ApiCursorPagination):
    ordering = "-id"


class CriteriaSetListView(generics.ListAPIView):
    required_scopes = {"GET": [SCOPE_CATALOGUE_READ, SCOPE_STATS_READ, SCOPE_IDENTITY_READ]}
    accepts_province_scopes = True
    serializer_class = CriteriaSetSerializer
    pagination_class = CriteriaPagination

    def get_queryset(self):
        query = CriteriaQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        sets = CriteriaSet.objects.published().prefetch_related(
            Prefetch("pillars", queryset=Pillar.objects.order_by("position"))
        )
        if query.validated_data.get("programme"):
            sets = sets.filter(programme=query.validated_data["programme"])
        return sets

    @extend_schema(
        tags=[TAG_ASSESSMENT],
        operation_id="assessment_criteria_sets",
        summary="Bộ tiêu chí đã công bố / Published criteria sets",
        description=(
            "Các phiên bản bộ tiêu chí đã công bố, mới nhất trước: ngưỡng của từng mức (sẵn sàng, tăng trưởng, "
            "đột phá) và các trụ cột với trọng số. Phạm vi: bất kỳ phạm vi đọc nào (`catalogue:read`, "
            "`stats:read`, `identity:read`, `province:<mã>:read`).\n\n*English:* published criteria-set versions, "
            "newest first, with each level's thresholds and the pillars with their weights. Scope: any read scope."
        ),
        parameters=[CriteriaQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("assessment/criteria-sets/", CriteriaSetListView.as_view(), name="assessment-criteria-sets"),
]
