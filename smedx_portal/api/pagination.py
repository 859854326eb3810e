"""Cursor pagination for every list: stable under inserts, no COUNT(*), an opaque `cursor` parameter."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination

from smedx_portal.api.errors import ApiError


class ApiCursorPagination(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"
    cursor_query_description = _("Con trỏ trang (lấy từ `next`/`previous`). *English:* the page cursor.")
    page_size_query_description = _("Số kết quả mỗi trang (1–200, mặc định 50). *English:* results per page.")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ApiError(
                details={"fields": {self.page_size_query_param: [str(_("Nhập số từ 1 đến 200."))]}}
            )
        return int(raw)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except Exception:  # DRF answers 404 "Invalid cursor"; a bad parameter is a 400 here
            raise ApiError(
                details={"fields": {self.cursor_query_param: [str(_("Con trỏ trang không hợp lệ."))]}}
            )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["next", "previous", "results"]
        return response
