"""Browser journey of the catalogue (360 px): a provider applies → staff evaluate and select in the admin → the
provider's representative signs the agreement the selection sent → the platform appears in the public catalogue →
a store registers to use it → the provider sees the lead and activates it."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from businesses.models import VerificationStatus
from platforms.models import Listing, ListingStatus, UsageRegistration, UsageStatus
from tests.factories import BusinessFactory, MembershipFactory, StaffFactory
from tests.platforms.conftest import pdf_bytes
from tests.platforms.factories import ProviderUserFactory, ensure_reference_data

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(transactional_db):
    """Like the shared fixture of the same name, plus the catalogue's groups and criteria."""
    ensure_reference_data()


def sign_in(page, live_server, user) -> None:
    """Sign in by session cookie (the login form itself is tested by the accounts journeys)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_provider_applies_staff_select_store_registers_provider_sees_the_lead(
    reference_data, page, live_server, tmp_path, sms_outbox
):
    provider_user = ProviderUserFactory(full_name="Nguyễn Minh Tuấn")
    staff = StaffFactory(full_name="Cán bộ Cục Chuyển đổi số")
    store_owner = MembershipFactory(
        business=BusinessFactory(name="Tạp hóa Cô Ba", verification_status=VerificationStatus.VERIFIED)
    ).user
    page.set_viewport_size({"width": 360, "height": 780})
    dossier = tmp_path / "ho-so-ky-thuat.pdf"
    dossier.write_bytes(pdf_bytes())
    url = live_server.url

    # 1. The provider registers its organisation and a platform, and applies to the RDX sales (POS) group.
    sign_in(page, live_server, provider_user)
    page.goto(f"{url}/nha-cung-cap/")
    page.fill("#id_name", "Công ty TNHH Phần mềm Ba Miền")
    page.fill("#id_contact_name", "Nguyễn Minh Tuấn")
    page.fill("#id_contact_phone", "+84912345678")
    page.click("main button[type=submit]")
    page.get_by_role("link", name="Thêm nền tảng").first.click()
    page.fill("#id_name", "Quầy Thu Ngân Số")
    page.fill("#id_short_description", "Bán hàng tại quầy và trên điện thoại cho tạp hóa")
    page.click("main button[type=submit]")
    page.select_option("#id_group", label="Bán hàng, quản lý cửa hàng (POS) (RDX)")
    page.check("#id_in_depth_requested")
    page.set_input_files("#id_files", str(dossier))
    page.check("#id_commitment")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã nộp hồ sơ vào nhóm")
    assert page.locator('[data-status="applied"]').first.is_visible()

    # 2. Staff score the application in the admin, then select it.
    listing = Listing.objects.get(platform__name="Quầy Thu Ngân Số")
    sign_in(page, live_server, staff)
    page.goto(f"{url}/admin/platforms/listing/{listing.pk}/change/")
    page.get_by_role("link", name="Chấm điểm (phiếu của bạn)").click()
    for select in page.locator("select[name^=criterion_]").all():
        select.select_option("4")
    page.fill("textarea[name=comment]", "Đáp ứng tốt nhu cầu cửa hàng")
    page.click("input[type=submit]")
    page.wait_for_selector("text=Đã lưu phiếu chấm: 80.00/100")
    page.goto(f"{url}/admin/platforms/listing/")
    page.check(f"input[name=_selected_action][value='{listing.pk}']")
    page.select_option("select[name=action]", "select_listings")
    page.click("button[name=index]")
    page.fill("textarea[name=reason]", "Hội đồng thống nhất lựa chọn")
    page.click("input[name=apply]")
    page.wait_for_selector("text=Đã lựa chọn 1 nền tảng")
    listing.refresh_from_db()
    assert (listing.status, listing.slot) == (ListingStatus.SELECTED, 1)

    # 3. Not in the catalogue until the provider's representative signs the agreement the selection sent.
    page.context.clear_cookies()
    page.goto(f"{url}/nen-tang/?q=quay+thu+ngan")
    assert page.get_by_role("link", name="Quầy Thu Ngân Số").count() == 0
    sign_in(page, live_server, provider_user)
    page.goto(f"{url}/nha-cung-cap/")
    page.get_by_role("link", name="Xem và ký thỏa thuận").click()
    assert page.locator("text=Được nêu tên trên Cổng thông tin").first.is_visible()
    page.check("#id_accept")
    page.get_by_role("button", name="Ký thỏa thuận").click()
    page.wait_for_selector("text=Đã ký thỏa thuận")
    assert page.locator("[data-agreement-status]").inner_text() == "Đã ký"

    # 4. Anyone finds it in the public catalogue, without accents.
    page.context.clear_cookies()
    page.goto(f"{url}/nen-tang/?q=quay+thu+ngan")
    page.get_by_role("link", name="Quầy Thu Ngân Số").click()
    page.wait_for_selector("h1:has-text('Quầy Thu Ngân Số')")
    assert page.locator("text=Bán hàng, quản lý cửa hàng (POS)").first.is_visible()

    # 5. A verified store registers to use it.
    sign_in(page, live_server, store_owner)
    page.reload()
    page.check("#dang-ky input[name=share_contact]")  # the provider-sharing consent, asked where it is needed
    page.click("#dang-ky button[type=submit]")
    page.wait_for_selector("text=Đã gửi đăng ký sử dụng Quầy Thu Ngân Số")
    registration = UsageRegistration.objects.get()
    assert registration.status == UsageStatus.REQUESTED
    assert [sms.phone for sms in sms_outbox] == ["+84912345678"]

    # 6. The provider sees the lead on its dashboard and confirms the activation.
    sign_in(page, live_server, provider_user)
    page.goto(f"{url}/nha-cung-cap/")
    lead = page.locator(f"tr[data-lead='{registration.pk}']")
    assert "Tạp hóa Cô Ba" in lead.inner_text()
    lead.get_by_role("button", name="Xác nhận kích hoạt").click()
    page.wait_for_selector("text=Đã xác nhận kích hoạt")
    assert page.locator(f"tr[data-lead='{registration.pk}']").get_attribute("data-status") == "active"
    page.goto(f"{url}/nen-tang/{listing.platform_id}/")
    assert page.locator("[data-usage-count]").inner_text() == "1"
