"""Money and counts typed the Vietnamese way: 1.200.000.000, 1 200 000 000 and 1200000000 are one number."""

from decimal import Decimal

import pytest
from django.urls import reverse

from businesses.models import Business
from smedx_portal.forms import GroupedIntegerField, parse_grouped_integer
from tests.businesses.test_registration import CREATE, form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["1.200.000.000", "1 200 000 000", "1200000000", "1\u00a0200\u00a0000\u00a0000"]
)
def test_the_three_spellings_of_a_revenue_are_the_same_number(client, hanoi, typed):
    client.force_login(UserFactory())
    response = client.post(CREATE, form_data(hanoi, annual_revenue=typed, employees="1.250"))
    assert response.status_code == 302, response.content.decode()[-3000:]
    business = Business.objects.get()
    assert business.annual_revenue == Decimal("1200000000")
    assert business.employees == 1250


def test_a_number_that_is_not_whole_or_mixes_separators_gets_a_clear_vietnamese_error(client, hanoi):
    client.force_login(UserFactory())
    response = client.post(CREATE, form_data(hanoi, annual_revenue="1.200.000,5"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập một số nguyên, ví dụ 1.200.000.000" in html
    assert 'value="1.200.000,5"' in html  # what was typed is kept
    assert not Business.objects.exists()


def test_the_edit_form_shows_the_stored_revenue_grouped(client, hanoi):
    user = UserFactory()
    client.force_login(user)
    client.post(CREATE, form_data(hanoi, annual_revenue="1500000000"))
    business = Business.objects.get()
    html = client.get(reverse("businesses:edit", args=[business.pk])).content.decode()
    assert 'value="1.500.000.000"' in html and 'inputmode="numeric"' in html
    assert 'type="number"' not in html


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0", 0),
        ("12", 12),
        ("1.234", 1234),
        ("1,234,567", 1234567),
        ("  1 234 ", 1234),
        ("1.2345", None),
        ("1.234 567", None),
        ("12.34", None),
        ("-5", None),
        ("", None),
        ("abc", None),
    ],
)
def test_parse_grouped_integer(text, number):
    assert parse_grouped_integer(text) == number


def test_the_field_keeps_min_and_max():
    field = GroupedIntegerField(min_value=0, max_value=10)
    assert field.clean("10") == 10
    with pytest.raises(Exception, match="10"):
        field.clean("11")
