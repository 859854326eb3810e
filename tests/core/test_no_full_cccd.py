"""No full 12-digit CCCD anywhere a business is shown: every page, CSV, XLSX and API answer about a household
business, opened as each role (owner, another user, the province's officer, ministry staff, nobody), shows the
number masked — except the owner's own data download, which must show it in full. The API's answers:
tests/api/test_no_full_cccd_api.py."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Consent, ConsentPurpose
from businesses.models import BusinessKind, MembershipStatus
from reports.exports import ReportSpec, write_csv, write_xlsx
from smedx_portal.levels import Level
from tests.factories import (
    BusinessFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
CCCD = "001085012345"
MASKED = "0010******45"


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):  # an XLSX workbook
        return _xlsx_text(io.BytesIO(content))
    return content.decode("utf-8", errors="replace")


def _xlsx_text(handle) -> str:
    workbook = load_workbook(handle, read_only=True)
    return " ".join(
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )


@pytest.fixture
def household():
    business = BusinessFactory(
        kind=BusinessKind.HOUSEHOLD,
        tax_code=CCCD,
        name="Hộ kinh doanh Cô Ba",
        result={
            "level": Level.GROWTH,
            "assessed_at": datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
            "pillar_scores": {"strategy": "10", "operations": "40"},
        },
    )
    owner = MembershipFactory(business=business, status=MembershipStatus.ACTIVE).user
    Consent.objects.create(user=owner, purpose=ConsentPurpose.PARTNER_SHARING, notice_version="1")
    return business, owner


def _pages(business) -> list[tuple[str, dict]]:
    pk = business.pk
    return [
        (reverse("businesses:mine"), {}),
        (reverse("businesses:detail", args=[pk]), {}),
        (reverse("businesses:edit", args=[pk]), {}),
        # Searched by name: a number typed into a search box is the searcher's own (and echoed in the form).
        (reverse("businesses:verification_queue"), {"status": "", "q": "co ba"}),
        (reverse("assessment:enumerator"), {"q": "co ba"}),
        (reverse("privacy:mine"), {}),
        (
            reverse("reports:segment_csv"),
            {"sector": business.sector_id, "pillar": "strategy", "programme": "RDX"},
        ),
        (reverse("admin:businesses_business_changelist"), {"q": "Cô Ba"}),
        (reverse("admin:businesses_business_change", args=[pk]), {}),
        (reverse("admin:businesses_business_history", args=[pk]), {}),
        (reverse("admin:businesses_membership_changelist"), {}),
    ]


@pytest.mark.parametrize("role", ["owner", "other", "officer", "staff", "anonymous"])
def test_no_page_shows_a_full_cccd(client, household, role):
    business, owner = household
    users = {
        "owner": owner,
        "other": UserFactory(),
        "officer": ProvinceOfficerFactory(province=business.province, is_staff=True),
        "staff": StaffFactory(),
    }
    if role != "anonymous":
        client.force_login(users[role])
    opened = 0
    for url, query in _pages(business):
        response = client.get(url, query)
        if response.status_code != 200:
            continue
        opened += 1
        text = _text(response)
        assert CCCD not in text, (role, url)
    assert opened >= (5 if role in ("officer", "staff") else 0)
    if role == "staff":
        export = client.post(
            reverse("admin:businesses_business_export"),
            {
                "format": "1",
                "resource": "0",
                "businessresource_name": "on",
                "businessresource_tax_code": "on",
            },
        )
        text = _text(export)
        assert MASKED in text and CCCD not in text  # the admin's XLSX export
        csv_export = client.post(
            reverse("admin:businesses_business_export"),
            {
                "format": "0",
                "resource": "0",
                "businessresource_name": "on",
                "businessresource_tax_code": "on",
            },
        )
        assert MASKED in _text(csv_export) and CCCD not in _text(csv_export)


def test_report_files_show_it_masked(household, tmp_path):
    spec = ReportSpec(None, "RDX", datetime.date(2026, 1, 1), datetime.date.today())
    write_csv(tmp_path / "list.csv", spec)
    write_xlsx(tmp_path / "list.xlsx", spec)
    for text in ((tmp_path / "list.csv").read_text(encoding="utf-8"), _xlsx_text(tmp_path / "list.xlsx")):
        assert MASKED in text and CCCD not in text


def test_only_the_owners_own_download_has_it_in_full(client, household):
    business, owner = household
    client.force_login(owner)
    data = json.loads(client.get(reverse("privacy:download_json")).content)
    assert [entry["tax_code"] for entry in data["businesses"]] == [CCCD]
    client.force_login(UserFactory())
    assert CCCD not in client.get(reverse("privacy:download_json")).content.decode()
