"""The API's one error format: `{"error": {"code": "...", "message": "...", "details": {...}}}`.

`code` is stable (clients branch on it), `message` is in the caller's language (Accept-Language, through
Django's LocaleMiddleware), `details` says which parameter or scope is at fault. Every exception a view raises
goes through `api_exception_handler`; unknown /api/ paths get the same body from `api_not_found`.
"""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

logger = logging.getLogger(__name__)

# Stable codes and their messages (Vietnamese source; English through the translation catalogue).
MESSAGES = {
    "invalid_parameter": _("Tham số hoặc dữ liệu gửi lên không hợp lệ."),
    "malformed_request": _("Nội dung yêu cầu không đọc được (JSON không hợp lệ)."),
    "authentication_required": _("Cần khóa API: gửi tiêu đề Authorization: Bearer <khóa>."),
    "invalid_api_key": _("Khóa API không hợp lệ."),
    "api_key_revoked": _("Khóa API đã bị thu hồi."),
    "api_key_expired": _("Khóa API đã hết hạn."),
    "missing_scope": _("Khóa API không có phạm vi quyền cần cho thao tác này."),
    "not_a_provider": _("Thao tác này chỉ dành cho khóa của nhà cung cấp nền tảng."),
    "permission_denied": _("Không có quyền thực hiện thao tác này."),
    "not_found": _("Không tìm thấy."),
    "method_not_allowed": _("Phương thức không được hỗ trợ ở địa chỉ này."),
    "not_acceptable": _("Không có định dạng trả về phù hợp với tiêu đề Accept."),
    "conflict": _("Thao tác không thực hiện được ở trạng thái hiện tại."),
    "unsupported_media_type": _("Định dạng nội dung gửi lên không được hỗ trợ; hãy gửi JSON."),
    "throttled": _("Quá nhiều yêu cầu; vui lòng thử lại sau."),
    "server_error": _("Lỗi máy chủ; vui lòng thử lại sau."),
}
ERROR_CODES = list(MESSAGES)


class ApiError(exceptions.APIException):
    """An error with a stable code. `message` overrides the code's default message; `details` is a dict."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(
        self, message=None, *, code: str | None = None, details: dict | None = None, status_code=None
    ):
        self.error_code = code or self.default_code
        if status_code is not None:
            self.status_code = status_code
        self.message = message
        self.details = details or {}
        super().__init__(detail=message or MESSAGES[self.error_code], code=self.error_code)


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ApiAuthenticationFailed(exceptions.AuthenticationFailed):
    """401 with a specific code (invalid, revoked or expired key)."""

    def __init__(self, code: str):
        self.error_code = code
        super().__init__(detail=MESSAGES[code], code=code)


class MissingScope(exceptions.PermissionDenied):
    def __init__(self, required: list[str]):
        self.error_code = "missing_scope"
        self.details = {"required_scopes": required}
        super().__init__(detail=MESSAGES["missing_scope"], code="missing_scope")


class NotAProvider(exceptions.PermissionDenied):
    error_code = "not_a_provider"

    def __init__(self):
        super().__init__(detail=MESSAGES["not_a_provider"], code="not_a_provider")


_BUILTIN_CODES = [
    (exceptions.ValidationError, "invalid_parameter"),
    (exceptions.ParseError, "malformed_request"),
    (exceptions.NotAuthenticated, "authentication_required"),
    (exceptions.AuthenticationFailed, "invalid_api_key"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "throttled"),
]


def error_body(code: str, message=None, details: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message or MESSAGES[code]), "details": details or {}}}


def _flatten(detail) -> dict:
    """Serializer errors as {"field": ["message", ...]} (nested fields joined with dots)."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list) and value and not all(isinstance(item, str) for item in value):
            for index, item in enumerate(value):
                walk(f"{prefix}.{index}" if prefix else str(index), item)
        else:
            items = value if isinstance(value, list) else [value]
            flat.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in items)

    walk("", detail)
    return flat


def _describe(exc: exceptions.APIException) -> tuple[str, object, dict]:
    if isinstance(exc, ApiError):
        return exc.error_code, exc.message, exc.details
    code = getattr(exc, "error_code", None)
    if code is None:
        code = next((name for klass, name in _BUILTIN_CODES if isinstance(exc, klass)), "invalid_parameter")
    details = dict(getattr(exc, "details", {}) or {})
    if isinstance(exc, exceptions.ValidationError):
        details = {"fields": _flatten(exc.detail)}
    elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        details = {"retry_after": math.ceil(exc.wait)}
    elif isinstance(exc, exceptions.MethodNotAllowed):
        details = {}
    return code, None, details


def _force_json(context: dict) -> None:
    """Errors are JSON even when the caller asked for CSV."""
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = "application/json"


def api_exception_handler(exc, context):
    # Not at import time: rest_framework.views loads the classes named in REST_FRAMEWORK, ours among them.
    from rest_framework.views import set_rollback

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))

    _force_json(context)
    if not isinstance(exc, exceptions.APIException):
        if settings.DEBUG:
            return None  # Django's debug page
        logger.exception("Unhandled error in API view %s", context.get("view"), exc_info=exc)
        set_rollback()
        return Response(error_body("server_error"), status=status.HTTP_500_INTERNAL_SERVER_ERROR)

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(math.ceil(exc.wait))
    code, message, details = _describe(exc)
    set_rollback()
    return Response(error_body(code, message, details), status=exc.status_code, headers=headers)


def api_not_found(request, *args, **kwargs):
    """Any /api/ path that matches no endpoint."""
    return JsonResponse(error_body("not_found"), status=404, json_dumps_params={"ensure_ascii": False})
