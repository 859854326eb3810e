"""`address()` gives what `reverse()` gives, in each language, for integer parameters."""

import pytest
from django.urls import reverse
from django.utils import translation

from smedx_portal.addresses import address


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("pk", "page"), [(1, 1), (42, 3), (987654321, 12), (7, 987654322)])
def test_same_address_as_reverse(language, pk, page):
    with translation.override(language):
        assert address("assessment:page", pk=pk, page=page) == reverse(
            "assessment:page", kwargs={"pk": pk, "page": page}
        )


def test_one_parameter_views_and_strings_of_digits():
    assert address("assessment:result", pk="15") == reverse("assessment:result", kwargs={"pk": 15})


def test_english_addresses_carry_their_prefix():
    with translation.override("en"):
        assert address("assessment:review", pk=5) == "/en/danh-gia/5/xem-lai/"
    with translation.override("vi"):
        assert address("assessment:review", pk=5) == "/danh-gia/5/xem-lai/"
