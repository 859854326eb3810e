"""The officers' verification queue: their province only, filters, accent-insensitive search, bounded queries."""

import pytest
from django.urls import reverse

from businesses.models import Province
from tests.factories import (
    BusinessFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("businesses:verification_queue")


@pytest.fixture
def businesses(hanoi, hcmc):
    BusinessFactory(name="Tạp hóa Minh An", province=hanoi, tax_code="001085012345", kind="household")
    BusinessFactory(name="Cửa hàng Điện máy Xanh Hà Đông", province=hanoi, verification_status="verified")
    BusinessFactory(name="Nhà thuốc Phúc Khang", province=hcmc)


def names(response):
    return [business.name for business in response.context["businesses"]]


def test_officer_sees_only_their_province_waiting_first(client, businesses):
    client.force_login(ProvinceOfficerFactory())
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert names(response) == ["Tạp hóa Minh An"]
    html = response.content.decode()
    assert "Thành phố Hà Nội" in html and "Nhà thuốc Phúc Khang" not in html
    assert names(client.get(QUEUE, {"status": ""})) == ["Tạp hóa Minh An", "Cửa hàng Điện máy Xanh Hà Đông"]


def test_ministry_staff_see_every_province(client, businesses):
    client.force_login(StaffFactory())
    assert sorted(names(client.get(QUEUE))) == ["Nhà thuốc Phúc Khang", "Tạp hóa Minh An"]


def search(client, query, status=""):
    """The search is posted (a CCCD never goes in a URL) and redirected to the page with a token."""
    return client.post(QUEUE, {"status": status, "q": query}, follow=True)


def test_search_ignores_accents_and_finds_tax_codes(client, businesses):
    client.force_login(ProvinceOfficerFactory())
    assert names(search(client, "dien may xanh")) == ["Cửa hàng Điện máy Xanh Hà Đông"]
    assert names(search(client, "TẠP HOÁ")) == ["Tạp hóa Minh An"]
    # A CCCD only by all 12 digits (found by its keyed hash): a prefix would let anyone walk the numbers.
    assert names(search(client, "001 085 012 345")) == ["Tạp hóa Minh An"]
    assert names(search(client, "001085")) == []


def test_others_cannot_see_the_queue(client):
    assert client.get(QUEUE).status_code == 302
    client.force_login(UserFactory())
    assert client.get(QUEUE).status_code == 403


def test_queue_queries_do_not_grow_with_the_page(client, hanoi, django_assert_max_num_queries):
    ward = hanoi.wards.order_by("code").first()
    for n in range(30):
        business = BusinessFactory(name=f"Cửa hàng {n}", province=hanoi, ward=ward)
        MembershipFactory(business=business)
    BusinessFactory.create_batch(5, province=Province.objects.get(code=79))
    client.force_login(ProvinceOfficerFactory())
    with django_assert_max_num_queries(6):
        response = client.get(QUEUE)
    assert len(response.context["businesses"]) == 20
    assert response.context["page"].paginator.count == 30
    assert "Trang 1/2" in response.content.decode()
    row = response.context["businesses"][0]
    assert row.representative_count == 1
    with django_assert_max_num_queries(6):
        response = client.get(QUEUE, {"page": 2})
    assert len(response.context["businesses"]) == 10
