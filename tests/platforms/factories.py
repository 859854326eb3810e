"""Factories for the catalogue's tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from accounts.models import Role
from platforms.models import PUBLIC_STATUSES, CategoryGroup, Listing, ListingStatus, Offer, Platform, Provider
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
    from platforms.seed import agreement_terms_load, catalogue_load

    ContentType.objects.clear_cache()
    if wards and not Sector.objects.exists():
        reference_data_load()
    catalogue_load()
    agreement_terms_load()


def group(code: str) -> CategoryGroup:
    return CategoryGroup.objects.get(code=code)


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing
        skip_postgeneration_save = True

    platform = factory.SubFactory(PlatformFactory)
    group = factory.LazyFunction(lambda: group("smedx-accounting-finance"))
    status = ListingStatus.APPLIED
    commitment_accepted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def agreement(listing, create, extracted, **kwargs):
        """A listing made straight into a public status gets a signed agreement (pass agreement=False not to)."""
        if create and extracted is not False and listing.status in PUBLIC_STATUSES:
            sign_agreement(listing)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    platform = factory.SubFactory(PlatformFactory)
    title = "Miễn phí 6 tháng đầu cho doanh nghiệp tham gia Chương trình"


def sign_agreement(listing: Listing):
    """The provider signs the agreement its selection issued (or a signed one is made for a listing the
    factory put straight into a public status), so the platform shows in the catalogue."""
    from platforms.models import Agreement, AgreementStatus
    from platforms.services import agreement_issue, agreement_sign

    programme = listing.group.programme
    signed = Agreement.objects.in_force().filter(
        platform=listing.platform, programme=programme, status=AgreementStatus.SIGNED
    )
    if signed.exists():
        return signed.get()
    agreement = Agreement.objects.filter(
        platform=listing.platform, programme=programme, status=AgreementStatus.SENT
    ).first() or agreement_issue(platform=listing.platform, programme=programme, actor=None)
    return agreement_sign(agreement=agreement, actor=listing.platform.provider.owner)
