"""What the catalogue's and the providers' endpoints share: tags, scopes, the calling provider."""

from __future__ import annotations

from platforms.models import Provider
from smedx_portal.api.errors import NotAProvider
from smedx_portal.api.keys import SCOPE_LEADS_READ, SCOPE_LEADS_WRITE
from smedx_portal.models import ApiKey

TAG_CATALOGUE = "Danh mục nền tảng / Catalogue"
TAG_LEADS = "Nhà cung cấp / Provider"
READ = [SCOPE_LEADS_READ, SCOPE_LEADS_WRITE]
WRITE = [SCOPE_LEADS_WRITE]


def provider_of(request) -> Provider:
    """The provider organisation that owns the calling key (403 not_a_provider for partner keys)."""
    key: ApiKey = request.auth
    owner = key.owner if key.owner_content_type_id else None
    if not isinstance(owner, Provider):
        raise NotAProvider()
    return owner
