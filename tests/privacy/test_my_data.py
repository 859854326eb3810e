""" "Dữ liệu của tôi": everything held about me, downloadable as JSON and a readable PDF (identity numbers in full
only there), and who at the ministry or province looked at my record."""

import json

import pytest
from django.urls import reverse

from accounts.models import ConsentPurpose
from businesses.models import BusinessKind
from smedx_portal.models import AccessKind, PersonalDataAccess
from tests.factories import (
    BusinessFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    StaffFactory,
    consenting,
)

pytestmark = pytest.mark.django_db
CCCD = "001085012345"


@pytest.fixture
def owner(db):
    business = BusinessFactory(name="Hộ kinh doanh Lan", kind=BusinessKind.HOUSEHOLD, tax_code=CCCD)
    user = MembershipFactory(business=business, user__full_name="Nguyễn Thị Lan").user
    return consenting(user, ConsentPurpose.PARTICIPATION, ConsentPurpose.PROMOTIONAL_SMS)


def test_the_json_copy_holds_everything_with_the_identity_number_in_full(client, owner):
    client.force_login(owner)
    response = client.get(reverse("privacy:download_json"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["full_name"] == "Nguyễn Thị Lan" and data["account"]["phone"] == owner.phone
    assert data["businesses"][0]["tax_code"] == CCCD
    assert {c["code"] for c in data["consents"]} == {"participation", "promotional_sms"}


def test_the_pdf_copy_is_a_real_pdf(client, owner):
    client.force_login(owner)
    response = client.get(reverse("privacy:download_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_page_shows_no_full_identity_number(client, owner):
    client.force_login(owner)
    html = client.get(reverse("privacy:mine")).content.decode()
    assert "Hộ kinh doanh Lan" in html and CCCD not in html


def test_staff_views_are_logged_and_shown_to_the_owner(client, owner):
    business = owner.businesses.get()
    officer = ProvinceOfficerFactory(full_name="Cán bộ Sở Hà Nội")
    client.force_login(officer)
    assert client.get(reverse("businesses:detail", args=[business.pk])).status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert (entry.viewer, entry.kind, entry.object_id) == (officer, AccessKind.VIEW, str(business.pk))

    client.force_login(owner)
    client.get(reverse("businesses:detail", args=[business.pk]))  # the owner's own views are not logged
    assert PersonalDataAccess.objects.count() == 1
    html = client.get(reverse("privacy:mine")).content.decode()
    assert "Cán bộ Sở Hà Nội" in html and "Hồ sơ doanh nghiệp" in html


def test_opening_a_record_in_the_admin_is_logged(client, owner):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get(reverse("admin:accounts_user_change", args=[owner.pk]))
    assert response.status_code == 200
    assert PersonalDataAccess.objects.filter(viewer=staff, object_id=str(owner.pk)).exists()


def test_an_admin_export_of_businesses_is_logged(rf, owner):
    from django.contrib import admin
    from import_export.formats.base_formats import CSV

    from businesses.models import Business

    staff = StaffFactory()
    request = rf.post("/admin/businesses/business/export/")
    request.user = staff
    model_admin = admin.site.get_model_admin(Business)
    model_admin.get_export_data(CSV(), request, Business.objects.all())
    entry = PersonalDataAccess.objects.get(kind=AccessKind.EXPORT)
    assert (entry.viewer, entry.count) == (staff, 1)
