"""Staff verify or reject businesses; province officers only in their province; key changes go back to review."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from businesses.models import Business, Province, VerificationStatus
from businesses.services import business_reject, business_update, business_verify
from smedx_portal.models import AuditEntry
from tests.factories import (
    BusinessFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_hanoi():
    return ProvinceOfficerFactory()  # province 1, Hà Nội


@pytest.fixture
def business_hcmc(hcmc):
    return BusinessFactory(name="Nhà thuốc Phúc Khang", province=hcmc)


@pytest.fixture
def business_hanoi(hanoi):
    business = BusinessFactory(
        name="Tạp hóa Minh An", province=hanoi, tax_code="001085012345", kind="household"
    )
    MembershipFactory(business=business)
    return business


def decide(client, business, decision, reason=""):
    url = reverse("businesses:decide_verification", args=[business.pk])
    return client.post(url, {"decision": decision, "reason": reason})


def test_officer_verifies_a_business_of_their_province(client, officer_hanoi, business_hanoi):
    client.force_login(officer_hanoi)
    page = client.get(reverse("businesses:detail", args=[business_hanoi.pk])).content.decode()
    assert "Xác minh doanh nghiệp" in page and "Chờ xác minh" in page
    response = decide(client, business_hanoi, "verify", "Đã đối chiếu đăng ký kinh doanh")
    assert response.status_code == 302
    business_hanoi.refresh_from_db()
    assert business_hanoi.verification_status == VerificationStatus.VERIFIED
    assert business_hanoi.verified_at is not None
    entry = AuditEntry.objects.for_object(business_hanoi).get()
    assert (entry.actor, entry.action, entry.reason) == (
        officer_hanoi,
        "business.verified",
        "Đã đối chiếu đăng ký kinh doanh",
    )
    latest = business_hanoi.history.first()
    assert latest.history_user == officer_hanoi and latest.verification_status == "verified"

    owner = business_hanoi.memberships.get().user
    client.force_login(owner)
    page = client.get(reverse("businesses:detail", args=[business_hanoi.pk])).content.decode()
    assert "badge-ok" in page and "Đã xác minh" in page
    assert "Ghi nhận quyết định" not in page  # the owner cannot verify


def test_officer_of_another_province_gets_404(client, officer_hanoi, business_hcmc):
    client.force_login(officer_hanoi)
    assert client.get(reverse("businesses:detail", args=[business_hcmc.pk])).status_code == 404
    assert decide(client, business_hcmc, "verify").status_code == 404
    business_hcmc.refresh_from_db()
    assert business_hcmc.verification_status == VerificationStatus.UNVERIFIED
    with pytest.raises(PermissionDenied):
        business_verify(business=business_hcmc, actor=officer_hanoi)


def test_officer_of_that_province_and_ministry_staff_can(client, business_hcmc, hcmc):
    client.force_login(ProvinceOfficerFactory(province=hcmc))
    assert decide(client, business_hcmc, "reject", "Sai địa chỉ").status_code == 302
    client.force_login(StaffFactory())
    assert decide(client, business_hcmc, "verify").status_code == 302
    business_hcmc.refresh_from_db()
    assert business_hcmc.verification_status == VerificationStatus.VERIFIED
    assert [e.action for e in AuditEntry.objects.for_object(business_hcmc)] == [
        "business.verified",
        "business.rejected",
    ]


def test_representatives_and_anonymous_cannot_decide(client, business_hanoi):
    owner = business_hanoi.memberships.get().user
    client.force_login(owner)
    assert decide(client, business_hanoi, "verify").status_code == 403
    client.logout()
    assert decide(client, business_hanoi, "verify").status_code == 302
    business_hanoi.refresh_from_db()
    assert business_hanoi.verification_status == VerificationStatus.UNVERIFIED


def test_rejection_needs_a_reason_shown_to_the_business(client, officer_hanoi, business_hanoi):
    client.force_login(officer_hanoi)
    decide(client, business_hanoi, "reject", "   ")
    business_hanoi.refresh_from_db()
    assert business_hanoi.verification_status == VerificationStatus.UNVERIFIED
    with pytest.raises(ValidationError):
        business_reject(business=business_hanoi, actor=officer_hanoi, reason="")

    decide(client, business_hanoi, "reject", "Mã số thuế không khớp giấy phép")
    client.force_login(business_hanoi.memberships.get().user)
    page = client.get(reverse("businesses:detail", args=[business_hanoi.pk])).content.decode()
    assert "Bị từ chối xác minh" in page and "Mã số thuế không khớp giấy phép" in page


def test_changing_a_key_field_after_verification_sends_it_back_to_review(officer_hanoi, business_hanoi):
    owner = business_hanoi.memberships.get().user
    business_verify(business=business_hanoi, actor=officer_hanoi)

    updated = business_update(business=business_hanoi, actor=owner, data={"employees": 7})
    assert updated.verification_status == VerificationStatus.VERIFIED  # not a key field

    updated = business_update(business=business_hanoi, actor=owner, data={"name": "Tạp hóa Minh An 2"})
    assert updated.verification_status == VerificationStatus.UNVERIFIED
    assert updated.verified_at is None
    entry = AuditEntry.objects.for_object(business_hanoi).first()
    assert (entry.action, entry.actor, entry.data) == ("business.back_to_review", owner, {"fields": ["name"]})


def test_moving_to_another_province_is_a_key_change_and_moves_the_business_out_of_the_officers_scope(
    client, officer_hanoi, business_hanoi
):
    business_verify(business=business_hanoi, actor=officer_hanoi)
    owner = business_hanoi.memberships.get().user
    hue = Province.objects.get(code=46)
    business_update(business=business_hanoi, actor=owner, data={"province": hue, "ward": hue.wards.first()})
    business = Business.objects.get(pk=business_hanoi.pk)
    assert business.verification_status == VerificationStatus.UNVERIFIED
    client.force_login(officer_hanoi)
    assert client.get(reverse("businesses:detail", args=[business.pk])).status_code == 404
