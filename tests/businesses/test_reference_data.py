import pytest
from django.core.management import call_command

from businesses.models import LegacyProvince, Province, Sector, Ward
from businesses.reference import province_for_legacy_code, reference_data_load

pytestmark = pytest.mark.django_db


def test_migrations_load_34_provinces_and_3321_wards():
    assert Province.objects.count() == 34
    assert Ward.objects.count() == 3321
    assert Province.objects.filter(division_type="thành phố trung ương").count() == 6
    assert not Province.objects.filter(wards__isnull=True).exists()


def test_every_one_of_the_63_old_provinces_points_at_a_current_one():
    assert LegacyProvince.objects.count() == 63
    assert set(LegacyProvince.objects.values_list("province_id", flat=True)) == set(
        Province.objects.values_list("code", flat=True)
    )


@pytest.mark.parametrize(
    ("old_code", "new_name"),
    [
        (2, "Tuyên Quang"),  # Hà Giang
        (74, "Thành phố Hồ Chí Minh"),  # Bình Dương
        (77, "Thành phố Hồ Chí Minh"),  # Bà Rịa - Vũng Tàu
        (30, "Thành phố Hải Phòng"),  # Hải Dương
        (49, "Thành phố Đà Nẵng"),  # Quảng Nam
        (62, "Quảng Ngãi"),  # Kon Tum
        (95, "Cà Mau"),  # Bạc Liêu
        (1, "Thành phố Hà Nội"),
    ],
)
def test_old_province_maps_to_the_province_that_absorbed_it(old_code, new_name):
    assert province_for_legacy_code(old_code).name == new_name


def test_loading_again_changes_nothing():
    before = Ward.objects.count(), Province.objects.count(), Sector.objects.count()
    counts = reference_data_load()
    assert (counts.wards, counts.provinces, counts.sectors) == before
    assert counts.legacy_provinces == 63


def test_command_reports_counts(capsys):
    call_command("load_reference_data")
    assert "34 provinces, 3321 wards, 63 legacy provinces" in capsys.readouterr().out


def test_search_key_is_accent_free():
    assert Province.objects.get(code=79).search_key == "thanh pho ho chi minh"
    assert Province.objects.filter(search_key__contains="da nang").get().code == 48
