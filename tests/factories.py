"""Factories for the people and organisations every app's tests need."""

from __future__ import annotations

import factory
from django.conf import settings
from django.utils import timezone

from accounts.models import Consent, ConsentPurpose, Role, User
from businesses.models import (
    Business,
    BusinessKind,
    BusinessResult,
    Membership,
    MembershipRole,
    Province,
    Sector,
)
from smedx_portal.programmes import Programme
from smedx_portal.text import search_key


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"+8491{n:07d}")
    username = factory.LazyAttribute(lambda user: user.phone)
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    role = Role.BUSINESS
    phone_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password("mat-khau-thu-2026")
    # Answered the current privacy notice (so the consent page does not stand in front of every page);
    # consents to purposes are given explicitly with ConsentFactory.
    privacy_notice_version = factory.LazyFunction(lambda: settings.PRIVACY_NOTICE_VERSION)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    user = factory.SubFactory(UserFactory)
    purpose = ConsentPurpose.PARTICIPATION
    notice_version = factory.LazyFunction(lambda: settings.PRIVACY_NOTICE_VERSION)


def consenting(user: User, *purposes: str) -> User:
    """The user consented (under the current notice) to the purposes given."""
    for purpose in purposes:
        ConsentFactory(user=user, purpose=purpose)
    return user


class ProvinceOfficerFactory(UserFactory):
    role = Role.PROVINCE_OFFICER
    province = factory.LazyFunction(lambda: Province.objects.get(code=1))


class StaffFactory(UserFactory):
    role = Role.MINISTRY_STAFF
    is_staff = True
    is_superuser = True


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business
        skip_postgeneration_save = True

    kind = BusinessKind.RETAIL_STORE
    in_rdx = True
    name = factory.Sequence(lambda n: f"Cửa hàng Thử nghiệm {n}")
    search_name = factory.LazyAttribute(lambda business: search_key(business.name))
    tax_code = None
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="tap-hoa"))
    province = factory.LazyFunction(lambda: Province.objects.get(code=1))
    ward = factory.LazyAttribute(lambda business: business.province.wards.order_by("code").first())

    @factory.post_generation
    def result(self, create, extracted, **kwargs):
        """`BusinessFactory(result={"level": ..., "score": ..., "assessed_at": ..., "programme": ...})`: a latest
        result (in the business's programme, RDX first, unless named), written directly (not counted)."""
        if create and extracted:
            BusinessResultFactory(business=self, **extracted)


class BusinessResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessResult

    business = factory.SubFactory(BusinessFactory)
    programme = factory.LazyAttribute(lambda r: Programme.RDX if r.business.in_rdx else Programme.SMEDX)
    level = "san_sang"
    score = factory.LazyAttribute(lambda r: {"san_sang": 20, "tang_truong": 55, "dot_pha": 90}[r.level])
    pillar_scores = factory.LazyFunction(dict)
    criteria_set_id = 0
    criteria_version = 1
    assessed_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    business = factory.SubFactory(BusinessFactory)
    role = MembershipRole.OWNER
