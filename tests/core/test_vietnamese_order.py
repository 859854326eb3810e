"""Lists of places and names sort in Vietnamese order: Cà Mau before Cao Bằng, Đ after D and before E."""

import re

import pytest

from businesses.forms import BusinessForm
from businesses.models import Province
from smedx_portal.text import vietnamese_sort_key


def test_the_sort_key_follows_the_vietnamese_alphabet_then_the_tones():
    names = [
        "Đồng Nai",
        "Cao Bằng",
        "Ê Đê",
        "Cà Mau",
        "Dak",
        "Cần Thơ",
        "Điện Biên",
        "Ea Súp",
        "Gia Lai",
        "Ca",
    ]
    assert sorted(names, key=vietnamese_sort_key) == [
        "Ca", "Cà Mau", "Cao Bằng", "Cần Thơ", "Dak", "Điện Biên", "Đồng Nai", "Ea Súp", "Ê Đê", "Gia Lai",
    ]  # fmt: skip
    tones = ["má", "mạ", "ma", "mã", "mà", "mả"]  # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(tones, key=vietnamese_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


@pytest.mark.django_db
def test_the_province_list_of_a_form_is_in_vietnamese_order():
    html = str(BusinessForm()["province"])
    shown = re.findall(r'<option value="\d+">([^<]+)</option>', html)
    assert len(shown) == Province.objects.count() == 34
    assert shown == sorted(shown, key=vietnamese_sort_key)
    assert shown.index("Cà Mau") < shown.index("Cao Bằng")
    first_d = [name for name in shown if name.startswith(("D", "Đ", "E", "Ê", "G"))]
    assert first_d == sorted(first_d, key=vietnamese_sort_key)
    đ = [index for index, name in enumerate(shown) if name.startswith("Đ")]
    assert đ and đ[-1] < len(shown) - 1 and not shown[-1].startswith("Đ")  # not last
    assert all(not shown[i].startswith(("E", "Ê", "G")) for i in range(đ[0]))  # after D…, before E…, G…
