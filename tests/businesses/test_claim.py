"""Registering a tax code / CCCD that is already registered: the page never names the business, and the
newcomer can prove control by a code sent to the business's registered phone (or staff approve after checking
the registration documents). Only the requester opens the claim page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from businesses.models import BusinessKind, Membership, MembershipStatus
from smedx_portal.models import AuditEntry
from tests.businesses.test_registration import CREATE, form_data
from tests.factories import BusinessFactory, MembershipFactory, ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(hanoi):
    business = BusinessFactory(
        kind=BusinessKind.HOUSEHOLD, tax_code="001085012345", name="Hộ Bí Mật", phone="+84912000111"
    )
    MembershipFactory(business=business)
    return business


@pytest.fixture
def request_of(client, hanoi, existing):
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(CREATE, form_data(hanoi, kind="household"))
    return Membership.objects.get(user=newcomer)


def test_the_claim_page_shows_the_masked_number_and_never_the_name(client, request_of):
    page = client.get(reverse("businesses:claim", args=[request_of.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "0010******45" in html
    assert "Hộ Bí Mật" not in html and "001085012345" not in html and "+84912000111" not in html
    assert "ảnh căn cước" in html  # never asked for
    assert "no-store" in page["Cache-Control"]


def test_a_code_to_the_registered_phone_makes_the_newcomer_a_representative(
    client, request_of, sms_outbox, django_capture_on_commit_callbacks
):
    url = reverse("businesses:claim", args=[request_of.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert sms_outbox[-1].phone == "+84912000111"
    # Its own text: what the code is for, not the sign-up verification text.
    assert "xin lam dai dien" in sms_outbox[-1].text and "Ma xac thuc" not in sms_outbox[-1].text
    assert len(sms_outbox[-1].text) <= 160
    wrong = client.post(url, {"code": "000000" if "000000" not in sms_outbox[-1].text else "111111"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    code = re.search(r"\d{6}", sms_outbox[-1].text).group()
    response = client.post(url, {"code": code})
    request_of.refresh_from_db()
    assert response["Location"] == reverse("businesses:detail", args=[request_of.business_id])
    assert request_of.status == MembershipStatus.ACTIVE
    assert AuditEntry.objects.filter(action="membership.claimed_by_phone").count() == 1
    # Claimed once: the page is gone.
    assert client.post(url, {"code": code}).status_code == 404


def test_only_the_requester_opens_the_claim_page(client, request_of, hanoi):
    url = reverse("businesses:claim", args=[request_of.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(ProvinceOfficerFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_without_a_registered_phone_only_staff_can_approve(client, hanoi):
    business = BusinessFactory(kind=BusinessKind.HOUSEHOLD, tax_code="001085012345")
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(CREATE, form_data(hanoi, kind="household"))
    request = Membership.objects.get(user=newcomer, business=business)
    url = reverse("businesses:claim", args=[request.pk])
    assert "cách 2" in client.get(url).content.decode()
    response = client.post(url)  # nothing to send to: a message, not a 500
    assert response.status_code == 200 and "Không thể gửi mã" in response.content.decode()
