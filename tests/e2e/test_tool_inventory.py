"""Browser journeys at 360 px on the official criteria: a store owner takes the RDX store survey with its tool
inventory (without JavaScript), sees the missing tools with the programme's selected platforms, saves a plan,
ticks a step, takes the survey again and sees the progress; a business with a DBI 2021 result sees it beside its
QĐ 1567 result on one timeline labelled by version."""

import os
import re

import pytest
from django.test import Client

from tests.assessment.conftest import load_set
from tests.factories import MembershipFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST_VISIT = {
    1: {"selling-channels": ["social", "link-none"], "payments": ["cash"]},
    2: {"stock": ["notebook"], "accounts": ["sheet", "link-export"], "e-invoices": ["none"]},
    3: {"customers": ["contacts", "link-none"], "delivery": ["self"]},
    4: {"data-use": ["sometimes"], "backup": ["none"]},
}


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """A transactional test empties every table afterwards: provinces, sectors and the catalogue's groups back."""
    from businesses.models import Sector
    from businesses.reference import reference_data_load
    from platforms.models import CategoryGroup
    from platforms.seed import catalogue_load

    if not Sector.objects.exists():
        reference_data_load()
    if not CategoryGroup.objects.exists():
        catalogue_load()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, java_script_enabled=False
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


def take_survey(page, live_server, pages: dict, *, start: str):
    page.goto(live_server.url + "/danh-gia/")
    page.get_by_role("button", name=start).first.click()
    for number, answers in pages.items():
        page.wait_for_url(re.compile(rf"/trang/{number}/$"))
        for code, values in answers.items():
            for value in values:
                page.locator(f'#q-{code} input[value="{value}"]').check()
        page.get_by_role("button", name=re.compile("Lưu và (tiếp tục|xem lại)")).click()
    page.wait_for_url(re.compile(r"/xem-lai/$"))
    page.get_by_role("button", name="Nộp bài và xem kết quả").click()
    page.wait_for_url(re.compile(r"/ket-qua/$"))


def test_store_owner_inventory_plan_and_progress_at_360px(phone, live_server):
    from platforms.models import CategoryGroup
    from tests.platforms.factories import ListingFactory, PlatformFactory

    load_set("rdx-stores-1459.yaml")
    stock_app = PlatformFactory(name="Kho Nhanh")
    ListingFactory(
        platform=stock_app, group=CategoryGroup.objects.get(code="rdx-inventory"), status="selected", slot=1
    )
    ListingFactory(
        platform=PlatformFactory(name="Hóa Đơn Số"),
        group=CategoryGroup.objects.get(code="rdx-e-invoice"),
        status="selected",
        slot=1,
    )
    owner = UserFactory(full_name="Chị Lan")
    MembershipFactory(user=owner, business__name="Tạp hóa Cô Lan")
    sign_in(phone, live_server, owner)
    page = phone.new_page()

    # the inventory question on a 360 px phone without JavaScript: tools as checkboxes, the link as radios
    page.goto(live_server.url + "/danh-gia/")
    page.get_by_role("button", name="Bắt đầu đánh giá").click()
    page.wait_for_url(re.compile(r"/trang/1/$"))
    question = page.locator("#q-selling-channels")
    assert question.locator("input[type=checkbox]").count() == 4
    assert question.locator("input[type=radio]").count() == 3
    for choice in question.locator(".choice").all():
        box = choice.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # a digital tool without its link is asked again
    question.locator('input[value="marketplace"]').check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    assert "trao đổi dữ liệu" in page.locator("#q-selling-channels .errorlist").inner_text()
    page.goto(live_server.url + "/danh-gia/")
    take_survey(page, live_server, FIRST_VISIT, start="Làm tiếp bài đang dở")

    # the missing tools, each with its reason and the selected platform of its group
    stock = page.locator('[data-function="stock"]')
    assert "sổ tay" in stock.inner_text()
    assert stock.get_by_role("link", name="Kho Nhanh").get_attribute("href") == stock_app.get_absolute_url()
    assert page.locator('[data-function="e-invoices"]').get_by_role("link", name="Hóa Đơn Số").is_visible()

    # a plan from the result, then the stock step ticked
    page.get_by_role("button", name="Lưu thành kế hoạch của tôi").click()
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/RDX/$"))
    step = page.locator('.plan-steps [data-step="stock"]')
    assert "Kho Nhanh" in step.inner_text()
    step.locator('input[name="done"]').check()
    step.get_by_role("button", name="Lưu bước này").click()
    assert "Đã xong" in page.locator('.plan-steps [data-step="stock"]').inner_text()
    assert page.locator("[data-done-count]").inner_text().startswith("1/")
    pdf = page.request.get(
        live_server.url + page.get_by_role("link", name="Tải kế hoạch (PDF)").get_attribute("href")
    )
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # the survey again with the stock software linked: the result shows the ticked step and its progress
    second = {**FIRST_VISIT, 2: {**FIRST_VISIT[2], "stock": ["stock-app", "link-auto"]}}
    take_survey(page, live_server, second, start="Đánh giá lại")
    row = page.locator('.plan-progress [data-step="stock"]')
    assert row.get_attribute("data-done") is not None
    assert "0%" in row.inner_text() and "100%" in row.inner_text() and "tiến bộ" in row.inner_text()
    assert page.locator('[data-function="stock"]').count() == 0  # no longer missing


def test_dbi_2021_and_1567_results_on_one_timeline_labelled_by_version(phone, live_server):
    from assessment.models import Answer
    from assessment.services import assessment_start, assessment_submit
    from assessment.structure import structure_for
    from tests.assessment.test_official_scoring import SMEDX_COMMON_BEST, dbi_sheet
    from tests.assessment.test_scoring import answers_from

    dbi, current = load_set("smedx-dbi-2021.yaml"), load_set("smedx-1567-2025.yaml")
    owner = UserFactory()
    business = MembershipFactory(
        user=owner, business__kind="enterprise", business__in_smedx=True, business__sector=None
    ).business

    def submit(criteria_set, sheet):
        draft = assessment_start(business=business, programme="SMEDX", actor=owner, criteria_set=criteria_set)
        Answer.objects.bulk_create(
            Answer(assessment=draft, question_id=qid, option_ids=list(v.option_ids), number_value=v.number)
            for qid, v in answers_from(structure_for(criteria_set), sheet).items()
        )
        return assessment_submit(assessment_id=draft.pk, actor=owner)

    structure = structure_for(dbi)
    old = submit(dbi, dbi_sheet(structure, {p.code: "m3" for p in structure.pillars}, "s15"))
    new = submit(current, SMEDX_COMMON_BEST)
    sign_in(phone, live_server, owner)
    page = phone.new_page()
    page.goto(f"{live_server.url}/danh-gia/{new.pk}/ket-qua/")
    points = page.locator(".timeline > li")
    assert points.count() == 2
    assert "Quyết định 1970/QĐ-BTTTT (phiên bản 2)" in points.nth(0).inner_text()
    assert "Mức DBI 3 — Hình thành" in points.nth(0).inner_text()
    assert "Quyết định 1567/QĐ-BKHCN (phiên bản 3)" in points.nth(1).inner_text()
    # the comparable part side by side: accounting software at 60 % (DBI 3 of 5) then 100 %
    table = page.locator(".comparison table")
    assert "Kế toán và hóa đơn" in table.inner_text() and "60%" in table.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    points.nth(0).get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/danh-gia/{old.pk}/ket-qua/$"))
    assert "Mức DBI 3 — Hình thành" in page.locator("[data-scale]").inner_text()
