"""A store owner's personal data in a browser at 360 px: sign up with consent → download my data → withdraw
promotional SMS → delete my account; then the officer's dashboard counts stay, and the person is gone from the
officer's lists, the exports and the provider's API."""

import json
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.test import Client  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from accounts.consents import has_consent  # noqa: E402
from accounts.models import ConsentPurpose, User  # noqa: E402
from businesses.models import Business, ProvinceStat  # noqa: E402
from businesses.services import business_verify  # noqa: E402
from platforms.models import ListingStatus  # noqa: E402
from platforms.services import usage_register  # noqa: E402
from smedx_portal.api.keys import api_key_issue  # noqa: E402
from tests.factories import ProvinceOfficerFactory, StaffFactory  # noqa: E402
from tests.platforms.factories import (  # noqa: E402
    ListingFactory,
    PlatformFactory,
    ProviderFactory,
    ensure_reference_data,
)
from tests.reports.factories import counted_business, surveyed  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAME, PHONE, STORE = "Nguyễn Thị Lan", "+84912345678", "Tạp hóa Minh An"


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 780}, accept_downloads=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sms_code(outbox) -> str:
    texts = [message.text for message in outbox if message.phone == PHONE]
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def sign_up_and_register(page, live_server, outbox):
    page.goto(f"{live_server.url}/tai-khoan/signup/")
    page.get_by_label("Họ và tên").fill(NAME)
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.get_by_label("Mật khẩu").fill("cua-hang-lan-2026")
    for box in page.locator("#dong-y input[type=checkbox]").all():
        expect(box).not_to_be_checked()  # never ticked in advance
    fits(page)
    page.get_by_role("button", name="Đăng ký và nhận mã SMS").click()
    expect(page.get_by_text("Cần đồng ý tham gia Chương trình")).to_be_visible()  # required, nothing lost
    expect(page.get_by_label("Họ và tên")).to_have_value(NAME)
    page.get_by_label("Mật khẩu").fill("cua-hang-lan-2026")
    page.get_by_label("Tham gia Chương trình (bắt buộc)").check()
    page.get_by_label("Nhận tin nhắn giới thiệu").check()
    page.get_by_label("Chia sẻ thông tin liên hệ và kết quả").check()
    page.get_by_role("button", name="Đăng ký và nhận mã SMS").click()
    page.get_by_label("Mã xác thực (6 chữ số)").fill(sms_code(outbox))
    page.get_by_role("button", name="Xác nhận").click()

    expect(page.get_by_role("heading", name="Khai báo doanh nghiệp / cửa hàng")).to_be_visible()
    page.get_by_label("Tên doanh nghiệp / cửa hàng").fill(STORE)
    page.get_by_label("Mã số thuế").fill("001085012345")
    page.get_by_label("Ngành nghề").select_option(label="Tạp hóa")
    page.get_by_label("Số lao động").fill("3")
    page.get_by_label("Tỉnh/thành phố").select_option(label="Thành phố Hà Nội")
    ward = page.get_by_label("Xã/phường/đặc khu")
    expect(ward.locator("option", has_text="Phường Hoàn Kiếm")).to_have_count(1)
    ward.select_option(label="Phường Hoàn Kiếm")
    page.get_by_label("Địa chỉ (số nhà, đường, thôn/ấp)").fill("12 Hàng Bạc")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_role("heading", name=STORE)).to_be_visible()


def test_sign_up_download_withdraw_delete_and_the_officer_s_view(
    reference_data, phone_page, live_server, sms_outbox, tmp_path
):
    page = phone_page
    ensure_reference_data()
    for _ in range(2):
        counted_business()  # other stores of the province
    provider = ProviderFactory(name="Kế Toán Việt")
    platform = PlatformFactory(provider=provider, name="Kế toán Mây")
    ListingFactory(platform=platform, status=ListingStatus.SELECTED, slot=1)
    leads_key = api_key_issue(name="CRM", scopes=["leads:read"], owner=provider).raw_key

    sign_up_and_register(page, live_server, sms_outbox)
    user = User.objects.get(phone=PHONE)
    business = Business.objects.get(memberships__user=user)
    business = business_verify(business=business, actor=StaffFactory(), reason="Đủ hồ sơ")
    usage_register(business=business, platform=platform, requested_by=user, message="Gọi sau 17h")
    surveyed(business, "san_sang", "35", pillars={"rdx-operations": 20, "rdx-customers-sales": 50})
    officer = ProvinceOfficerFactory(full_name="Cán bộ Sở Hà Nội")
    client = Client()
    client.force_login(officer)
    group_csv = (
        f"/bao-cao/phan-nhom/danh-sach.csv?programme=RDX&sector={business.sector_id}&pillar=rdx-operations"
    )
    assert STORE in b"".join(client.get(group_csv).streaming_content).decode()
    leads_url, auth = "/api/v1/provider/usage-registrations/", {"HTTP_AUTHORIZATION": f"Bearer {leads_key}"}
    assert STORE in client.get(leads_url, **auth).content.decode()
    counts = sorted(ProvinceStat.objects.values_list("province_id", "kind", "level", "businesses"))

    # My data: the menu leads there; a JSON copy downloads
    page.goto(f"{live_server.url}/")
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Dữ liệu của tôi").click()
    expect(page.get_by_role("heading", name="Dữ liệu của tôi", exact=True)).to_be_visible()
    fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về (JSON)").click()
    copy = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert copy["account"]["full_name"] == NAME and copy["businesses"][0]["tax_code"] == "001085012345"

    # one click withdraws promotional SMS
    page.locator('[data-withdraw="promotional_sms"]').click()
    expect(page.get_by_text("Đã rút lại sự đồng ý")).to_be_visible()
    assert not has_consent(user.pk, ConsentPurpose.PROMOTIONAL_SMS)

    # delete the account
    page.get_by_role("link", name="Xóa tài khoản và dữ liệu").click()
    fits(page)
    page.get_by_role("button", name="Xóa vĩnh viễn").click()
    expect(page.get_by_text("Hãy đánh dấu ô xác nhận để xóa.")).to_be_visible()
    page.get_by_label("Tôi hiểu rằng tài khoản").check()
    page.get_by_role("button", name="Xóa vĩnh viễn").click()
    expect(page.get_by_text("Tài khoản và dữ liệu cá nhân của bạn đã được xóa.")).to_be_visible()

    # the officer: the same counts, the person gone from lists, exports and the API
    assert sorted(ProvinceStat.objects.values_list("province_id", "kind", "level", "businesses")) == counts
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/bao-cao/tinh/1/?programme=RDX")  # the stores are RDX's
    assert page.locator('[data-figure="registered"]').inner_text() == "3"
    for url in ("/xac-minh-doanh-nghiep/?status=", "/danh-gia/dieu-tra-vien/"):
        page.goto(live_server.url + url)
        html = page.content()
        assert NAME not in html and STORE not in html and "0912" not in html, url

    export = b"".join(client.get(group_csv).streaming_content).decode()
    assert STORE not in export and "912345678" not in export
    leads = client.get(leads_url, **auth).content.decode()
    assert NAME not in leads and STORE not in leads and "912345678" not in leads
