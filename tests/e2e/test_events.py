"""Browser journeys (360 px): a provider proposes a workshop, staff approve it, two owners register and the
organiser checks them in on its phone (a ticket scanned twice counts once); the ministry's view of the year's
regional workshops; the target page's people reached."""

from __future__ import annotations

import datetime
import os

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from campaigns.models import Event, EventRegistration, RegistrationStatus
from campaigns.models.events import EventStatus
from campaigns.services import proposals
from campaigns.services.events import ticket_token
from tests.e2e.test_catalogue import sign_in
from tests.factories import MembershipFactory, StaffFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def phone_page(page):
    page.set_viewport_size({"width": 360, "height": 780})
    return page


def test_a_provider_proposes_staff_approve_owners_register_and_are_checked_in(
    reference_data, phone_page, live_server, sms_outbox
):
    page, url = phone_page, live_server.url
    provider, staff = UserFactory(role=Role.PROVIDER), StaffFactory()
    start = timezone.localtime() + datetime.timedelta(days=3)

    sign_in(page, live_server, provider)
    page.goto(f"{url}/su-kien/de-xuat/")
    page.get_by_role("link", name="Đề xuất sự kiện").first.click()
    page.fill("#id_title", "Hội thảo bán hàng đa kênh")
    page.select_option("#id_region", "north")
    page.select_option("#id_province", "1")  # Hà Nội
    page.fill("#id_venue", "Khách sạn Hà Nội")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_ends_at", start.strftime("%Y-%m-%dT08:00"))  # before the start
    page.fill("#id_capacity", "50")
    page.fill("#id_organiser_name", "Công ty Bán Hàng Số")
    page.get_by_role("button", name="Gửi đề xuất").click()
    assert page.locator("text=Thời gian kết thúc phải sau thời gian bắt đầu").is_visible()
    assert page.input_value("#id_title") == "Hội thảo bán hàng đa kênh"  # nothing typed is lost
    page.fill("#id_ends_at", start.strftime("%Y-%m-%dT11:30"))
    page.get_by_role("button", name="Gửi đề xuất").click()
    page.wait_for_selector("text=Đã gửi đề xuất sự kiện")
    event = Event.objects.get()
    assert event.status == EventStatus.PROPOSED

    sign_in(page, live_server, staff)
    page.goto(f"{url}/su-kien/duyet/")
    page.locator(f"[data-event='{event.pk}']").get_by_role("button", name="Duyệt và công bố").click()
    page.wait_for_selector("text=Đã duyệt và công bố")

    owners = [MembershipFactory().user for _ in range(2)]
    for owner in owners:
        sign_in(page, live_server, owner)
        page.goto(f"{url}/su-kien/{event.slug}/")
        page.get_by_role("button", name="Đăng ký").click()
        page.wait_for_selector("text=Đăng ký thành công")
    registrations = list(EventRegistration.objects.filter(event=event).order_by("pk"))
    assert len(registrations) == 2

    sign_in(page, live_server, provider)  # the organiser, at the door, scans each ticket's QR code
    for registration in [*registrations, registrations[0]]:
        page.goto(f"{url}/su-kien/ve/{ticket_token(registration)}/")
        button = page.locator("[data-testid=check-in]")
        if button.count():
            button.click()
            page.wait_for_selector("text=Đã điểm danh")
    assert page.locator("[data-testid=check-in]").count() == 0  # the second scan offers nothing more
    assert EventRegistration.objects.filter(event=event, status=RegistrationStatus.ATTENDED).count() == 2
    page.goto(f"{url}/su-kien/{event.slug}/diem-danh/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_ministry_sees_each_regions_workshop_held_or_not(reference_data, phone_page, live_server):
    from businesses.models import Province

    staff = StaffFactory()
    past = timezone.now() - datetime.timedelta(days=2)
    north = proposals.event_propose(
        proposer=staff, online=False, is_regional_workshop=True, title="Hội thảo khu vực phía Bắc",
        kind="workshop", programme="SMEDX", region="north", province=Province.objects.get(code=1),
        venue="Hà Nội", starts_at=past, ends_at=past + datetime.timedelta(hours=4), capacity=300,
        organiser_name="Bộ Khoa học và Công nghệ",
    )  # fmt: skip
    proposals.event_approve(event=north, actor=staff)
    page, url = phone_page, live_server.url
    sign_in(page, live_server, staff)
    page.goto(f"{url}/su-kien/hoi-thao-khu-vuc/?nam={past.year}")
    assert page.locator("[data-region=north]").get_attribute("data-held") == "1"
    assert page.locator("[data-region=centre]").get_attribute("data-held") == "0"
    assert "Chưa lên kế hoạch" in page.locator("[data-region=south]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    client = Client()
    client.force_login(UserFactory(role=Role.PROVIDER))
    assert client.get("/su-kien/hoi-thao-khu-vuc/").status_code == 403
