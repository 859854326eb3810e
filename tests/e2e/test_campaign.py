"""Browser journey of an SMS campaign: a province officer composes a message (live length in SMS parts), builds
a segment and sees the recipient count change, sends, and watches the campaign complete (the test SMS backend;
with REDIS_URL set, a real Celery worker sends while the page polls its progress)."""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from businesses.models import Province
from campaigns.models import CampaignStatus, MessageStatus, SmsCampaign, SmsMessage
from smedx_portal.sms.encoding import measure, strip_diacritics
from tests.campaigns.factories import representative
from tests.factories import ProvinceOfficerFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _journey_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The 07:00–22:00 rule is tested with a frozen clock (tests/campaigns/test_rules.py); the journey must not
    # depend on the hour it runs at.
    settings.CAMPAIGN_SEND_HOURS = (0, 24)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """The provinces, wards and sectors (tests/conftest.py puts them back after each transactional test; loaded
    here only if missing), and no cached content-type ids from an earlier test."""
    from django.contrib.contenttypes.models import ContentType

    from businesses.models import Sector
    from businesses.reference import reference_data_load

    ContentType.objects.clear_cache()
    if not Sector.objects.exists():
        reference_data_load()


@pytest.fixture
def worker(request):
    """A real Celery worker when Redis is there; otherwise tasks run inline in the request."""
    if django_settings.REDIS_URL:
        return request.getfixturevalue("celery_worker")
    return None


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_an_officer_builds_a_segment_sends_and_watches_it_complete(page, live_server, sms_outbox, worker):
    hanoi = Province.objects.get(code=1)
    ward_a, ward_b = list(hanoi.wards.order_by("name")[:2])
    in_ward_a = [representative(province=hanoi, ward=ward_a, result={"level": "san_sang"}) for _ in range(2)]
    in_ward_b = representative(province=hanoi, ward=ward_b)
    elsewhere = representative(province=Province.objects.get(code=79))
    officer = ProvinceOfficerFactory(full_name="Trần Thu Hà")

    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/chien-dich/")
    page.get_by_role("link", name="Soạn chiến dịch").click()

    # the message: live length in SMS parts, the same rule as the server's
    page.fill("#id_title", "Mời khảo sát tháng 12")
    page.fill(
        "#id_text",
        "Mời cửa hàng tham gia khảo sát mức độ chuyển đổi số trên Cổng thông tin trước ngày 31/12.",
    )
    expect(page.locator("#sms-length")).to_contain_text("UCS-2")
    preview = page.locator("#sms-preview").inner_text()
    assert preview.startswith("Mời cửa hàng tham gia") and "Từ chối nhận tin" in preview
    parts = measure(preview).parts
    expect(page.locator("#sms-length")).to_contain_text(f"{parts} tin")
    page.check("#id_strip_accents")
    expect(page.locator("#sms-length")).to_contain_text("GSM-7")
    plain = page.locator("#sms-preview").inner_text()
    assert plain == strip_diacritics(preview)
    expect(page.locator("#sms-length")).to_contain_text(f"{measure(plain).parts} tin")
    page.uncheck("#id_strip_accents")
    for sample in ["a" * 161, "ư" * 71, "[" * 81, "Chuyển đổi số", "€" * 80, "😀 emoji"]:
        js = page.evaluate("text => SmedxSms.measure(text)", sample)
        python = measure(sample)
        assert (js["encoding"], js["units"], js["parts"]) == (python.encoding, python.units, python.parts), (
            sample
        )

    # the segment: Hà Nội only (the officer's province, not offered as a choice); the count follows
    assert page.locator("#id_province").count() == 0
    count = page.get_by_test_id("recipient-count")
    expect(count).to_have_text("3")
    page.select_option("#id_ward", str(ward_a.pk))
    expect(count).to_have_text("2")
    page.check("input[name=levels][value=tang_truong]")
    expect(count).to_have_text("0")
    page.uncheck("input[name=levels][value=tang_truong]")
    page.select_option("#id_ward", "")
    expect(count).to_have_text("3")
    page.click("main button[type=submit]")

    # the campaign page: the count, the rendered message; send now
    expect(page.get_by_test_id("campaign-status")).to_have_text("Bản nháp")
    expect(page.get_by_test_id("recipient-total")).to_have_text("3")
    page.get_by_test_id("send-now").click()

    # watch it complete (the page polls the progress while a worker sends)
    expect(page.get_by_test_id("campaign-status")).to_have_text("Đã gửi xong", timeout=30_000)
    expect(page.get_by_test_id("count-sent")).to_have_text("3")
    campaign = SmsCampaign.objects.get()
    assert (campaign.status, campaign.province_id, campaign.created_by) == (
        CampaignStatus.COMPLETED,
        1,
        officer,
    )
    assert sorted(m.phone for m in sms_outbox) == sorted(u.phone for u in [*in_ward_a, in_ward_b])
    assert elsewhere.phone not in {m.phone for m in sms_outbox}
    assert SmsMessage.objects.filter(campaign=campaign, status=MessageStatus.SENT).count() == 3
    assert re.search(r"Từ chối nhận tin: .*/tc/[0-9a-z]+\.", sms_outbox[0].text)
