"""Tax codes: real 10-digit codes with their check digit, branch codes, and 12-digit CCCD for households."""

import pytest
from django.core.exceptions import ValidationError

from businesses.models import Business, BusinessKind
from businesses.validators import normalise_tax_code


@pytest.mark.parametrize(
    "code",
    [
        "0100109106",  # Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel)
        "0300588569",  # Công ty CP Sữa Việt Nam (Vinamilk)
        "0101248141",  # Công ty CP FPT
        "0100107518",  # Tổng công ty Hàng không Việt Nam
        "0100684378",  # Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)
        "0100112437",  # Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)
    ],
)
def test_real_enterprise_tax_codes_are_valid(code):
    assert normalise_tax_code(code, kind=BusinessKind.ENTERPRISE) == code


@pytest.mark.parametrize("code", ["0100109107", "0300588560", "0101248142", "0100107519"])
def test_a_wrong_check_digit_is_refused(code):
    with pytest.raises(ValidationError) as exc:
        normalise_tax_code(code)
    assert exc.value.code == "checksum"
    assert "chữ số kiểm tra" in exc.value.messages[0]


def test_a_prefix_whose_check_digit_would_be_10_has_no_valid_code():
    # 10 − (Σ dᵢ·wᵢ mod 11) = 10 when the sum ≡ 0 (mod 11): 000000000 → no digit can complete it.
    for last in range(10):
        with pytest.raises(ValidationError):
            normalise_tax_code(f"000000000{last}")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        ("0100 109 106 - 025", "0100109106-025"),
        ("0100.109.106", "0100109106"),
        (" 0300588569 ", "0300588569"),
    ],
)
def test_branch_codes_and_separators_are_normalised(raw, stored):
    assert normalise_tax_code(raw) == stored


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0100109106-000", "branch"),
        ("0100109107-001", "checksum"),
        ("0100000008", "checksum"),  # was named a branch fault (stdnum's InvalidComponent): it has no branch
        ("0100000003", "sequence"),  # the right check digit, but digits 3–9 all 0
        ("010010910", "length"),
        ("01001091061", "length"),
        ("MST0100109106", "format"),
        ("", "required"),
    ],
)
def test_malformed_tax_codes(raw, code):
    with pytest.raises(ValidationError) as exc:
        normalise_tax_code(raw)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("cccd", "kind"),
    [
        ("001085012345", BusinessKind.HOUSEHOLD),  # born in Hà Nội, male, 1985
        ("079190004321", BusinessKind.HOUSEHOLD),  # TP.HCM, female, 1990
        ("048302001234", BusinessKind.RETAIL_STORE),  # Đà Nẵng, female, 2002
    ],
)
def test_household_owners_use_their_12_digit_personal_id(cccd, kind):
    assert normalise_tax_code(cccd, kind=kind) == cccd


@pytest.mark.parametrize(
    ("cccd", "code"),
    [
        ("099085012345", "cccd_province"),  # 099 is no province
        ("000085012345", "cccd_province"),
        ("003085012345", "cccd_province"),  # 003 was never used
        ("001585012345", "cccd_century"),
        ("001399012345", "cccd_year"),  # born in 2099
    ],
)
def test_malformed_personal_ids(cccd, code):
    with pytest.raises(ValidationError) as exc:
        normalise_tax_code(cccd, kind=BusinessKind.HOUSEHOLD)
    assert exc.value.code == code


@pytest.mark.parametrize("kind", [BusinessKind.ENTERPRISE, BusinessKind.COOPERATIVE])
def test_enterprises_and_cooperatives_cannot_use_a_personal_id(kind):
    with pytest.raises(ValidationError) as exc:
        normalise_tax_code("001085012345", kind=kind)
    assert exc.value.code == "cccd_not_allowed"


@pytest.mark.django_db
def test_the_model_stores_the_normalised_code_and_checks_ward_against_province(hanoi, hcmc):
    business = Business(
        name="Công ty FPT",
        kind=BusinessKind.ENTERPRISE,
        tax_code="0101 248 141",
        province=hanoi,
        in_smedx=True,
    )
    business.full_clean()
    assert business.tax_code == "0101248141"
    business.ward = hcmc.wards.first()
    with pytest.raises(ValidationError) as exc:
        business.full_clean()
    assert "ward" in exc.value.message_dict
