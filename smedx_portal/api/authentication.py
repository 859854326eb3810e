"""`Authorization: Bearer smx_<prefix>_<secret>`: the one way to call /api/v1/."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from smedx_portal.api.errors import ApiAuthenticationFailed
from smedx_portal.api.keys import KeyLookup, api_key_lookup, api_key_touch


class ApiKeyAuthentication(BaseAuthentication):
    """The key is `request.auth`; `request.user` stays anonymous (a key is an organisation, not a person)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != self.keyword.lower().encode() or len(header) != 2:
            raise ApiAuthenticationFailed(KeyLookup.UNKNOWN)
        try:
            raw_key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise ApiAuthenticationFailed(KeyLookup.UNKNOWN)
        key, problem = api_key_lookup(raw_key)
        if key is None:
            raise ApiAuthenticationFailed(problem)
        api_key_touch(key)
        # for the call log: the middleware's note on the Django request (read through DRF's request)
        getattr(request, "api_call_note", {})["key"] = key
        return AnonymousUser(), key

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "smedx_portal.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "smx_<prefix>_<secret>",
            "description": (
                "Khóa API do Ban quản lý cấp trong trang quản trị, chỉ hiển thị một lần. "
                "Gửi trong tiêu đề `Authorization: Bearer smx_...`.\n\n"
                "*English:* an API key issued by the programme office in the admin site and shown once. "
                "Send it as `Authorization: Bearer smx_...`."
            ),
        }
