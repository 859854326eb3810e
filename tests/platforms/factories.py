"""Factories for the catalogue's tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from accounts.models import Role
from platforms.models import CategoryGroup, Listing, ListingStatus, Offer, Platform, Provider
from smedx_portal.text import search_key
from tests.factories import UserFactory


class ProviderUserFactory(UserFactory):
    role = Role.PROVIDER


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    owner = factory.SubFactory(ProviderUserFactory)
    name = factory.Sequence(lambda n: f"Công ty Phần mềm Số {n}")
    contact_name = "Nguyễn Văn Hùng"
    contact_phone = factory.Sequence(lambda n: f"+8498{n:07d}")


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Nền tảng {n}")
    short_description = "Giải pháp số cho doanh nghiệp nhỏ"
    search_key = factory.LazyAttribute(
        lambda p: search_key(f"{p.name} {p.provider.name} {p.short_description}")
    )


def ensure_reference_data(*, wards: bool = True) -> None:
    """For transactional tests: what the migrations loaded (provinces, wards, sectors, the catalogue's groups and
    criteria), in case an earlier transactional test flushed it, and a fresh content-type cache (a flush empties
    that table too). The loaders are idempotent."""
    from django.contrib.contenttypes.models import ContentType

    from businesses.models import Sector
    from businesses.reference import reference_data_load
    from platforms.seed import catalogue_load

    ContentType.objects.clear_cache()
    if wards and not Sector.objects.exists():
        reference_data_load()
    catalogue_load()


def group(code: str) -> CategoryGroup:
    return CategoryGroup.objects.get(code=code)


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    platform = factory.SubFactory(PlatformFactory)
    group = factory.LazyFunction(lambda: group("smedx-accounting-finance"))
    status = ListingStatus.APPLIED
    commitment_accepted_at = factory.LazyFunction(timezone.now)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    platform = factory.SubFactory(PlatformFactory)
    title = "Miễn phí 6 tháng đầu cho doanh nghiệp tham gia Chương trình"
