"""Identity exchange (`POST /api/v1/identity/lookup/`): tells a partner portal (the Ministry of Industry and
Trade's, for RDX) whether tax codes are registered, in which programmes, verified or not, and the latest level in each
programme —
never a name, phone or address, and the numbers echoed back masked.

Only for businesses one of whose active representatives consented to `partner_sharing` (Law 91/2025/QH15:
consent per purpose); any other business is answered exactly like an unregistered one, so a refusal reveals
nothing. The caller states a purpose; every call is logged (`IdentityLookup`: key, purpose, count, time, without
the numbers) and throttled per key (API_IDENTITY_THROTTLE_RATE, counted in the shared cache).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.consents import consenting_user_ids
from accounts.models import ConsentPurpose
from businesses.models import Business, BusinessResult, IdentityLookup, MembershipStatus, VerificationStatus
from businesses.validators import normalise_tax_code
from smedx_portal import identity
from smedx_portal.api.keys import SCOPE_IDENTITY_READ
from smedx_portal.api.throttling import ApiKeyThrottle
from smedx_portal.levels import Level
from smedx_portal.models import ApiKey
from smedx_portal.programmes import Programme
from smedx_portal.trial_sets import TRIAL_LABEL, trial_set_query

TAG_IDENTITY = "Trao đổi định danh / Identity exchange"


class IdentityLookupThrottle(SimpleRateThrottle):
    """Per key, a lower rate than the key's general one: identity numbers are personal data."""

    scope = "identity"
    cache_format = "api-identity-throttle:%(ident)s"

    def get_rate(self):
        return settings.API_IDENTITY_THROTTLE_RATE

    def allow_request(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return True  # no key: authentication refuses the call anyway
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": request.auth.prefix}


class IdentityLookupSerializer(serializers.Serializer):
    purpose = serializers.CharField(
        min_length=10,
        max_length=500,
        help_text="Mục đích tra cứu (bắt buộc, được ghi nhật ký) / the purpose of the lookup (required, logged)",
    )
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


class ProgrammeLevelSerializer(serializers.Serializer):
    programme = serializers.ChoiceField(choices=Programme.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    assessed_at = serializers.DateTimeField()
    trial_criteria = serializers.BooleanField(
        help_text=(
            "Chấm theo bộ tiêu chí thử nghiệm của cổng (đã thay thế) / scored under the portal's own retired "
            "trial criteria set"
        )
    )
    criteria_note = serializers.CharField(
        help_text="“bộ tiêu chí thử nghiệm của cổng” khi trial_criteria, ngược lại rỗng / the trial label or ''"
    )


class IdentitySerializer(serializers.Serializer):
    tax_code = serializers.CharField(help_text="Mã số thuế (CCCD được che) / tax code (a CCCD masked)")
    registered = serializers.BooleanField(
        help_text="Đã đăng ký và đồng ý chia sẻ với cổng đối tác / registered and consented to partner sharing"
    )
    programmes = serializers.ListField(
        child=serializers.ChoiceField(choices=Programme.choices), help_text="SMEDX, RDX"
    )
    verified = serializers.BooleanField(help_text="Đã được xác minh / verified by staff")
    verification_status = serializers.ChoiceField(choices=VerificationStatus.choices, allow_null=True)
    levels = ProgrammeLevelSerializer(
        many=True,
        help_text="Mức độ gần nhất trong từng chương trình đã đánh giá / latest level in each programme assessed",
    )


class IdentityResultsSerializer(serializers.Serializer):
    results = IdentitySerializer(many=True)


class IdentityLookupView(APIView):
    required_scopes = {"POST": [SCOPE_IDENTITY_READ]}
    throttle_classes = [ApiKeyThrottle, IdentityLookupThrottle]

    @extend_schema(
        tags=[TAG_IDENTITY],
        operation_id="identity_lookup",
        summary="Tra cứu mã số thuế / Look tax codes up",
        description=(
            "Cho biết mỗi mã số thuế đã đăng ký trên Cổng chưa, thuộc chương trình nào, đã xác minh chưa, mức độ "
            "và ngày đánh giá gần nhất — chỉ với doanh nghiệp có người đại diện đồng ý chia sẻ với cổng đối tác; "
            "doanh nghiệp khác được trả lời như chưa đăng ký. Bắt buộc nêu mục đích; mọi lượt tra cứu được ghi "
            "nhật ký (khóa, mục đích, số lượng, thời gian). Không trả về tên, số điện thoại hay địa chỉ; số CCCD "
            "được che. Phạm vi: `identity:read`.\n\n"
            "*English:* whether each tax code is registered, its programmes, verified status, latest level per programme and "
            "date — only for businesses whose representative consented to partner sharing (others look "
            "unregistered). A purpose is required; every lookup is logged (key, purpose, count, time). Never "
            "names, phones or addresses; a CCCD comes back masked. Scope: `identity:read`."
        ),
        request=IdentityLookupSerializer,
        responses=IdentityResultsSerializer,
        examples=[
            OpenApiExample(
                "lookup",
                summary="Tra cứu / lookup",
                value={
                    "purpose": "Đối chiếu hồ sơ hỗ trợ chuyển đổi số bán lẻ (RDX)",
                    "tax_codes": ["0100109106", "0312345602"],
                },
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
                            "levels": [
                                {
                                    "programme": "SMEDX",
                                    "level": "tang_truong",
                                    "assessed_at": "2026-02-14T10:00:00+07:00",
                                    "trial_criteria": False,
                                    "criteria_note": "",
                                }
                            ],
                        },
                        {
                            "tax_code": "0312345602",
                            "registered": False,
                            "programmes": [],
                            "verified": False,
                            "verification_status": None,
                            "levels": [],
                        },
                    ]
                },
            ),
        ],
    )
    def post(self, request):
        data = IdentityLookupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        results = identity_lookup(
            api_key=request.auth,
            purpose=data.validated_data["purpose"],
            tax_codes=data.validated_data["tax_codes"],
        )
        return Response({"results": results})


def _unregistered(tax_code: str) -> dict:
    return {
        "tax_code": identity.mask(tax_code),
        "registered": False,
        "programmes": [],
        "verified": False,
        "verification_status": None,
        "levels": [],
    }


@transaction.atomic
def identity_lookup(*, api_key, purpose: str, tax_codes: list[str]) -> list[dict]:
    """One query for the whole batch, only consenting businesses, only the fields partners may see; logged."""
    hashes = {code: identity.hashes(code) for code in set(tax_codes)}
    by_hash = {value: code for code, values in hashes.items() for value in values}
    consenting = Business.objects.filter(
        memberships__status=MembershipStatus.ACTIVE,
        memberships__user__in=consenting_user_ids(ConsentPurpose.PARTNER_SHARING),
    )
    rows = Business.objects.filter(tax_code_hash__in=list(by_hash), pk__in=consenting.values("pk")).values(
        "pk", "tax_code_hash", "in_smedx", "in_rdx", "verification_status"
    )
    found = {by_hash[row["tax_code_hash"]]: row for row in rows}
    levels: dict[int, list[dict]] = {}
    trial_sets = trial_set_query()
    trial = Q(criteria_set_id__in=trial_sets) if trial_sets is not None else Q(pk__in=[])
    for result in (
        BusinessResult.objects.filter(business_id__in=[row["pk"] for row in found.values()])
        .annotate(trial_criteria=ExpressionWrapper(trial, output_field=BooleanField()))
        .order_by("programme")
        .values("business_id", "programme", "level", "assessed_at", "trial_criteria")
    ):
        result["criteria_note"] = str(TRIAL_LABEL) if result["trial_criteria"] else ""
        levels.setdefault(result.pop("business_id"), []).append(result)
    results = []
    for tax_code in tax_codes:
        row = found.get(tax_code)
        if row is None:
            results.append(_unregistered(tax_code))
            continue
        programmes = [
            code
            for code, member in ((Programme.SMEDX, row["in_smedx"]), (Programme.RDX, row["in_rdx"]))
            if member
        ]
        results.append(
            {
                "tax_code": identity.mask(tax_code),
                "registered": True,
                "programmes": programmes,
                "verified": row["verification_status"] == VerificationStatus.VERIFIED,
                "verification_status": row["verification_status"],
                "levels": levels.get(row["pk"], []),
            }
        )
    IdentityLookup.objects.create(
        api_key=api_key,
        purpose=purpose.strip(),
        count=len(tax_codes),
        answered=sum(1 for row in results if row["registered"]),
    )
    return results
