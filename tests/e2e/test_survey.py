"""Browser journey: a store owner takes the whole RDX survey on a phone, reloads in the middle, submits and
sees the level."""

import os
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.assessment.conftest import RDX_BEST, load_set
from tests.factories import MembershipFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """A transactional test empties every table afterwards; put the provinces and sectors back if so."""
    from businesses.models import Sector
    from businesses.reference import reference_data_load

    if not Sector.objects.exists():
        reference_data_load()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def answer(page, code, value):
    values = value if isinstance(value, list) else [value]
    field = page.locator(f"#q-{code}")
    if field.locator("input[type=text]").count():
        field.locator("input[type=text]").fill(values[0])
        field.locator("input[type=text]").blur()
        return
    for item in values:
        field.locator(f'input[value="{item}"]').check()


def wait_saved(page):
    expect(page.locator("[data-save-status]")).to_have_text(re.compile(r"^Đã lưu lúc \d\d:\d\d$"))


def test_store_owner_takes_the_rdx_survey_on_a_phone(phone, live_server):
    load_set("rdx.yaml")
    owner = UserFactory(full_name="Chị Lan")
    store = MembershipFactory(user=owner, business__name="Tạp hóa Cô Lan").business
    sign_in(phone, live_server, owner)
    page = phone.new_page()

    page.goto(live_server.url + "/danh-gia/")
    page.get_by_role("button", name="Bắt đầu đánh giá").click()
    page.wait_for_url(re.compile(r"/danh-gia/\d+/trang/1/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Khách hàng và kênh bán hàng"

    # big tap targets: every choice is at least 44 px high and fits the phone's width
    box = page.locator("#q-online-presence .choice").first.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 390

    # skip logic with JavaScript: the follow-up on online sales appears once "Có" is chosen
    assert page.locator("#q-online-channels").is_hidden()
    for code, value in RDX_BEST[1].items():
        answer(page, code, value)
    assert page.locator("#q-online-channels").is_visible()
    wait_saved(page)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url(re.compile(r"/trang/2/$"))

    # half of page 2, saved as the owner goes, then a reload in the middle loses nothing
    answer(page, "pos", "pos")
    # the reload waits for the save that carries the last answer (not for the first save's "Đã lưu")
    with page.expect_response(
        lambda response: (
            response.request.method == "POST" and "software" in (response.request.post_data or "")
        )
    ):
        answer(page, "inventory", "software")
    wait_saved(page)
    page.reload()
    assert page.locator('#q-pos input[value="pos"]').is_checked()
    assert page.locator('#q-inventory input[value="software"]').is_checked()
    assert "đã xong 1/4 phần" in page.locator(".survey-progress-label").inner_text()
    for code, value in RDX_BEST[2].items():
        answer(page, code, value)
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    for number in (3, 4):
        page.wait_for_url(re.compile(rf"/trang/{number}/$"))
        for code, value in RDX_BEST[number].items():
            answer(page, code, value)
        page.get_by_role("button", name=re.compile("Lưu và (tiếp tục|xem lại)")).click()

    page.wait_for_url(re.compile(r"/xem-lai/$"))
    page.get_by_role("button", name="Nộp bài và xem kết quả").click()
    page.wait_for_url(re.compile(r"/ket-qua/$"))
    assert page.locator(".level-name").inner_text() == "Đột phá"
    assert page.locator("[data-score]").inner_text() == "100,00"
    assert page.locator("svg.pillar-chart").is_visible()
    assert store.result_for("RDX").level == "dot_pha"


def test_the_survey_works_without_javascript(browser, live_server):
    load_set("rdx.yaml")
    owner = UserFactory()
    MembershipFactory(user=owner)
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    sign_in(context, live_server, owner)
    page = context.new_page()
    page.goto(live_server.url + "/danh-gia/")
    page.get_by_role("button", name="Bắt đầu đánh giá").click()
    # without JavaScript the follow-up questions are asked on the next render, with no error shown
    answer(page, "sells-online", "yes")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    assert page.locator("#q-online-channels").is_visible()
    assert page.locator("#q-online-channels .errorlist").count() == 0
    for code, value in RDX_BEST[1].items():
        answer(page, code, value)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url(re.compile(r"/trang/2/$"))
    context.close()
