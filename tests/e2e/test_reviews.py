"""Browser journey (360 × 780) of a periodic review that explains itself: staff open a review from the menu and
delist a platform with a reason; the provider reads the reason on its dashboard and appeals with a PDF; a business
using the platform reads the notice (and got an SMS, having consented to take part). Every page passes the phone
layout checks and axe-core; screenshots in var/screenshots/journeys/review-<role>/."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms.models import Appeal, Listing, ListingStatus, UsageRegistration, UsageStatus
from tests.e2e.phone import PHONE, Journey
from tests.e2e.test_catalogue import sign_in
from tests.factories import BusinessFactory, MembershipFactory, StaffFactory, consenting
from tests.platforms.conftest import pdf_bytes
from tests.platforms.factories import (
    ListingFactory,
    PlatformFactory,
    ProviderFactory,
    ensure_reference_data,
    group,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REASON = "Không áp dụng ưu đãi miễn phí 6 tháng đã cam kết với Chương trình"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def journey(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(15_000)
    yield lambda role: Journey(context.new_page(), role, base_url=live_server.url)
    context.close()


def test_staff_delist_with_a_reason_the_provider_appeals_the_business_is_told(
    journey, live_server, tmp_path, sms_outbox
):
    ensure_reference_data()
    provider = ProviderFactory(name="Công ty Kế Toán Việt", contact_email="kinhdoanh@ketoanviet.vn")
    platform = PlatformFactory(provider=provider, name="Kế toán Mây")
    listing = ListingFactory(
        platform=platform, group=group("smedx-accounting-finance"), status="selected", slot=1
    )
    owner = consenting(
        MembershipFactory(
            business=BusinessFactory(name="Tạp hóa Cô Ba", verification_status=VerificationStatus.VERIFIED)
        ).user,
        ConsentPurpose.PARTICIPATION,
    )
    UsageRegistration.objects.create(
        business=owner.businesses.get(),
        platform=platform,
        listing=listing,
        status=UsageStatus.ACTIVE,
        confirmed_at=timezone.now(),
    )
    staff = StaffFactory(full_name="Cán bộ Cục Chuyển đổi số")
    mail.outbox.clear()

    # 1. Staff open a review from the menu and delist the platform with a reason.
    walk = journey("review-staff")
    sign_in(walk.page, live_server, staff)
    walk.start()
    walk.menu("Rà soát nền tảng")
    walk.check("ky-ra-soat")
    walk.tap("Mở kỳ rà soát mới", "mo-ky")
    page = walk.page
    page.get_by_label("Tên kỳ rà soát").fill("6 tháng cuối năm 2026")
    page.get_by_label("Từ ngày").fill((timezone.localdate() - datetime.timedelta(days=180)).isoformat())
    page.get_by_label("Đến ngày").fill(timezone.localdate().isoformat())
    walk.tap("Mở kỳ rà soát", "ky-moi-mo", role="button")
    assert page.locator("text=Đã mở kỳ rà soát với 1 nền tảng").is_visible()
    walk.tap("Xem và quyết định", "so-lieu-nen-tang")
    assert page.locator("[data-fact=activated]").inner_text() == "1"
    page.get_by_label("Đề nghị đưa ra khỏi danh sách").check()
    walk.tap("Ghi quyết định", "da-quyet-dinh", role="button")  # no reason: refused on the page
    assert page.locator("text=Cần nêu lý do của quyết định").is_visible()
    page.get_by_label("Đề nghị đưa ra khỏi danh sách").check()
    page.get_by_label("Lý do (gửi cho nhà cung cấp)").fill(REASON)
    walk.tap("Ghi quyết định", "da-quyet-dinh", role="button")
    assert page.locator("text=Đã ghi quyết định và báo cho nhà cung cấp").is_visible()
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.DELISTED
    assert [email.to for email in mail.outbox] == [["kinhdoanh@ketoanviet.vn"]]
    assert REASON in mail.outbox[0].body

    # 2. The provider reads the reason on its dashboard and appeals with a PDF.
    walk = journey("review-provider")
    sign_in(walk.page, live_server, provider.owner)
    walk.start()
    walk.menu("Trang nhà cung cấp")
    walk.check("trang-nha-cung-cap")
    page = walk.page
    assert page.locator(f"text={REASON}").first.is_visible()
    walk.tap("Xem lý do và khiếu nại", "ket-qua-ra-soat")
    evidence = tmp_path / "bang-chung-uu-dai.pdf"
    evidence.write_bytes(pdf_bytes("Uu dai van ap dung"))
    page.get_by_label("Nội dung khiếu nại").fill("Ưu đãi vẫn áp dụng từ tháng 10, xin xem hợp đồng kèm theo.")
    page.get_by_label("Tài liệu chứng minh (PDF, không bắt buộc)").set_input_files(str(evidence))
    walk.tap("Gửi khiếu nại", "da-khieu-nai", role="button")
    assert page.locator("text=Đã gửi khiếu nại").is_visible()
    assert Appeal.objects.get().document

    # 3. The business using the platform reads the notice (and was texted: it consented to take part).
    walk = journey("review-business")
    sign_in(walk.page, live_server, owner)
    walk.start()
    walk.menu("Thông báo về nền tảng")
    walk.check("thong-bao-nen-tang")
    notice = walk.page.locator("[data-notice]")
    assert "Kế toán Mây" in notice.inner_text() and REASON in notice.inner_text()
    assert [sms.phone for sms in sms_outbox] == [owner.phone]
