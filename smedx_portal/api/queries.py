"""Query-string serializers of the API: a parameter sent empty (`?level=`) is refused, never read as absent.

DRF treats an empty value of an optional field in a query string as "not given", so `?level=` silently returned
every level; a client that built its URL wrongly never knew."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class QuerySerializer(serializers.Serializer):
    def to_internal_value(self, data):
        if hasattr(data, "getlist"):
            blank = {
                name: [str(_("Không được để trống: bỏ tham số này nếu không lọc."))]
                for name in self.fields
                if name in data and any(value.strip() == "" for value in data.getlist(name))
            }
            if blank:
                raise serializers.ValidationError(blank)
        return super().to_internal_value(data)
