"""The other roles' journeys on a 360 × 780 phone (issue 20), each walked with JavaScript off, then on, by taps
only: the provider (application → evaluation → selection → agreement → trials and leads → activation), the
province officer's programme work (plan → progress → quarterly report), ministry and MoIT staff (criteria
approval, plans and reports review, campaigns, events, the personal-data queue) and the owner's pages added by
other issues (trials, events, "Dữ liệu của tôi"). Every page gets the checks of `tests/e2e/phone.py`; a page with
no way on fails the walk, since the next tap is not there. Screenshots: var/screenshots/journeys/<role>/.
"""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from accounts.models import ConsentPurpose, Department, Role  # noqa: E402
from businesses.models import Province, VerificationStatus  # noqa: E402
from platforms.models import ListingStatus  # noqa: E402
from platforms.services import agreement_issue, trial_request, usage_register  # noqa: E402
from privacy.services.requests import data_request_create  # noqa: E402
from programmes.models import Ministry, PlanStatus, ProvincePlan  # noqa: E402
from smedx_portal.programmes import Programme  # noqa: E402
from tests.assessment.conftest import load_set  # noqa: E402
from tests.campaigns.factories import EventFactory, make_campaign  # noqa: E402
from tests.e2e.phone import walk_both  # noqa: E402
from tests.factories import BusinessFactory, MembershipFactory, UserFactory, consenting  # noqa: E402
from tests.platforms.factories import (  # noqa: E402
    ListingFactory,
    PlatformFactory,
    ProviderFactory,
    ensure_reference_data,
    group,
)
from tests.programmes.conftest import HCMC, member, officer  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-2026"
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def walk(transactional_db, browser, live_server):
    ensure_reference_data()
    return lambda role, steps: walk_both(browser, live_server.url, role, steps)


def store(name: str, **fields):
    """A verified store in Hồ Chí Minh City and its owner (who consented to sharing with providers)."""
    business = BusinessFactory(
        name=name,
        province=Province.objects.get(code=HCMC),
        verification_status=VerificationStatus.VERIFIED,
        **fields,
    )
    owner = consenting(MembershipFactory(business=business).user, ConsentPurpose.PROVIDER_SHARING)
    return business, owner


def test_a_provider_from_application_to_activation(walk):
    provider = ProviderFactory(name="Công ty Bán Hàng Số")
    applied = ListingFactory(platform=PlatformFactory(provider=provider, name="Kho Hàng Mây"))
    selected = ListingFactory(
        platform=PlatformFactory(provider=provider, name="Bán Hàng Nhanh"),
        group=group("rdx-pos"), status=ListingStatus.SELECTED, slot=1,
    )  # fmt: skip
    for slot, name in ((2, "Sổ Bán Hàng"), (3, "Quầy Thu Ngân")):  # one agreement to sign in each walk
        listing = ListingFactory(
            platform=PlatformFactory(provider=provider, name=name),
            group=group("rdx-pos"), status=ListingStatus.SELECTED, slot=slot, agreement=False,
        )  # fmt: skip
        agreement_issue(platform=listing.platform, programme=Programme.RDX, actor=None)
    for name in (
        "Tạp hóa Cô Ba",
        "Tạp hóa Chú Tư",
    ):  # one trial to accept and one lead to activate in each walk
        business, owner = store(name)
        trial_request(business=business, platform=selected.platform, requested_by=owner)
        usage_register(business=business, platform=selected.platform, requested_by=owner)

    def steps(journey):
        page = journey.page
        journey.sign_in(provider.owner, PASSWORD)
        journey.menu("Trang nhà cung cấp")
        journey.check("trang-nha-cung-cap")
        page.locator(f"[data-listing='{applied.pk}']").get_by_role("link", name="Chi tiết").click()
        journey.check("ho-so-dang-danh-gia")
        journey.tap("‹ Trang nhà cung cấp", "trang-nha-cung-cap")
        page.locator(f"[data-listing='{selected.pk}']").get_by_role("link", name="Chi tiết").click()
        journey.check("ho-so-duoc-lua-chon")
        journey.tap("Xem thỏa thuận", "thoa-thuan")
        journey.tap("‹ Trang nhà cung cấp", "trang-nha-cung-cap")
        journey.tap("Xem và ký thỏa thuận", "thoa-thuan-cho-ky")
        page.get_by_label("Tôi là người đại diện theo pháp luật", exact=False).check()
        journey.tap("Ký thỏa thuận", "da-ky-thoa-thuan", role="button")
        journey.tap("Đề nghị dùng thử", "de-nghi-dung-thu")
        journey.tap("Nhận và hẹn thiết lập", "da-nhan-dung-thu", role="button")
        journey.tap("‹ Trang nhà cung cấp", "trang-nha-cung-cap")
        journey.tap("Xác nhận kích hoạt", "da-kich-hoat", role="button")
        journey.menu("Đơn vị được phân công")
        journey.check("don-vi-duoc-phan-cong")
        journey.menu("Đề xuất sự kiện")
        journey.check("de-xuat-su-kien")

    walk("nha-cung-cap", steps)


def test_a_province_officer_plans_follows_progress_and_reports(walk):
    hcmc = Province.objects.get(code=HCMC)
    person = officer(hcmc, Department.INDUSTRY_TRADE, full_name="Cán bộ Sở Công Thương")
    ProvincePlan.objects.create(
        province=hcmc, programme=Programme.RDX, year=YEAR, status=PlanStatus.APPROVED, survey_total=10
    )

    def steps(journey):
        page = journey.page
        journey.sign_in(person, PASSWORD)
        journey.menu("Điều hành chương trình")
        journey.check("dieu-hanh")
        page.locator("main").get_by_role(
            "link", name="Thành phố Hồ Chí Minh — RDX", exact=False
        ).first.click()
        journey.check("ke-hoach")
        journey.tap("Xem tiến độ", "tien-do")
        journey.tap("Báo cáo quý", "bao-cao")
        if not journey.js:  # the walk without JavaScript makes the report and sends it; the other reads it
            journey.tap("Lập báo cáo", "bao-cao-moi", role="button")
            page.fill("#id_narrative", "Quý này: khảo sát 12 cửa hàng.")
            journey.tap("Lưu và gửi Bộ", "bao-cao-da-gui", role="button")
        else:
            page.locator("main table").get_by_role("link", name="Thành phố Hồ Chí Minh").first.click()
            journey.check("bao-cao-da-gui")
        journey.menu("Yêu cầu về dữ liệu cá nhân")
        journey.check("yeu-cau-du-lieu")

    walk("can-bo-chuong-trinh", steps)


def sent_report(person, programme: str):
    from programmes.services.reports import report_create, report_submit, report_update

    today = timezone.localdate()
    report = report_create(
        actor=person, province_id=person.province_id, programme=programme, year=YEAR,
        period=f"Q{(today.month - 1) // 3 + 1}",
    )  # fmt: skip
    report_update(report=report, actor=person, narrative="Khảo sát 40 cửa hàng, 2 lớp tập huấn.")
    return report_submit(report=report, actor=person)


def test_ministry_and_moit_staff_approve_criteria_review_plans_and_reports_and_run_campaigns(walk):
    staff = member(UserFactory(role=Role.MINISTRY_STAFF, full_name="Cán bộ Bộ KH&CN"), Ministry.SCIENCE)
    load_set("smedx.yaml", publish=False)
    hcmc, hanoi = Province.objects.get(code=HCMC), Province.objects.get(code=1)
    for province in (hcmc, hanoi):  # one plan to return in each walk
        ProvincePlan.objects.create(
            province=province, programme=Programme.SMEDX, year=YEAR, status=PlanStatus.SENT, survey_total=10
        )
    sent_report(officer(hcmc, Department.SCIENCE), Programme.SMEDX)
    make_campaign(title="Mời khảo sát chuyển đổi số tháng 12", created_by=staff)
    business, owner = store("Tạp hóa Cô Năm")
    data_request_create(user=owner, kind="correction", details="Sai địa chỉ cửa hàng", business=business)

    def steps(journey):
        page = journey.page
        journey.sign_in(staff, PASSWORD)
        journey.menu("Bộ tiêu chí đánh giá")
        journey.check("bo-tieu-chi")
        page.locator("main a[href*='/danh-gia/bo-tieu-chi/']").first.click()
        journey.check("bo-tieu-chi-chi-tiet")
        if not journey.js:  # reviewed without JavaScript, then approved with it
            journey.tap("Đánh dấu đã rà soát", "da-ra-soat", role="button")
        else:
            page.get_by_label("Văn bản / biên bản họp tổ công tác").fill(
                "Biên bản họp Tổ công tác số 12/BB-TCT"
            )
            journey.tap("Phê duyệt", "da-phe-duyet", role="button")
        journey.menu("Điều hành chương trình")
        journey.check("dieu-hanh")
        page.locator("main").get_by_role("link", name="kế hoạch chờ xem xét", exact=False).click()
        journey.check("ke-hoach-cho-xem-xet")
        page.locator("main table a").first.click()
        journey.check("ke-hoach")
        page.fill("#id_comment", "Bổ sung chỉ tiêu tập huấn")
        journey.tap("Trả lại để sửa", "ke-hoach-tra-lai", role="button")
        journey.tap("Báo cáo", "bao-cao", within="nav.subnav")
        page.locator("main table").get_by_role("link", name="Thành phố Hồ Chí Minh").first.click()
        journey.check("bao-cao-cua-tinh")
        journey.menu("Chiến dịch SMS")
        journey.check("chien-dich")
        journey.tap("Mời khảo sát chuyển đổi số tháng 12", "chien-dich-chi-tiet")
        journey.menu("Duyệt sự kiện")
        journey.check("duyet-su-kien")
        journey.menu("Yêu cầu về dữ liệu cá nhân")
        journey.check("yeu-cau-du-lieu")
        page.locator("main").get_by_role("link", name="Sửa thông tin", exact=False).first.click()
        journey.check("yeu-cau-du-lieu-chi-tiet")
        journey.tap("Tạp hóa Cô Năm", "doanh-nghiep-can-sua")

    walk("can-bo-bo", steps)
    moit_walk(walk)


def moit_walk(walk):
    """MoIT staff follow RDX nationwide (walked in the ministry's test: one seeding, one flush)."""
    staff = member(
        UserFactory(role=Role.MOIT_STAFF, full_name="Cán bộ Bộ Công Thương"), Ministry.INDUSTRY_TRADE
    )
    load_set("rdx.yaml", publish=False)
    hcmc = Province.objects.get(code=HCMC)
    ProvincePlan.objects.create(
        province=hcmc, programme=Programme.RDX, year=YEAR, status=PlanStatus.APPROVED, survey_total=10
    )
    sent_report(officer(hcmc, Department.INDUSTRY_TRADE), Programme.RDX)

    def steps(journey):
        page = journey.page
        journey.sign_in(staff, PASSWORD)
        journey.menu("Bộ tiêu chí đánh giá")
        journey.check("bo-tieu-chi")
        page.locator("main a[href*='/danh-gia/bo-tieu-chi/']").first.click()
        journey.check("bo-tieu-chi-chi-tiet")
        journey.menu("Điều hành chương trình")
        journey.check("dieu-hanh")
        journey.tap("Tiến độ các tỉnh", "tien-do-toan-quoc")
        page.locator("main table").get_by_role("link", name="Thành phố Hồ Chí Minh").first.click()
        journey.check("tien-do-tinh")
        journey.tap("Báo cáo quý", "bao-cao")
        page.locator("main table").get_by_role("link", name="Thành phố Hồ Chí Minh").first.click()
        journey.check("bao-cao-cua-tinh")

    walk("can-bo-bo-cong-thuong", steps)


def test_an_owner_tries_a_platform_joins_an_event_and_asks_about_their_data(walk):
    business, owner = store("Tạp hóa Cô Sáu")
    platform = ListingFactory(group=group("rdx-pos"), status=ListingStatus.SELECTED, slot=1).platform
    trial_request(business=business, platform=platform, requested_by=owner)
    EventFactory(title="Tập huấn bán hàng trên sàn", capacity=10)

    def steps(journey):
        page = journey.page
        journey.sign_in(owner, PASSWORD)
        journey.menu("Dùng thử nền tảng")
        journey.check("dung-thu")
        journey.tap(platform.name, "dung-thu-chi-tiet")
        journey.tap("Xem nền tảng", "nen-tang")
        journey.menu("Tin tức, sự kiện")
        journey.check("tin-tuc")
        journey.tap("Sự kiện, đào tạo →", "su-kien")
        journey.tap("Tập huấn bán hàng trên sàn", "su-kien-chi-tiet")
        if not journey.js:
            journey.tap("Đăng ký", "da-dang-ky-su-kien", role="button")
        journey.menu("Dữ liệu của tôi")
        journey.check("du-lieu-cua-toi")
        journey.tap("Yêu cầu sửa thông tin", "yeu-cau-sua")
        if not journey.js:
            page.locator("main textarea").first.fill("Địa chỉ cửa hàng là số 12, không phải số 21.")
            page.locator("main form").get_by_role("button").last.click()
            journey.check("da-gui-yeu-cau")

    walk("chu-cua-hang-du-lieu", steps)
