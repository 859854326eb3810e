"""A store owner registers in a browser: phone, SMS code (read from the test SMS backend), business profile."""

import os
import re

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import expect  # noqa: E402

from accounts.models import User  # noqa: E402
from businesses.models import Business  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sms_code(outbox, phone: str) -> str:
    texts = [message.text for message in outbox if message.phone == phone]
    assert texts, f"no SMS to {phone}"
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


def test_store_owner_registers_end_to_end(reference_data, page, live_server, sms_outbox):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Đăng ký bằng số điện thoại").first.click()

    expect(page.get_by_role("heading", name="Đăng ký tài khoản")).to_be_visible()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    expect(
        page.get_by_label("Chủ cửa hàng, hộ kinh doanh, đại diện doanh nghiệp / hợp tác xã")
    ).to_be_checked()
    page.get_by_label("Mật khẩu").fill("cua-hang-lan-2026")
    page.get_by_label("Tham gia Chương trình (bắt buộc)").check()
    page.get_by_role("button", name="Đăng ký và nhận mã SMS").click()

    expect(page.get_by_role("heading", name="Xác thực số điện thoại")).to_be_visible()
    expect(page.get_by_text("Đã gửi tin nhắn tới số 0912 *** 678")).to_be_visible()
    # The resend button waits for the cooldown (static/js/accounts.js).
    expect(page.get_by_role("button", name="Gửi lại mã")).to_be_disabled()
    page.get_by_label("Mã xác thực (6 chữ số)").fill(sms_code(sms_outbox, "+84912345678"))
    page.get_by_role("button", name="Xác nhận").click()

    expect(page.get_by_role("heading", name="Khai báo doanh nghiệp / cửa hàng")).to_be_visible()
    expect(page.get_by_text("Đã xác thực số điện thoại 0912 345 678.")).to_be_visible()
    page.get_by_label("Tên doanh nghiệp / cửa hàng").fill("Tạp hóa Minh An")
    page.get_by_label("Mã số thuế").fill("001085012345")
    page.get_by_label("Ngành nghề").select_option(label="Tạp hóa")
    page.get_by_label("Số lao động").fill("3")
    page.get_by_label("Tỉnh/thành phố").select_option(label="Thành phố Hà Nội")
    # The ward list is loaded for the chosen province (static/js/businesses.js).
    ward = page.get_by_label("Xã/phường/đặc khu")
    expect(ward.locator("option", has_text="Phường Hoàn Kiếm")).to_have_count(1)
    ward.select_option(label="Phường Hoàn Kiếm")
    page.get_by_label("Địa chỉ (số nhà, đường, thôn/ấp)").fill("12 Hàng Bạc")
    page.get_by_role("button", name="Lưu hồ sơ").click()

    expect(page.get_by_role("heading", name="Tạp hóa Minh An")).to_be_visible()
    expect(page.get_by_text("Chờ xác minh")).to_be_visible()
    expect(page.get_by_text("Siêu nhỏ")).to_be_visible()

    user = User.objects.get(phone="+84912345678")
    assert user.phone_verified_at is not None and user.full_name == "Nguyễn Thị Lan"
    business = Business.objects.get()
    assert business.ward.name == "Phường Hoàn Kiếm" and business.province.code == 1
    assert business.memberships.get().user == user
