"""Each role's main journey on a 360 × 780 phone (issue 20), with JavaScript off and then on.

Every journey starts on the home page and moves only by what a person taps (menu, links, buttons, the sign-in
form). On every page: no sideways scroll, the header with the closed menu ≤ 80 px, every visible link and
button inside the screen, chart text ≥ 12 px, and (with JavaScript on) no serious or critical axe-core finding.
Screenshots of each page go to var/screenshots/journeys/<role>/<js|nojs>-<step>-<page>.png.
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.e2e.phone import walk_both  # noqa: E402
from tests.factories import (  # noqa: E402
    BusinessFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    UserFactory,
)
from tests.platforms.factories import ensure_reference_data  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-2026"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def walk(transactional_db, browser, live_server):
    ensure_reference_data()
    return lambda role, steps: walk_both(browser, live_server.url, role, steps)


def test_a_visitor_browses_platforms_and_experts_an_expert_reaches_their_consultations(walk):
    expert = UserFactory(role="expert", full_name="Chuyên gia Hùng")

    def visitor(journey):
        journey.menu("Nền tảng số")
        journey.check("nen-tang")
        journey.menu("Chuyên gia tư vấn")
        journey.check("chuyen-gia")
        journey.menu("Đăng ký")
        journey.check("dang-ky")

    def expert_steps(journey):
        journey.sign_in(expert, PASSWORD)
        journey.menu("Yêu cầu tư vấn của tôi")
        journey.check("tu-van")

    walk("khach", visitor)  # one seeding and one flush for both
    walk("chuyen-gia", expert_steps)


def test_an_owner_goes_from_the_home_page_to_the_survey(walk):
    owner = UserFactory(full_name="Chủ cửa hàng Lan")
    MembershipFactory(user=owner, business=BusinessFactory(name="Tạp hóa Cô Lan"))

    def steps(journey):
        journey.sign_in(owner, PASSWORD)
        journey.menu("Doanh nghiệp của tôi")
        journey.check("doanh-nghiep-cua-toi")
        journey.tap("Đánh giá mức độ chuyển đổi số", "danh-gia")

    walk("chu-cua-hang", steps)


def test_an_officer_reads_the_dashboard_and_the_queue(walk):
    officer = ProvinceOfficerFactory(full_name="Cán bộ Sở Hà Nội")
    BusinessFactory(name="Tạp hóa chờ xác minh")

    def steps(journey):
        journey.sign_in(officer, PASSWORD)
        journey.menu("Báo cáo")
        journey.check("bao-cao")
        journey.menu("Xác minh doanh nghiệp")
        journey.check("xac-minh")

    walk("can-bo", steps)
