"""Provider organisations, their platforms, documents and offers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import has_role
from businesses.validators import organisation_tax_code_field
from platforms.models import Document, Offer, Platform, Provider
from platforms.validators import validate_document, validate_logo
from smedx_portal.text import search_key

PROVIDER_FIELDS = (
    "name",
    "tax_code",
    "website",
    "address",
    "description",
    "contact_name",
    "contact_phone",
    "contact_email",
)
PLATFORM_FIELDS = ("name", "short_description", "description", "website", "features", "pricing")
OFFER_FIELDS = ("programme", "title", "description", "valid_from", "valid_until", "is_active")


def platform_search_key(platform: Platform) -> str:
    return search_key(f"{platform.name} {platform.provider.name} {platform.short_description}")[:600]


@transaction.atomic
def provider_register(*, user: Any, **fields: Any) -> Provider:
    """A provider account registers its organisation (one organisation per account)."""
    if not has_role(user, Role.PROVIDER):
        raise PermissionDenied
    if Provider.objects.filter(owner=user).exists():
        raise ValidationError(_("Tài khoản này đã đăng ký tổ chức."))
    provider = Provider(owner=user, **{key: fields[key] for key in PROVIDER_FIELDS if key in fields})
    provider.tax_code = organisation_tax_code_field(provider.tax_code)
    provider.full_clean()
    provider.save()
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, **fields: Any) -> Provider:
    for key in PROVIDER_FIELDS:
        if key in fields:
            setattr(provider, key, fields[key])
    provider.tax_code = organisation_tax_code_field(provider.tax_code)
    provider.full_clean()
    provider.save()
    for platform in provider.platforms.all():
        platform.provider = provider
        Platform.objects.filter(pk=platform.pk).update(search_key=platform_search_key(platform))
    return provider


def _set_logo(platform: Platform, logo) -> None:
    if logo is None:
        return
    validate_logo(logo)
    if platform.logo:
        platform.logo.delete(save=False)
    platform.logo.save(logo.name, logo, save=False)


@transaction.atomic
def platform_create(*, provider: Provider, logo=None, **fields: Any) -> Platform:
    platform = Platform(provider=provider, **{key: fields[key] for key in PLATFORM_FIELDS if key in fields})
    platform.search_key = platform_search_key(platform)
    platform.full_clean(exclude=["logo"])
    _set_logo(platform, logo)
    platform.save()
    return platform


@transaction.atomic
def platform_update(*, platform: Platform, logo=None, **fields: Any) -> Platform:
    for key in PLATFORM_FIELDS:
        if key in fields:
            setattr(platform, key, fields[key])
    platform.search_key = platform_search_key(platform)
    platform.full_clean(exclude=["logo"])
    _set_logo(platform, logo)
    platform.save()
    return platform


@transaction.atomic
def document_add(
    *, platform: Platform, upload, title: str, kind: str, uploaded_by: Any, listing=None
) -> Document:
    """Store a validated document in the platform's dossier (and attach it to an application)."""
    content_type = validate_document(upload)
    document = Document(
        platform=platform,
        title=title or upload.name,
        kind=kind,
        content_type=content_type,
        size=upload.size,
        uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,
    )
    document.full_clean(exclude=["file"])
    document.file.save(upload.name, upload, save=False)
    document.save()
    if listing is not None:
        listing.documents.add(document)
    return document


@transaction.atomic
def offer_save(*, platform: Platform, offer: Offer | None = None, **fields: Any) -> Offer:
    offer = offer or Offer(platform=platform)
    if offer.platform_id != platform.pk:
        raise PermissionDenied
    for key in OFFER_FIELDS:
        if key in fields:
            setattr(offer, key, fields[key])
    offer.full_clean()
    offer.save()
    return offer
