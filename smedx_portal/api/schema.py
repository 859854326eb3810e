"""OpenAPI 3 schema (drf-spectacular): the shared error responses on every operation, the description with the
webhook signature and its verification example, and a hook keeping only /api/v1/."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from smedx_portal.api.errors import ERROR_CODES, MESSAGES


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=ERROR_CODES, help_text="Mã lỗi ổn định. *English:* a stable error code clients can branch on."
    )
    message = serializers.CharField(
        help_text="Thông báo theo ngôn ngữ của Accept-Language (vi, en). *English:* message in the caller's language."
    )
    details = serializers.DictField(
        help_text=(
            "Chi tiết: `fields` (tham số → danh sách lỗi), `required_scopes`, `retry_after`. "
            "*English:* details: `fields`, `required_scopes`, `retry_after`."
        )
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERROR_STATUS = {
    "400": (
        "invalid_parameter",
        {"fields": {"created_after": ["Ngày không đúng định dạng. Hãy dùng YYYY-MM-DD."]}},
    ),
    "401": ("invalid_api_key", {}),
    "403": ("missing_scope", {"required_scopes": ["leads:read"]}),
    "404": ("not_found", {}),
    "409": ("conflict", {}),
    "429": ("throttled", {"retry_after": 12}),
}
_ERROR_DESCRIPTIONS = {
    "400": "Tham số không hợp lệ / Invalid parameter or body",
    "401": "Thiếu, sai, hết hạn hoặc đã thu hồi khóa API / Missing, invalid, expired or revoked API key",
    "403": "Khóa không có phạm vi quyền cần thiết / The key lacks the required scope",
    "404": "Không tìm thấy (kể cả dữ liệu của nhà cung cấp khác) / Not found (including another provider's data)",
    "409": "Trạng thái hiện tại không cho phép / Not possible in the current state",
    "429": "Quá nhiều yêu cầu, xem Retry-After / Too many requests, see Retry-After",
}


class ApiAutoSchema(AutoSchema):
    """Every operation documents the common errors (a view lists extra ones in `error_statuses`)."""

    common_errors = ("400", "401", "403", "404", "429")

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response" or not self.path.startswith("/api/v1/"):
            return responses
        statuses = [*self.common_errors, *getattr(self.view, "error_statuses", ())]
        for status in statuses:
            if status in responses:
                continue
            code, details = _ERROR_STATUS[status]
            response = self._get_response_for_code(ErrorSerializer, status, ["application/json"], direction)
            response["description"] = _ERROR_DESCRIPTIONS[status]
            response["content"]["application/json"]["examples"] = {
                code: {"value": {"error": {"code": code, "message": str(MESSAGES[code]), "details": details}}}
            }
            responses[status] = response
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "429":
            headers["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": "Số giây cần chờ / Seconds to wait before retrying",
            }
        return headers


def only_api_v1(endpoints, **kwargs):
    """Preprocessing hook: the schema covers /api/v1/ only."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
