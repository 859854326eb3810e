"""Tax codes (mã số thuế) and personal identification numbers (CCCD), normalised and validated.

- Enterprises and cooperatives: 10 digits, the 10th a check digit (python-stdnum `stdnum.vn.mst`);
  branches and dependent units: the parent's 10 digits, a dash and 001–999 (`0100109106-001`).
- Since 1 July 2025 household businesses and individuals use the owner's 12-digit personal identification
  number (CCCD) as their tax code: 3 digits of the province of birth (the pre-2025 province codes), a digit for
  century and sex, 2 digits of the year of birth, 6 random digits. It has no check digit, so only that
  structure is checked.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

from businesses.reference import DATA_DIR

_SEPARATORS = re.compile(r"[\s.\-_/]")
# BusinessKind values whose owner may use a personal identification number as tax code.
PERSONAL_ID_KINDS = {"household", "retail_store"}


@cache
def birth_province_codes() -> frozenset[int]:
    """The 63 pre-2025 province codes: the first 3 digits of a CCCD are one of them (001 Hà Nội … 096 Cà Mau)."""
    with (DATA_DIR / "legacy_provinces.csv").open(encoding="utf-8") as handle:
        return frozenset(int(row["old_code"]) for row in csv.DictReader(handle))


def validate_personal_id(digits: str) -> str:
    """A 12-digit CCCD (structure only: it has no check digit)."""
    if len(digits) != 12 or not digits.isdigit():
        raise ValidationError(_("Số định danh cá nhân (CCCD) gồm 12 chữ số."), code="cccd_length")
    if int(digits[:3]) not in birth_province_codes():
        raise ValidationError(
            _("3 chữ số đầu của số định danh cá nhân phải là mã tỉnh nơi đăng ký khai sinh (001–096)."),
            code="cccd_province",
        )
    century_digit = int(digits[3])
    if century_digit > 3:
        raise ValidationError(
            _("Chữ số thứ 4 của số định danh cá nhân (giới tính, thế kỷ sinh) phải từ 0 đến 3."),
            code="cccd_century",
        )
    year = (1900 if century_digit < 2 else 2000) + int(digits[4:6])
    if year > timezone.localdate().year:
        raise ValidationError(_("Năm sinh trong số định danh cá nhân không hợp lệ."), code="cccd_year")
    return digits


def normalise_tax_code(raw: str, *, kind: str | None = None) -> str:
    """The stored form of a tax code (`0100109106`, `0100109106-001` or a 12-digit CCCD), or ValidationError.

    `kind` (a BusinessKind) decides whether a personal identification number is acceptable."""
    digits = _SEPARATORS.sub("", raw or "")
    if not digits:
        raise ValidationError(_("Vui lòng nhập mã số thuế."), code="required")
    if not digits.isdigit():
        raise ValidationError(
            _("Mã số thuế chỉ gồm chữ số (và dấu gạch ngang của chi nhánh)."), code="format"
        )
    if len(digits) == 12:
        if kind is not None and kind not in PERSONAL_ID_KINDS:
            raise ValidationError(
                _(
                    "Doanh nghiệp và hợp tác xã dùng mã số thuế 10 chữ số (chi nhánh: 10 số-3 số). "
                    "Số định danh cá nhân 12 chữ số dành cho hộ kinh doanh, cá nhân kinh doanh."
                ),
                code="cccd_not_allowed",
            )
        return validate_personal_id(digits)
    if len(digits) not in (10, 13):
        raise ValidationError(
            _(
                "Mã số thuế gồm 10 chữ số, 13 chữ số viết dạng 10 số-3 số (chi nhánh, đơn vị phụ thuộc), "
                "hoặc 12 chữ số định danh cá nhân (hộ kinh doanh)."
            ),
            code="length",
        )
    if mst.calc_check_digit(digits[:9]) != digits[9]:  # named first: a mistyped digit is the usual fault
        raise ValidationError(
            _("Mã số thuế %(code)s không đúng: chữ số kiểm tra (chữ số thứ 10) không khớp.")
            % {"code": digits[:10]},
            code="checksum",
        )
    if digits[2:9] == "0000000":
        raise ValidationError(
            _("Mã số thuế không đúng: 7 chữ số thứ 3–9 (số thứ tự) không thể đều là 0."), code="sequence"
        )
    try:
        mst.validate(digits)
    except InvalidComponent:
        raise ValidationError(_("Mã chi nhánh (3 số sau dấu gạch ngang) phải từ 001 đến 999."), code="branch")
    except (InvalidChecksum, InvalidFormat, InvalidLength, StdnumError):
        raise ValidationError(_("Mã số thuế không hợp lệ."), code="invalid")
    return mst.format(digits)


def normalise_organisation_tax_code(raw: str) -> str:
    """An organisation's tax code (a platform provider, a consulting firm): 10 digits, or 10-3 for a branch.
    A 12-digit personal identification number (CCCD) is a person's, never an organisation's: refused."""
    digits = _SEPARATORS.sub("", raw or "")
    if len(digits) == 12 and digits.isdigit():
        raise ValidationError(
            _(
                "Tổ chức dùng mã số thuế doanh nghiệp 10 chữ số (chi nhánh: 10 số-3 số), "
                "không dùng số định danh cá nhân (CCCD) 12 chữ số."
            ),
            code="cccd_not_allowed",
        )
    return normalise_tax_code(raw, kind="enterprise")


def organisation_tax_code_field(value: str | None) -> str | None:
    """The stored form for a service's `tax_code` field (None when empty); errors keyed by the field."""
    if not value:
        return None
    try:
        return normalise_organisation_tax_code(value)
    except ValidationError as error:
        raise ValidationError({"tax_code": error.messages})


def validate_organisation_tax_code(value: str | None) -> None:
    """Model-field validator (admin, API, services): an empty value is left to `blank`/`null`."""
    if value:
        normalise_organisation_tax_code(value)
