"""Browser journey: a business asks for help → an expert accepts and replies → the business closes and rates
it → the rating shows on the expert's public profile."""

import os

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.experts.factories import business_owner, certified_expert

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """The provinces and sectors loaded by migrations (tests/conftest.py puts them back after each transactional
    test; loaded here only if missing)."""
    from businesses.models import Province
    from businesses.reference import reference_data_load

    if not Province.objects.exists():
        reference_data_load()


@pytest.fixture
def new_context(browser):
    contexts = []

    def _new(**options):
        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


def signed_in_page(new_context, live_server, user):
    client = Client()
    client.force_login(user)
    context = new_context()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Kết thúc yêu cầu tư vấn này?"
    return page


def test_business_asks_expert_answers_business_rates(new_context, live_server):
    owner, business = business_owner(name="Tạp hóa Cô Lan", province_code=1, sector_code="tap-hoa")
    expert = certified_expert(
        name="Chuyên gia Phạm Hòa", specialties=["rdx-customers-sales"], provinces=[1], sectors=["tap-hoa"]
    )
    certified_expert(name="Chuyên gia Ở Xa", specialties=["rdx-customers-sales"], provinces=[79])

    # the business asks for help and sees who is proposed, and why
    shop = signed_in_page(new_context, live_server, owner)
    shop.goto(f"{live_server.url}/tu-van/yeu-cau/")
    shop.get_by_label("Chủ đề").fill("Mở gian hàng trên sàn thương mại điện tử")
    shop.get_by_label("Trụ cột cần hỗ trợ").select_option("rdx-customers-sales")
    shop.get_by_label("Mô tả nhu cầu").fill(
        "Cửa hàng muốn bán thêm trên mạng nhưng chưa biết bắt đầu từ đâu."
    )
    shop.get_by_role("button", name="Xem chuyên gia đề xuất").click()
    cards = shop.locator(".proposal .expert-name")
    expect(cards).to_have_text(["Chuyên gia Phạm Hòa", "Chuyên gia Ở Xa"])
    expect(shop.locator(".proposal").first).to_contain_text("Phục vụ Thành phố Hà Nội")
    shop.get_by_role("button", name="Chọn Chuyên gia Phạm Hòa").click()
    expect(shop.locator("#consultation-status")).to_have_text("Chờ chuyên gia nhận lời")
    consultation_url = shop.url

    # the expert accepts and replies
    desk = signed_in_page(new_context, live_server, expert.user)
    desk.goto(consultation_url)
    expect(desk.get_by_role("heading", name="Bạn được mời tư vấn")).to_be_visible()
    desk.get_by_role("button", name="Nhận tư vấn").click()
    expect(desk.locator("#consultation-status")).to_have_text("Đang tư vấn")
    desk.get_by_label("Tin nhắn").fill("Chào chị Lan, tôi đề xuất bắt đầu với một sàn và một trang bán hàng.")
    desk.get_by_role("button", name="Gửi", exact=True).click()
    expect(desk.locator(".chat-message")).to_contain_text(["tôi đề xuất bắt đầu với một sàn"])

    # the business reads it, closes and rates
    shop.reload()
    expect(shop.locator(".chat-message")).to_contain_text(["tôi đề xuất bắt đầu với một sàn"])
    shop.get_by_role("button", name="Kết thúc tư vấn").click()
    expect(shop.locator("#consultation-status")).to_have_text("Đã kết thúc")
    shop.get_by_label("4 ★").check()
    shop.get_by_label("Nhận xét").fill("Chuyên gia hướng dẫn rất dễ hiểu.")
    shop.get_by_role("button", name="Gửi đánh giá").click()
    expect(shop.get_by_text("Cảm ơn bạn đã đánh giá.")).to_be_visible()

    # anyone sees the rating on the expert's public profile
    visitor = new_context().new_page()
    visitor.goto(f"{live_server.url}/chuyen-gia/{expert.pk}/")
    expect(visitor.locator(".rating-summary")).to_contain_text("4,0/5 (1 lượt đánh giá)")
    expect(visitor.locator(".ratings")).to_contain_text("Chuyên gia hướng dẫn rất dễ hiểu.")
