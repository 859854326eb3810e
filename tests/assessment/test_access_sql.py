"""The survey's hand-written statements check access with `visible_assessment_condition`; it must let through
exactly the assessments `visible_assessments` does, for every kind of user. The page read
(`visible_with_relations`) loads the same rows as its ORM twin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from assessment.models import Assessment
from assessment.selectors import assessments_visible_to, visible_assessment_condition, visible_assessments
from assessment.services import assessment_start
from assessment.survey_sql import visible_with_relations
from businesses.models import MembershipStatus, Province
from smedx_portal.db import Statement, run_together
from smedx_portal.programmes import Programme
from tests.factories import (
    BusinessFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessments(rdx_set):
    hcm = Province.objects.exclude(code=1).order_by("code").first()
    made = {}
    for name, province in (("hanoi", Province.objects.get(code=1)), ("other", hcm)):
        business = BusinessFactory(province=province, ward=province.wards.order_by("code").first())
        owner = MembershipFactory(business=business).user
        made[name] = (assessment_start(business=business, programme=Programme.RDX, actor=owner), owner)
    return made


def _ids_through_sql(user) -> set[int]:
    table = connection.ops.quote_name(Assessment._meta.db_table)
    condition, params = visible_assessment_condition(user, table)
    rows = run_together([Statement(f"SELECT {table}.id FROM {table} WHERE {condition}", params)])[0].rows
    return {row[0] for row in rows}


def _users(assessments):
    hanoi_owner = assessments["hanoi"][1]
    pending = UserFactory()
    MembershipFactory(
        user=pending, business=assessments["hanoi"][0].business, status=MembershipStatus.PENDING
    )
    return {
        "anonymous": AnonymousUser(),
        "owner": hanoi_owner,
        "pending member": pending,
        "stranger": UserFactory(),
        "officer of Hà Nội": ProvinceOfficerFactory(),
        "officer without a province": _without_province(ProvinceOfficerFactory()),
        "ministry staff": StaffFactory(),
        "inactive owner": _inactive(assessments["other"][1]),
    }


def _without_province(officer):
    officer.province = None  # only in memory: the database refuses an officer without a province
    return officer


def _inactive(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def test_the_sql_condition_and_the_queryset_agree_for_every_kind_of_user(assessments):
    expected = {
        "anonymous": set(),
        "owner": {assessments["hanoi"][0].pk},
        "pending member": set(),
        "stranger": set(),
        "officer of Hà Nội": {assessments["hanoi"][0].pk},
        "officer without a province": set(),
        "ministry staff": {assessments["hanoi"][0].pk, assessments["other"][0].pk},
    }
    for label, user in _users(assessments).items():
        through_orm = set(visible_assessments(user).values_list("pk", flat=True))
        assert _ids_through_sql(user) == through_orm, label
        if label in expected:
            assert through_orm == expected[label], label


def _fields(instance) -> dict | None:
    if instance is None:
        return None
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def _loaded(assessment) -> list[dict | None] | None:
    """The assessment and what the survey pages read through it, field by field."""
    if assessment is None:
        return None
    business = assessment.business
    return [_fields(assessment), _fields(business), _fields(business.sector), _fields(business.province),
            _fields(assessment.criteria_set)]  # fmt: skip


def test_the_page_read_and_its_orm_twin_load_the_same_rows(assessments, django_assert_num_queries):
    hanoi = assessments["hanoi"][0]
    Assessment.objects.filter(pk=hanoi.pk).update(total_score="72.50", level="tang_truong")
    hanoi.business.sector = None  # a business without a sector: the LEFT JOIN's row is absent
    hanoi.business.save(update_fields=["sector"])
    for label, user in _users(assessments).items():
        for assessment, _owner in assessments.values():
            twin = assessments_visible_to(user).filter(pk=assessment.pk).order_by().first()
            with django_assert_num_queries(1):
                loaded = visible_with_relations(user, assessment.pk)
                read = _loaded(loaded)  # related rows come with it: no further query
            assert read == _loaded(twin), label
    assert visible_with_relations(assessments["hanoi"][1], 0) is None
