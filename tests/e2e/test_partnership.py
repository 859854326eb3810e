"""Browser journeys (360 px) of the programme's partnership with selected platforms: a business asks for a trial,
the provider accepts and sets it up, the business rates it; an agreement ending in 30 days warns both sides once."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms import services
from platforms.models import Agreement, AgreementStatus, RatingStatus, Trial, TrialStatus
from tests.e2e.test_catalogue import sign_in
from tests.factories import BusinessFactory, MembershipFactory, StaffFactory, consenting
from tests.platforms.factories import (
    ListingFactory,
    PlatformFactory,
    ProviderFactory,
    ensure_reference_data,
    group,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def phone_page(page):
    page.set_viewport_size({"width": 360, "height": 780})
    return page


@pytest.fixture
def selected_platform(transactional_db):
    ensure_reference_data()
    provider = ProviderFactory(name="Công ty Kế Toán Việt", contact_email="kinhdoanh@ketoanviet.vn")
    platform = PlatformFactory(provider=provider, name="Kế toán Mây")
    ListingFactory(platform=platform, group=group("smedx-accounting-finance"), status="selected", slot=1)
    return platform


def test_a_business_asks_for_a_trial_the_provider_accepts_the_business_rates(
    phone_page, live_server, selected_platform, sms_outbox
):
    page, url = phone_page, live_server.url
    mail.outbox.clear()
    owner = consenting(
        MembershipFactory(
            business=BusinessFactory(name="Tạp hóa Cô Ba", verification_status=VerificationStatus.VERIFIED)
        ).user,
        ConsentPurpose.PROVIDER_SHARING,
    )
    sign_in(page, live_server, owner)
    page.goto(f"{url}/nen-tang/{selected_platform.pk}/")
    page.get_by_role("link", name="Đề nghị dùng thử").click()
    page.fill("#id_message", "Thử xuất hóa đơn cho cửa hàng")
    page.get_by_role("button", name="Gửi đề nghị dùng thử").click()
    page.wait_for_selector("text=Đã gửi đề nghị dùng thử Kế toán Mây")
    trial = Trial.objects.get()
    assert [email.to for email in mail.outbox] == [["kinhdoanh@ketoanviet.vn"]]

    due = timezone.localdate() + datetime.timedelta(days=5)
    sign_in(page, live_server, selected_platform.provider.owner)
    page.goto(f"{url}/nha-cung-cap/")
    page.get_by_role("link", name="Đề nghị dùng thử").click()
    card = page.locator(f"[data-trial='{trial.pk}']")
    assert "Tạp hóa Cô Ba" in card.inner_text()
    card.locator("input[name=setup_due]").fill(due.isoformat())
    card.get_by_role("button", name="Nhận và hẹn thiết lập").click()
    page.wait_for_selector("text=Đã nhận đề nghị dùng thử")
    card = page.locator(f"[data-trial='{trial.pk}']")
    assert card.locator("[data-setup-due]").inner_text() == due.strftime("%d/%m/%Y")
    card.locator("textarea[name=access_note]").fill("Đăng nhập demo.ketoanmay.vn bằng số điện thoại của bạn")
    card.get_by_role("button", name="Đã thiết lập xong").click()
    page.wait_for_selector("text=Đã báo doanh nghiệp bản dùng thử sẵn sàng")
    assert [sms.phone for sms in sms_outbox] == [owner.phone, owner.phone]

    sign_in(page, live_server, owner)
    page.goto(f"{url}/dung-thu/{trial.pk}/")
    assert page.locator("[data-setup-due]").inner_text() == due.strftime("%d/%m/%Y")
    assert page.locator("text=demo.ketoanmay.vn").is_visible()
    page.locator("label:has-text('★★★★')").first.click()
    page.fill("#id_comment", "Dễ dùng, hỗ trợ nhanh")
    page.get_by_role("button", name="Xác nhận đã dùng thử").click()
    page.wait_for_selector("text=Cảm ơn bạn đã đánh giá")
    trial.refresh_from_db()
    assert (trial.status, trial.rating_status) == (TrialStatus.TRIED, RatingStatus.PENDING)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_agreement_ending_in_30_days_warns_both_sides_once(
    phone_page, live_server, selected_platform, sms_outbox
):
    staff = StaffFactory(email="ban.quanly@smedx.gov.vn")
    agreement = Agreement.objects.get(platform=selected_platform)
    Agreement.objects.filter(pk=agreement.pk).update(
        created_by=staff,
        starts_on=timezone.localdate() - datetime.timedelta(days=335),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    mail.outbox.clear()
    assert services.agreements_expire_and_warn() == {"expired": 0, "warned": 1}
    assert services.agreements_expire_and_warn() == {"expired": 0, "warned": 0}
    assert sorted(address for email in mail.outbox for address in email.to) == [
        "ban.quanly@smedx.gov.vn",
        "kinhdoanh@ketoanviet.vn",
    ]
    assert len(sms_outbox) == 1

    page, url = phone_page, live_server.url
    sign_in(page, live_server, selected_platform.provider.owner)
    page.goto(f"{url}/nha-cung-cap/")
    end = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    assert page.locator(f"text=Thỏa thuận hết hạn ngày {end}").is_visible()
    page.get_by_role("link", name="Xem thỏa thuận").click()
    assert page.locator("[data-agreement-status]").inner_text() == AgreementStatus.SIGNED.label
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
