"""The store owner's whole journey on a 360 × 780 phone (issue 20), by taps only, JavaScript off and then on.

A signed-in owner with a verified store goes: "Doanh nghiệp của tôi" → the store → its next step (the survey) →
every page of the RDX survey → the review → submit → the result → "save as my plan" → the plan (ticks a step) →
a recommended platform's "Dùng thử" → asks for the trial. An officer of the store's province, in a browser of
their own, opens "Kết quả chờ xác nhận", the result, and confirms it (the certificate's PDF is rendered by the
Celery task, run eagerly in tests). Back on "Doanh nghiệp của tôi" the owner opens the certificate, then follows
the next step shown there (the plan's next step, then "take it again"). The owner gets the certificate's SMS once. Every page gets the checks of `tests/e2e/phone.py`
(axe-core with JavaScript on); screenshots: var/screenshots/journeys/owner-full/.

Each walk has its own owner and store (seeded as a real owner would already have them), so the walk without
JavaScript and the walk with it both start from an empty record.
"""

from __future__ import annotations

import os
import re

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from businesses.models import VerificationStatus  # noqa: E402
from platforms.models import ListingStatus  # noqa: E402
from tests.assessment.conftest import RDX_WORST, load_set  # noqa: E402
from tests.e2e.phone import PHONE, Journey, walk_both  # noqa: E402
from tests.factories import BusinessFactory, MembershipFactory, ProvinceOfficerFactory  # noqa: E402
from tests.platforms.factories import ListingFactory, ensure_reference_data, group  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-2026"
ROLE = "owner-full"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def owner_with_store(name: str):
    business = BusinessFactory(name=name, verification_status=VerificationStatus.VERIFIED)
    return MembershipFactory(business=business).user, business


def answer(page, code: str, value) -> None:
    """Tap the answer(s) of one question, as a person would (labels are the tap targets)."""
    field = page.locator(f"#q-{code}")
    for item in value if isinstance(value, list) else [value]:
        field.locator(f'input[value="{item}"]').check()


def take_survey(journey) -> None:
    page = journey.page
    for number, answers in RDX_WORST.items():
        assert re.search(rf"/trang/{number}/$", page.url), page.url
        for code, value in answers.items():
            answer(page, code, value)
        last = number == len(RDX_WORST)
        journey.tap("Lưu và xem lại" if last else "Lưu và tiếp tục", f"trang-{number}", role="button")
    assert page.url.endswith("/xem-lai/"), page.url
    journey.tap("Nộp bài và xem kết quả", "ket-qua", role="button")


def officer_confirms(browser, base_url: str, officer, business_name: str, *, js: bool) -> None:
    """The officer, in a browser of their own, confirms the owner's result from the queue."""
    context = browser.new_context(locale="vi-VN", viewport=PHONE, java_script_enabled=js)
    context.set_default_timeout(15_000)
    try:
        journey = Journey(context.new_page(), ROLE, js=js, base_url=base_url)
        journey.step = 50  # the officer's screenshots sort after the owner's first half
        journey.start()
        journey.sign_in(officer, PASSWORD)
        journey.menu("Kết quả chờ xác nhận")
        journey.check("can-bo-cho-xac-nhan")
        journey.tap(business_name, "can-bo-ket-qua")
        journey.tap("Xác nhận kết quả và cấp chứng nhận", "can-bo-da-xac-nhan", role="button")
    finally:
        context.close()


def test_an_owner_walks_from_their_store_to_the_certificate_and_the_next_assessment(
    transactional_db, browser, live_server, sms_outbox
):
    ensure_reference_data()
    load_set("rdx.yaml")
    platform = ListingFactory(group=group("rdx-pos"), status=ListingStatus.SELECTED, slot=1).platform
    officer = ProvinceOfficerFactory(full_name="Cán bộ Sở Hà Nội")
    owners = {False: owner_with_store("Tạp hóa Cô Lan"), True: owner_with_store("Tạp hóa Chú Tư")}

    def steps(journey):
        page = journey.page
        owner, business = owners[journey.js]
        journey.sign_in(owner, PASSWORD)
        journey.menu("Doanh nghiệp của tôi")
        journey.check("doanh-nghiep-cua-toi")
        journey.tap(business.name, "doanh-nghiep")
        journey.tap("Đánh giá mức độ chuyển đổi số", "danh-gia")
        journey.tap("Bắt đầu đánh giá", "trang-dau", role="button")
        take_survey(journey)
        assert page.locator(".level-name").inner_text() == "Sẵn sàng"
        journey.tap("Lưu thành kế hoạch của tôi", "ke-hoach", role="button")
        step = page.locator("ol.plan-steps > li").first
        step.get_by_label("Đã làm xong bước này").check()
        step.get_by_role("button", name="Lưu bước này").click()
        journey.check("ke-hoach-da-danh-dau")
        assert page.locator("ol.plan-steps > li").first.locator(".badge-ok").count() == 1
        page.locator("main a.trial-link").first.click()
        journey.check("dung-thu")
        assert platform.name in page.locator("main h1").inner_text()
        journey.tap("Gửi đề nghị dùng thử", "da-de-nghi-dung-thu", role="button")

        officer_confirms(browser, live_server.url, officer, business.name, js=journey.js)

        journey.menu("Doanh nghiệp của tôi")
        journey.check("doanh-nghiep-co-chung-nhan")
        page.locator("main").get_by_role("link", name=re.compile("^Giấy chứng nhận ")).first.click()
        journey.check("giay-chung-nhan")
        journey.menu("Doanh nghiệp của tôi")
        journey.check("doanh-nghiep-buoc-tiep")
        page.locator("main .next-step").get_by_role("link").first.click()  # the plan's next unticked step
        journey.check("ke-hoach-buoc-tiep")
        journey.tap("Đánh giá lại để xem tiến bộ", "danh-gia-lai")
        assert page.locator("main").get_by_role("button", name="Đánh giá lại", exact=True).count() == 1

    walk_both(browser, live_server.url, ROLE, steps)
    for owner, _business in owners.values():  # the certificate's SMS, once each
        assert len([message for message in sms_outbox if message.phone == owner.phone]) == 1
