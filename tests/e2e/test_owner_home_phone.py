"""At 360 px: the owner's home shows the level per programme, the result, the certificate's state and the next
step; the officer reaches the result from the confirmation queue and confirms it; the owner then sees the
certificate; the method page explains the published sets. Every page passes the phone checks (no sideways
scroll, header ≤ 80 px, links on screen, axe-core), screenshots in var/screenshots/journeys/owner-home-*."""

import os

import pytest
from django.test import Client
from django.urls import reverse

from assessment.services import assessment_start, assessment_submit
from smedx_portal.programmes import Programme
from tests.assessment.conftest import RDX_STORES_BEST, load_set
from tests.e2e.phone import PHONE, Journey
from tests.e2e.test_tool_inventory import sign_in
from tests.factories import MembershipFactory, ProvinceOfficerFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(reference_data):
    from platforms.models import CategoryGroup
    from platforms.seed import catalogue_load

    if not CategoryGroup.objects.exists():
        catalogue_load()
    load_set("smedx-1567-2025.yaml")
    load_set("smedx-dbi-2021.yaml")
    load_set("rdx-stores-1459.yaml")
    owner = UserFactory(full_name="Chị Lan")
    store = MembershipFactory(user=owner, business__name="Tạp hóa Cô Lan").business
    draft = assessment_start(business=store, programme=Programme.RDX, actor=owner)
    client = Client()
    client.force_login(owner)
    for number, data in RDX_STORES_BEST.items():
        client.post(reverse("assessment:page", kwargs={"pk": draft.pk, "page": number}), data)
    return owner, assessment_submit(assessment_id=draft.pk, actor=owner)


def test_owner_home_queue_and_method_at_360_px(browser, live_server, submitted):
    owner, assessment = submitted
    officer = ProvinceOfficerFactory(province=assessment.business.province)
    for user, steps in ((owner, "owner"), (officer, "officer")):
        context = browser.new_context(locale="vi-VN", viewport=PHONE)
        context.set_default_timeout(10_000)
        sign_in(context, live_server, user)
        page = context.new_page()
        journey = Journey(page, f"owner-home-{steps}")
        if user is owner:
            page.goto(live_server.url + "/doanh-nghiep/")
            assert "Đột phá" in page.content() and "Chờ cán bộ xác nhận kết quả" in page.content()
            journey.check("doanh-nghiep-cua-toi")
            page.goto(live_server.url + "/danh-gia/phuong-phap/")
            journey.check("phuong-phap")
        else:
            page.goto(live_server.url + "/danh-gia/cho-xac-nhan/")
            journey.check("cho-xac-nhan")
            page.get_by_role("link", name="Xem kết quả để xác nhận").first.click()
            journey.check("ket-qua")
            page.get_by_role("button", name="Xác nhận kết quả và cấp chứng nhận").click()
            page.goto(live_server.url + f"/doanh-nghiep/{assessment.business_id}/")
            journey.check("ho-so-doanh-nghiep")
        context.close()
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    sign_in(context, live_server, owner)
    page = context.new_page()
    page.goto(live_server.url + "/doanh-nghiep/")
    assert "Giấy chứng nhận DN-" in page.content()
    Journey(page, "owner-home-after").check("chung-nhan")
    context.close()
