"""An organisation (platform provider, consulting firm) has an enterprise tax code: 10 digits checked by
`stdnum.vn.mst`, or 10-3 for a branch. A 12-digit personal identification number (CCCD) is refused with a
Vietnamese error on the site's forms, in the services and in the admin (the model field's validator)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from businesses.validators import normalise_organisation_tax_code
from experts.models import ExpertApplication
from platforms import services
from platforms.models import Provider
from tests.experts.test_applications import form_data
from tests.factories import StaffFactory, UserFactory
from tests.platforms.factories import ProviderUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CCCD = "001085012345"


def test_the_validator_keeps_enterprise_codes_and_refuses_a_cccd():
    assert normalise_organisation_tax_code("0100109106") == "0100109106"
    assert normalise_organisation_tax_code("0100109106 001") == "0100109106-001"
    with pytest.raises(ValidationError) as error:
        normalise_organisation_tax_code(CCCD)
    assert "không dùng số định danh cá nhân (CCCD)" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        normalise_organisation_tax_code("0100109107")
    assert "chữ số kiểm tra" in error.value.messages[0]


def test_a_provider_cannot_register_with_a_cccd(client):
    client.force_login(ProviderUserFactory())
    response = client.post(
        "/nha-cung-cap/to-chuc/",
        {"name": "Công ty TNHH Bán Lẻ Số", "tax_code": CCCD, "contact_phone": "+84912345678"},
    )
    assert response.status_code == 200
    assert "không dùng số định danh cá nhân (CCCD) 12 chữ số" in response.content.decode()
    assert not Provider.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.provider_register(user=ProviderUserFactory(), name="Công ty B", tax_code=CCCD)
    assert "tax_code" in error.value.message_dict


def test_a_provider_registers_with_a_tax_code_typed_with_spaces(client):
    client.force_login(user := ProviderUserFactory())
    response = client.post(
        "/nha-cung-cap/to-chuc/",
        {
            "name": "Công ty TNHH Bán Lẻ Số",
            "tax_code": "0100 109 106",
            "contact_name": "Trần Thị Mai",
            "contact_phone": "+84912345678",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Provider.objects.get(owner=user).tax_code == "0100109106"


def test_a_consulting_firm_cannot_apply_with_a_cccd(client):
    client.force_login(UserFactory())
    response = client.post("/chuyen-gia/dang-ky/", form_data(kind="organisation", tax_code=CCCD))
    assert response.status_code == 200
    assert "không dùng số định danh cá nhân (CCCD) 12 chữ số" in response.content.decode()
    assert not ExpertApplication.objects.exists()
    response = client.post("/chuyen-gia/dang-ky/", form_data(kind="organisation", tax_code="0100109106"))
    assert response.status_code == 302
    assert ExpertApplication.objects.get().tax_code == "0100109106"


def test_the_admin_refuses_a_cccd_as_a_provider_tax_code(client):
    client.force_login(StaffFactory(is_superuser=True))
    owner = ProviderUserFactory()
    response = client.post(
        "/admin/platforms/provider/add/", {"owner": owner.pk, "name": "Công ty C", "tax_code": CCCD}
    )
    assert response.status_code == 200
    assert "không dùng số định danh cá nhân (CCCD) 12 chữ số" in response.content.decode()
    assert not Provider.objects.exists()
