"""Browser journey (360 px, taps from the menu): MoIT staff open a consultation on an RDX draft, a provider and an
association comment, staff answer both and publish the summary, and a visitor reads it with the answers."""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from accounts.models import Role
from programmes.models import Consultation, Ministry, PolicyComment
from tests.e2e.phone import Journey
from tests.e2e.test_catalogue import sign_in
from tests.factories import UserFactory
from tests.platforms.conftest import pdf_bytes
from tests.platforms.factories import ProviderFactory, ensure_reference_data
from tests.programmes.conftest import member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_reference_data()


def comment(journey: Journey, position: int, text: str) -> None:
    page = journey.page
    card = page.locator(f"[data-question='{position}']")
    card.locator("textarea").fill(text)
    card.get_by_role("button", name="Gửi góp ý").click()
    page.wait_for_selector(f"text=Đã gửi góp ý cho câu hỏi {position}")


def test_a_consultation_opened_commented_answered_and_published(phone, live_server, tmp_path):
    page, url = phone, live_server.url
    moit = member(
        UserFactory(role=Role.MOIT_STAFF, full_name="Cán bộ Vụ Thương mại điện tử"), Ministry.INDUSTRY_TRADE
    )
    provider = ProviderFactory(name="Công ty Bán Hàng Số").owner
    association = UserFactory(role=Role.PARTNER, full_name="Hiệp hội Bán lẻ Việt Nam")
    draft = tmp_path / "du-thao-quy-che.pdf"
    draft.write_bytes(pdf_bytes("Du thao quy che"))

    journey = Journey(page, "consultation")
    sign_in(page, live_server, moit)
    page.goto(url + "/")
    journey.menu("Góp ý chính sách")
    journey.check("list-staff")
    page.get_by_role("link", name="Mở đợt lấy ý kiến").click()
    journey.check("open-form")
    page.select_option("#id_programme", "RDX")
    page.fill("#id_title", "Dự thảo quy chế phối hợp với nền tảng số bán lẻ")
    page.set_input_files("#id_document", str(draft))
    page.fill("#id_opens_on", timezone.localdate().isoformat())
    page.fill("#id_closes_on", (timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    page.fill(
        "#id_questions", "Ưu đãi tối thiểu cho cửa hàng có phù hợp?\nCách báo cáo số cửa hàng dùng thử?"
    )
    page.get_by_role("button", name="Mở đợt lấy ý kiến").click()
    page.wait_for_selector("text=Đã mở đợt lấy ý kiến")
    consultation = Consultation.objects.get()

    for user, text in (
        (provider, "Nên tối thiểu 3 tháng miễn phí."),
        (association, "Hội viên cần mẫu báo cáo chung."),
    ):
        sign_in(page, live_server, user)
        page.goto(url + "/")
        journey.menu("Góp ý chính sách")
        page.get_by_role("link", name=consultation.title).click()
        journey.check(f"comment-{user.role}")
        comment(journey, 1 if user == provider else 2, text)
    assert sorted(PolicyComment.objects.values_list("organisation", flat=True)) == [
        "Công ty Bán Hàng Số",
        "Hiệp hội Bán lẻ Việt Nam",
    ]

    sign_in(page, live_server, moit)
    page.goto(url + consultation.get_absolute_url())
    journey.check("staff-comments")
    for comment_row in PolicyComment.objects.order_by("pk"):
        card = page.locator(f"[data-comment='{comment_row.pk}']")
        card.locator("textarea").fill(f"Ban điều hành tiếp thu ý kiến của {comment_row.organisation}.")
        card.get_by_role("button", name="Lưu câu trả lời").click()
        page.wait_for_selector(f"text=Đã trả lời ý kiến của {comment_row.organisation}")
    page.fill("#id_summary", "Tiếp thu: ưu đãi 3 tháng; mẫu báo cáo chung sẽ ban hành kèm quy chế.")
    page.get_by_role("button", name="Công bố tổng hợp").click()
    page.wait_for_selector("text=Đã công bố tổng hợp ý kiến")
    journey.check("published-staff")

    page.context.clear_cookies()  # a visitor, from the working group's public page
    page.goto(url + "/to-cong-tac/")
    page.get_by_role("link", name="Góp ý chính sách: các đợt lấy ý kiến và bản tổng hợp").click()
    page.get_by_role("link", name=consultation.title).click()
    journey.check("public")
    text = page.locator("main").inner_text()
    assert "Tiếp thu: ưu đãi 3 tháng" in text
    assert (
        "Nên tối thiểu 3 tháng miễn phí." in text and "tiếp thu ý kiến của Hiệp hội Bán lẻ Việt Nam" in text
    )
    assert page.locator("form.comment-form").count() == 0


def test_staff_draft_and_send_an_agreement_from_the_menu(phone, live_server):
    """The staff's agreements page at 360 px: a draft for a selected platform, then sent to the provider."""
    from platforms.models import Agreement, AgreementStatus
    from tests.factories import StaffFactory
    from tests.platforms.factories import ListingFactory, PlatformFactory, group

    page, url = phone, live_server.url
    provider = ProviderFactory(name="Công ty Kế Toán Việt", contact_email="phaply@ketoanviet.vn")
    platform = PlatformFactory(provider=provider, name="Kế toán Mây")
    ListingFactory(
        platform=platform, group=group("smedx-accounting-finance"), status="selected", slot=1, agreement=False
    )
    journey = Journey(page, "agreements-staff")
    sign_in(page, live_server, StaffFactory())
    page.goto(url + "/")
    journey.menu("Thỏa thuận với nền tảng")
    journey.check("list")
    page.select_option("#id_listing", label="Kế toán Mây — SMEdx")
    page.get_by_role("button", name="Lập dự thảo").click()
    page.wait_for_selector("text=Đã lập dự thảo thỏa thuận với Kế toán Mây")
    journey.check("drafted")
    agreement = Agreement.objects.get()
    page.locator(f"[data-agreement='{agreement.pk}']").get_by_role(
        "button", name="Gửi nhà cung cấp ký"
    ).click()
    page.wait_for_selector("text=Đã gửi thỏa thuận để Công ty Kế Toán Việt ký")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SENT
    page.fill("#id_q", "ke toan")
    page.get_by_role("button", name="Lọc").click()
    journey.check("searched")
    assert "Kế toán Mây" in page.locator(".agreement-list").inner_text()
