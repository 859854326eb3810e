from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from platforms.models import CategoryGroup, Domain, EvaluationCriterion
from smedx_portal.taxonomy import DOMAINS

pytestmark = pytest.mark.django_db

SMEDX = {
    "smedx-enterprise-management": "management",
    "smedx-accounting-finance": "management",
    "smedx-online-payment": "management",
    "smedx-hr": "management",
    "smedx-marketing": "customers-market",
    "smedx-customer-care": "customers-market",
    "smedx-security": "infrastructure-security",
    "smedx-infrastructure": "infrastructure-security",
    "smedx-restaurants-stores": "sector-operations",
    "smedx-hotels-entertainment": "sector-operations",
}
RDX = [
    "rdx-pos",
    "rdx-e-invoice",
    "rdx-inventory",
    "rdx-ecommerce-social",
    "rdx-cashless-payment",
    "rdx-delivery",
    "rdx-loyalty",
]


def test_every_database_has_the_domains_groups_and_criteria():
    assert set(Domain.objects.values_list("code", flat=True)) == set(DOMAINS)
    smedx = dict(CategoryGroup.objects.filter(programme="SMEDX").values_list("code", "domain__code"))
    assert smedx == SMEDX
    rdx = CategoryGroup.objects.filter(programme="RDX")
    assert sorted(rdx.values_list("code", flat=True)) == sorted(RDX)
    assert set(rdx.values_list("domain__code", flat=True)) == {"retail"}
    assert (
        CategoryGroup.objects.get(code="smedx-accounting-finance").name
        == "Nền tảng dịch vụ kế toán, tài chính"
    )


def test_criteria_framework_weights_add_up_to_100_half_technical():
    kinds = dict(
        EvaluationCriterion.objects.values("kind").annotate(w=Sum("weight")).values_list("kind", "w")
    )
    assert kinds == {"technical": Decimal("50"), "participation": Decimal("50")}
    assert EvaluationCriterion.objects.filter(kind="technical").count() == 5
    assert EvaluationCriterion.objects.filter(kind="participation").count() == 7
    assert set(EvaluationCriterion.objects.values_list("scale_max", flat=True)) == {5}


def test_load_catalogue_is_idempotent_and_keeps_staff_edits_unless_asked():
    group = CategoryGroup.objects.get(code="rdx-pos")
    group.name = "Bán hàng (POS) — đã sửa"
    group.save()
    call_command("load_catalogue")
    assert CategoryGroup.objects.count() == 17
    assert CategoryGroup.objects.get(code="rdx-pos").name == "Bán hàng (POS) — đã sửa"
    call_command("load_catalogue", "--update")
    assert CategoryGroup.objects.get(code="rdx-pos").name == "Bán hàng, quản lý cửa hàng (POS)"
    assert CategoryGroup.objects.count() == 17
