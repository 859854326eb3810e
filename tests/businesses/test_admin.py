"""Ministry staff in the Django admin: verify / reject actions and edits, all through the services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from businesses.models import Business, Membership, ProvinceStat, Sector
from smedx_portal.models import AuditEntry
from tests.factories import BusinessFactory, MembershipFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:businesses_business_changelist")


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def test_verify_action(client, staff, hanoi):
    businesses = BusinessFactory.create_batch(2, province=hanoi)
    response = client.post(
        CHANGELIST, {"action": "verify_selected", ACTION_CHECKBOX_NAME: [b.pk for b in businesses]}
    )
    assert response.status_code == 302
    assert set(Business.objects.values_list("verification_status", flat=True)) == {"verified"}
    assert AuditEntry.objects.filter(action="business.verified", actor=staff).count() == 2


def test_reject_action_asks_for_a_reason_first(client, staff, hanoi):
    business = BusinessFactory(province=hanoi)
    data = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [business.pk]}
    response = client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert "Lý do từ chối" in response.content.decode()
    business.refresh_from_db()
    assert business.verification_status == "unverified"

    response = client.post(CHANGELIST, data | {"apply": "1", "reason": "Không có giấy phép kinh doanh"})
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.verification_status, business.verification_reason) == (
        "rejected",
        "Không có giấy phép kinh doanh",
    )


def test_editing_a_key_field_in_the_admin_sends_a_verified_business_back_to_review(client, staff, hanoi):
    business = BusinessFactory(
        province=hanoi, verification_status="verified", tax_code="0101248141", kind="enterprise"
    )
    url = reverse("admin:businesses_business_change", args=[business.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": "enterprise",
        "in_smedx": "on",
        "name": "Công ty CP FPT (đổi tên)",
        "tax_code": "0101248141",
        "sector": Sector.objects.get(code="cntt-truyen-thong").pk,
        "employees": "250",
        "annual_revenue": "",
        "province": hanoi.pk,
        "ward": business.ward_id,
        "address": "",
        "phone": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    business.refresh_from_db()
    assert business.name == "Công ty CP FPT (đổi tên)"
    assert business.verification_status == "unverified"
    assert business.size_class == "large"
    assert AuditEntry.objects.for_object(business).first().action == "business.back_to_review"
    assert client.get(reverse("admin:businesses_business_history", args=[business.pk])).status_code == 200


def test_adding_in_the_admin_counts_the_business_in_the_dashboards(client, staff, hanoi):
    data = {
        "kind": "retail_store",
        "in_rdx": "on",
        "name": "Cửa hàng mới",
        "tax_code": "",
        "sector": Sector.objects.get(code="tap-hoa").pk,
        "employees": "",
        "annual_revenue": "",
        "province": hanoi.pk,
        "ward": "",
        "address": "",
        "phone": "",
    }
    response = client.post(reverse("admin:businesses_business_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    business = Business.objects.get()
    assert business.tax_code is None and business.search_name == "cua hang moi"
    assert ProvinceStat.objects.get(province=hanoi, kind="retail_store").businesses == 1


def test_membership_actions(client, staff):
    pending = MembershipFactory(
        user=UserFactory(), business=BusinessFactory(), status="pending", role="member"
    )
    response = client.post(
        reverse("admin:businesses_membership_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [pending.pk]},
    )
    assert response.status_code == 302
    assert Membership.objects.get(pk=pending.pk).status == "active"


def test_non_staff_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    assert client.get(CHANGELIST).status_code == 302
