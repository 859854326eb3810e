"""Factories for the expert network's tests."""

from __future__ import annotations

import datetime

import factory

from accounts.models import Role
from businesses.models import Province, Sector, VerificationStatus
from experts.models import Expert, ExpertKind, ExpertSpecialty, Question
from experts.models.qa import PostStatus
from experts.services.applications import expert_search_key
from smedx_portal.text import search_key
from tests.factories import BusinessFactory, MembershipFactory, UserFactory


class ExpertUserFactory(UserFactory):
    role = Role.EXPERT


class ExpertFactory(factory.django.DjangoModelFactory):
    """An approved network member (not yet certified). `specialties`, `provinces` (codes) and `sectors` (codes)
    are lists passed at creation."""

    class Meta:
        model = Expert
        skip_postgeneration_save = True

    user = factory.SubFactory(ExpertUserFactory)
    kind = ExpertKind.INDIVIDUAL
    name = factory.Sequence(lambda n: f"Chuyên gia {n}")
    headline = "Tư vấn chuyển đổi số cho cửa hàng bán lẻ"
    bio = "Mười năm triển khai phần mềm bán hàng và kế toán."
    years_experience = 10
    languages = factory.LazyFunction(lambda: ["vi"])

    @factory.post_generation
    def specialties(self, create, codes, **kwargs):
        for code in codes or ["rdx-customers-sales"]:
            ExpertSpecialty.objects.create(expert=self, code=code)
        self.search_key = expert_search_key(self, self.specialty_labels())
        self.save(update_fields=["search_key"])

    @factory.post_generation
    def provinces(self, create, codes, **kwargs):
        self.provinces.set(Province.objects.filter(code__in=codes or [1]))

    @factory.post_generation
    def sectors(self, create, codes, **kwargs):
        if codes:
            self.sectors.set(Sector.objects.filter(code__in=codes))


def certify(expert: Expert, staff=None, *, valid_from=None, valid_until=None) -> Expert:
    from experts.services.certification import expert_certify

    valid_from = valid_from or datetime.date.today() - datetime.timedelta(days=1)
    expert_certify(
        expert=expert,
        actor=staff,
        training_course="Khóa đào tạo chuyên gia tư vấn chuyển đổi số 2026",
        training_completed_on=valid_from,
        valid_from=valid_from,
        valid_until=valid_until or valid_from + datetime.timedelta(days=730),
    )
    expert.refresh_from_db()
    return expert


def certified_expert(**kwargs) -> Expert:
    return certify(ExpertFactory(**kwargs))


def business_owner(
    *, verified: bool = True, province_code: int = 1, sector_code: str = "tap-hoa", **business
):
    """A user representing one business; returns (user, business)."""
    status = VerificationStatus.VERIFIED if verified else VerificationStatus.UNVERIFIED
    company = BusinessFactory(
        verification_status=status,
        province=Province.objects.get(code=province_code),
        sector=Sector.objects.get(code=sector_code),
        ward=None,
        **business,
    )
    membership = MembershipFactory(business=company)
    return membership.user, company


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Câu hỏi số {n} về bán hàng trực tuyến")
    body = "Cửa hàng tạp hóa nên dùng phần mềm nào?"
    status = PostStatus.PUBLISHED
    search_document = factory.LazyAttribute(lambda q: search_key(f"{q.title} {q.body}"))
