"""Staff's agreements page outside the admin: the list (filter by status and programme, accent-insensitive search,
pages), a draft for a selected platform, sending it to the provider (told by e-mail, audited); MoIT staff only RDX;
the provider never sees a draft. Every page for every role."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from platforms.models import Agreement, AgreementStatus
from platforms.selectors import provider_agreements
from platforms.services import agreement_draft
from smedx_portal.models import AuditEntry
from tests.factories import ProvinceOfficerFactory, StaffFactory, UserFactory
from tests.platforms.factories import ListingFactory, PlatformFactory, ProviderFactory, group

pytestmark = pytest.mark.django_db
LIST = reverse("platforms:staff_agreements")
DRAFT = reverse("platforms:staff_agreement_draft")


def selected(
    name: str,
    code: str = "smedx-accounting-finance",
    *,
    provider_name: str = "Công ty Kế toán Việt",
    slot: int = 1,
):
    provider = ProviderFactory(name=provider_name, contact_email="phaply@example.vn")
    return ListingFactory(
        platform=PlatformFactory(provider=provider, name=name),
        group=group(code),
        status="selected",
        slot=slot,
        agreement=False,
    )


@pytest.fixture
def ministry():
    return StaffFactory()


@pytest.fixture
def moit():
    return UserFactory(role=Role.MOIT_STAFF)


def test_staff_draft_then_send_an_agreement_and_the_provider_is_told(
    client, ministry, django_capture_on_commit_callbacks
):
    listing = selected("Kế toán Mây")
    client.force_login(ministry)
    page = client.get(LIST).content.decode()
    assert "Kế toán Mây — SMEdx" in page  # offered in the draft form
    response = client.post(DRAFT, {"listing": listing.pk})
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and agreement.status == AgreementStatus.DRAFT
    assert AuditEntry.objects.filter(
        action="agreement.draft", actor=ministry, object_id=str(agreement.pk)
    ).exists()

    owner = listing.platform.provider.owner  # the provider does not see the draft
    client.force_login(owner)
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert provider_agreements(listing.platform.provider) == []

    client.force_login(ministry)
    assert "Kế toán Mây — SMEdx" not in client.get(LIST).content.decode()  # no longer offered for a draft
    again = client.post(DRAFT, {"listing": listing.pk})  # one pending agreement per platform and programme
    assert again.status_code == 400 and Agreement.objects.count() == 1
    with pytest.raises(ValidationError, match="đang chờ ký"):
        agreement_draft(platform=listing.platform, programme="SMEDX", actor=ministry)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("platforms:staff_agreement_send", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert sent.status_code == 302 and agreement.status == AgreementStatus.SENT and agreement.sent_at
    assert AuditEntry.objects.filter(
        action="agreement.send", actor=ministry, object_id=str(agreement.pk)
    ).exists()
    assert mail.outbox and agreement.get_absolute_url() in mail.outbox[-1].body
    twice = client.post(reverse("platforms:staff_agreement_send", args=[agreement.pk]), follow=True)
    assert "không gửi lại được" in twice.content.decode()
    client.force_login(owner)
    assert client.get(agreement.get_absolute_url()).status_code == 200


def test_a_platform_not_selected_and_bad_dates_are_refused(client, ministry):
    applied = ListingFactory(platform=PlatformFactory(name="Đang xét"), status="applied", agreement=False)
    listing = selected("Kế toán Mây")
    client.force_login(ministry)
    refused = client.post(DRAFT, {"listing": applied.pk})
    assert refused.status_code == 400 and not Agreement.objects.exists()
    backwards = client.post(
        DRAFT, {"listing": listing.pk, "starts_on": "2026-12-20", "ends_on": "2026-12-10"}
    )
    assert backwards.status_code == 400 and not Agreement.objects.exists()


def test_list_filters_search_and_pages(client, ministry, settings):
    settings.PLATFORMS_PAGE_SIZE = 2
    from platforms import services

    for index, name in enumerate(["Kế toán Mây", "Hóa đơn Nhanh", "Bán hàng Số"]):
        listing = selected(name, provider_name=f"Nhà cung cấp {index}", slot=index + 1)
        services.agreement_draft(platform=listing.platform, programme="SMEDX", actor=ministry)
    rdx = selected("Cửa hàng Số", "rdx-pos", provider_name="Công ty Bán lẻ")
    sent = services.agreement_draft(platform=rdx.platform, programme="RDX", actor=ministry)
    services.agreement_send(agreement=sent, actor=ministry)
    client.force_login(ministry)

    def names(query: str = "") -> str:
        return client.get(f"{LIST}?{query}").content.decode()

    first = names()
    assert "Trang 1/2" in first
    assert (
        "Cửa hàng Số" in names("status=sent")
        and "Kế toán Mây" not in names("status=sent").split("draft-title")[0]
    )
    assert (
        "Cửa hàng Số" in names("programme=RDX")
        and "Hóa đơn Nhanh" not in names("programme=RDX").split("draft-title")[0]
    )
    found = names("q=ke+toan").split("draft-title")[0]  # accent-insensitive
    assert "Kế toán Mây" in found and "Hóa đơn Nhanh" not in found
    assert "page=2" in names("status=draft") and "status=draft&amp;page=2" in names("status=draft")


def test_moit_staff_see_and_draft_rdx_only(client, ministry, moit):
    from platforms import services

    smedx = selected("Kế toán Mây")
    rdx = selected("Cửa hàng Số", "rdx-pos", provider_name="Công ty Bán lẻ")
    smedx_agreement = services.agreement_draft(platform=smedx.platform, programme="SMEDX", actor=ministry)
    client.force_login(moit)
    page = client.get(LIST).content.decode()
    assert "Cửa hàng Số — RDX" in page and "Kế toán Mây" not in page
    assert client.post(DRAFT, {"listing": smedx.pk}).status_code == 400
    assert (
        client.post(reverse("platforms:staff_agreement_send", args=[smedx_agreement.pk])).status_code == 404
    )
    assert client.post(DRAFT, {"listing": rdx.pk}).status_code == 302
    assert Agreement.objects.get(programme="RDX").created_by == moit


ROLES = ("anonymous", "business", "provider", "officer", "ministry", "moit")


@pytest.mark.parametrize(
    ("name", "method", "expected"),
    [
        ("platforms:staff_agreements", "get", (302, 403, 403, 403, 200, 200)),
        ("platforms:staff_agreement_draft", "post", (302, 403, 403, 403, 400, 400)),
        ("platforms:staff_agreement_send", "post", (302, 403, 403, 403, 302, 404)),
    ],
)
def test_role_by_url(client, ministry, moit, name, method, expected):
    listing = selected("Kế toán Mây")
    from platforms import services

    draft = services.agreement_draft(platform=listing.platform, programme="SMEDX", actor=ministry)
    users = {
        "anonymous": None,
        "business": UserFactory(),
        "provider": listing.platform.provider.owner,
        "officer": ProvinceOfficerFactory(),
        "ministry": ministry,
        "moit": moit,
    }
    url = reverse(name, args=[draft.pk]) if name.endswith("send") else reverse(name)
    for role, status in zip(ROLES, expected, strict=True):
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        got = getattr(client, method)(url).status_code
        assert got == status, f"{role} on {url}: {got}, expected {status}"
