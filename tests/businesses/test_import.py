"""Bulk import from Excel / CSV: per-row errors in a dry run, all or nothing, provinces old and new."""

import io

import pytest
import tablib
from django.urls import reverse
from openpyxl import Workbook

from businesses.models import Business, ProvinceStat
from businesses.resources import BusinessResource
from smedx_portal.models import AuditEntry
from tests.factories import BusinessFactory, StaffFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "Tên",
    "Loại hình",
    "Mã số thuế",
    "Ngành nghề",
    "Tỉnh/thành phố",
    "Xã/phường",
    "Địa chỉ",
    "Số lao động",
    "Doanh thu năm (đồng)",
    "SMEdx",
    "RDX",
    "Điện thoại",
]
GOOD_ROWS = [
    [
        "Công ty CP FPT",
        "Doanh nghiệp",
        "0101248141",
        "Công nghệ thông tin - truyền thông",
        "1",
        "",
        "",
        "120",
        "",
        "x",
        "",
        "",
    ],
    [
        "Tạp hóa Cô Ba",
        "cửa hàng bán lẻ",
        "079190004321",
        "tap-hoa",
        "Thành phố Hồ Chí Minh",
        "",
        "",
        "2",
        "800.000.000",
        "",
        "x",
        "",
    ],
    [
        "Sữa Việt Nam",
        "doanh nghiep",
        "0300 588 569",
        "che-bien-che-tao",
        "TP. Hồ Chí Minh",
        "",
        "",
        "",
        "",
        "x",
        "",
        "",
    ],
    ["HTX Chè Hà Giang", "Hợp tác xã", "0100107518", "nong-lam-thuy-san", "02", "", "", "15", "", "", "", ""],
    ["Quán Bình Dương", "Hộ kinh doanh", "001085012345", "an-uong", "Bình Dương", "", "", "", "", "", "", ""],
    [
        "Nhà sách Hoàn Kiếm",
        "cua hang ban le",
        "0100684378",
        "van-phong-pham",
        "01",
        "Phường Hoàn Kiếm",
        "1 Tràng Tiền",
        "4",
        "",
        "",
        "x",
        "",
    ],
]


def dataset(rows) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=HEADERS)


def run(rows, dry_run):
    return BusinessResource().import_data(dataset(rows), dry_run=dry_run, user=StaffFactory())


def errors_by_row(result) -> dict[int, str]:
    found = {}
    for row in result.invalid_rows:
        found[row.number] = " ".join(" ".join(messages) for messages in row.error_dict.values())
    for number, row in enumerate(result.rows, start=1):
        for error in row.errors:
            found[number] = str(error.error)
    return found


def test_a_clean_file_imports_every_row_with_old_and_new_province_names(hanoi):
    result = run(GOOD_ROWS, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 6
    # A CCCD is stored masked (and encrypted, hashed: tests/core/test_identity_numbers.py).
    by_tax = {b.tax_code: b for b in Business.objects.select_related("province", "ward", "sector")}
    assert by_tax["0101248141"].province.code == 1
    assert by_tax["0101248141"].size_class == "large"  # services: more than 100 employees
    assert by_tax["0791******21"].province.code == 79 and by_tax["0791******21"].in_rdx
    assert by_tax["0300588569"].province.code == 79  # "TP. Hồ Chí Minh", tax code with spaces normalised
    assert by_tax["0100107518"].province.code == 8  # old code 02 Hà Giang → Tuyên Quang
    assert by_tax["0010******45"].province.code == 79  # old province Bình Dương → TP.HCM
    assert by_tax["0010******45"].in_rdx  # no programme ticked: household → RDX
    assert by_tax["0100684378"].ward.name == "Phường Hoàn Kiếm"
    assert ProvinceStat.objects.filter(province__code=79).values_list("businesses", flat=True)
    assert AuditEntry.objects.filter(action="business.imported").count() == 6


def test_dry_run_reports_every_bad_row_and_imports_nothing(hanoi):
    BusinessFactory(tax_code="0100109106", kind="enterprise")
    rows = GOOD_ROWS[:2] + [
        ["Sai MST", "Doanh nghiệp", "0100109107", "", "1", "", "", "", "", "x", "", ""],
        ["Tỉnh lạ", "Doanh nghiệp", "0100112437", "", "Tỉnh Atlantis", "", "", "", "", "x", "", ""],
        ["Trùng trong CSDL", "Doanh nghiệp", "0100109106", "", "1", "", "", "", "", "x", "", ""],
        ["Trùng trong tệp", "Doanh nghiệp", "0101248141", "", "1", "", "", "", "", "x", "", ""],
        [
            "Xã sai tỉnh",
            "Hộ kinh doanh",
            "048302001234",
            "",
            "1",
            "Phường Bến Thành",
            "",
            "",
            "",
            "",
            "x",
            "",
        ],
        ["CCCD cho doanh nghiệp", "Doanh nghiệp", "079190004321", "", "79", "", "", "", "", "x", "", ""],
    ]
    result = run(rows, dry_run=True)
    errors = errors_by_row(result)
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "chữ số kiểm tra" in errors[3]
    assert "Không tìm thấy tỉnh/thành phố “Tỉnh Atlantis”" in errors[4]
    assert "đã được đăng ký" in errors[5]
    assert "đã được đăng ký" in errors[6]
    assert "Phường Bến Thành" in errors[7]
    assert "Doanh nghiệp và hợp tác xã" in errors[8]
    assert Business.objects.count() == 1


def test_a_real_import_with_one_bad_row_imports_nothing(hanoi):
    rows = GOOD_ROWS + [["Sai MST", "Doanh nghiệp", "0100109107", "", "1", "", "", "", "", "x", "", ""]]
    result = run(rows, dry_run=False)
    assert result.has_validation_errors()
    assert Business.objects.count() == 0
    assert ProvinceStat.objects.filter(businesses__gt=0).count() == 0


def test_admin_import_shows_the_dry_run_errors_without_a_confirm_button(client, hanoi):
    client.force_login(StaffFactory())
    url = reverse("admin:businesses_business_import")
    assert client.get(url).status_code == 200
    bad = ["Tỉnh lạ", "Doanh nghiệp", "0100112437", "", "Atlantis", "", "", "", "", "x", "", ""]
    upload = io.BytesIO(dataset(GOOD_ROWS[:1] + [bad]).export("csv").encode())
    upload.name = "doanh-nghiep.csv"
    response = client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Atlantis" in html
    assert "process_import" not in html  # no confirm form
    assert Business.objects.count() == 0


def test_admin_imports_an_excel_file_after_the_dry_run(client, hanoi):
    client.force_login(StaffFactory())
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in GOOD_ROWS[:3]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "doanh-nghiep.xlsx"
    url = reverse("admin:businesses_business_import")
    response = client.post(url, {"import_file": buffer, "format": "1", "resource": "0"})
    assert response.status_code == 200
    assert Business.objects.count() == 0  # dry run only
    confirm = response.context["confirm_form"]
    response = client.post(reverse("admin:businesses_business_process_import"), dict(confirm.initial))
    assert response.status_code == 302
    assert Business.objects.count() == 3


def test_confirming_the_same_import_twice_imports_once_and_says_so(client, hanoi):
    """A double click or the back button used to answer 500 (FileNotFoundError)."""
    client.force_login(StaffFactory())
    upload = io.BytesIO(dataset(GOOD_ROWS[:2]).export("csv").encode())
    upload.name = "doanh-nghiep.csv"
    response = client.post(
        reverse("admin:businesses_business_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    confirm = dict(response.context["confirm_form"].initial)
    process = reverse("admin:businesses_business_process_import")
    assert client.post(process, confirm).status_code == 302
    again = client.post(process, confirm, follow=True)
    assert again.status_code == 200 and "đã được nhập rồi" in again.content.decode()
    assert Business.objects.count() == 2
    bogus = client.post(process, {**confirm, "import_file_name": "khong-co-tep.csv"}, follow=True)
    assert bogus.status_code == 200 and Business.objects.count() == 2
