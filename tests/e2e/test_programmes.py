"""Browser journeys of programme management (issue 17), on a 360 px phone: a province's plan from the template,
returned then approved; the HCMC pilot gate; the working group ending the pilot; a province falling behind and
both sides told once; a quarterly report's review; a MoIT user's scope; outreach to two providers."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.consents import consent_give
from accounts.models import ConsentPurpose
from platforms.models import ListingStatus
from programmes.models import (
    OutreachAssignment,
    PlanStatus,
    ProvincePlan,
    ProvinceReport,
    ReportStatus,
)
from programmes.services.monitoring import progress_check
from smedx_portal.phases import ProgrammePhase
from smedx_portal.programmes import Programme
from tests.e2e.phone import layout_faults
from tests.e2e.programmes_setup import YEAR, people, pilot, programmes_reference, template  # noqa: F401
from tests.e2e.test_campaign import sign_in
from tests.factories import MembershipFactory
from tests.platforms.factories import ListingFactory, group
from tests.programmes.conftest import stores

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("programmes_reference"),
]


def test_plan_from_template_returned_then_approved(phone, live_server):
    who = people()
    template()
    stores(who["hcmc"], 4)
    sign_in(phone, live_server, who["officer"])
    phone.goto(f"{live_server.url}/chuong-trinh/ke-hoach/")
    phone.select_option("#id_programme", "RDX")
    phone.get_by_role("button", name="Lập / mở kế hoạch").click()
    expect(phone.locator("#id_survey_total")).to_have_value("2")
    assert layout_faults(phone) == []
    phone.fill("#id_survey_total", "3")  # the wards still add up to 2
    phone.get_by_role("button", name="Lưu", exact=True).click()
    expect(phone.get_by_role("alert")).to_contain_text("khác tổng số đơn vị cần khảo sát")
    expect(phone.locator("#id_survey_total")).to_have_value("3")  # nothing lost
    phone.fill("#id_survey_total", "2")
    phone.get_by_role("button", name="Lưu và gửi Bộ").click()
    expect(phone.locator("#plan-status")).to_have_text("Đã gửi Bộ")

    sign_in(phone, live_server, who["ministry"])
    plan = ProvincePlan.objects.get()
    phone.goto(f"{live_server.url}/chuong-trinh/ke-hoach/{plan.pk}/")
    phone.fill("#id_comment", "Bổ sung nguồn lực")
    phone.get_by_role("button", name="Trả lại để sửa").click()
    expect(phone.locator("#plan-status")).to_have_text("Bộ trả lại để sửa")

    sign_in(phone, live_server, who["officer"])
    phone.goto(f"{live_server.url}/chuong-trinh/ke-hoach/{plan.pk}/")
    expect(phone.locator(".review-comment")).to_contain_text("Bổ sung nguồn lực")
    phone.get_by_role("link", name="Sửa kế hoạch").click()
    phone.fill("#id_resources", "3 cán bộ Sở, 200 triệu đồng")
    phone.get_by_role("button", name="Lưu và gửi Bộ").click()

    sign_in(phone, live_server, who["ministry"])
    phone.goto(f"{live_server.url}/chuong-trinh/ke-hoach/{plan.pk}/")
    phone.get_by_role("button", name="Phê duyệt (Tổ công tác)").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Phê duyệt kế hoạch")
    assert ProvincePlan.objects.get().status == PlanStatus.APPROVED
    phone.goto(f"{live_server.url}/chuong-trinh/ke-hoach/{plan.pk}/")  # revised with history: what changed
    expect(phone.locator(".plan-history")).to_contain_text("Tổ công tác phê duyệt")
    expect(phone.locator(".plan-history")).to_contain_text("Nguồn lực: — → 3 cán bộ Sở, 200 triệu đồng")
    assert layout_faults(phone) == []


def test_hcmc_runs_the_survey_another_province_sees_not_yet(phone, live_server):
    from tests.assessment.conftest import load_set

    who = people()
    load_set("rdx.yaml")
    pilot()
    ProgrammePhase.objects.create(
        programme=Programme.RDX, kind="national", starts_on=datetime.date(YEAR + 1, 3, 1)
    )
    stores(who["hcmc"], 1)
    stores(who["other"], 1)
    sign_in(phone, live_server, who["other_officer"])
    phone.goto(f"{live_server.url}/danh-gia/dieu-tra-vien/")
    expect(phone.locator(".phase-closed")).to_contain_text(f"01/03/{YEAR + 1}")
    expect(phone.get_by_text("Chưa triển khai", exact=True).first).to_be_visible()
    sign_in(phone, live_server, who["officer"])
    phone.goto(f"{live_server.url}/danh-gia/dieu-tra-vien/")
    phone.get_by_role("button", name="Bắt đầu đánh giá").first.click()
    expect(phone).to_have_url(re.compile(r"/danh-gia/\d+/"))
    assert who["hcmc"].pk == 79 and not phone.locator(".phase-closed").count()


def accepted_final(who):
    from programmes.services.reports import report_accept, report_create, report_submit, report_update

    report = report_create(
        actor=who["officer"], province_id=79, programme=Programme.RDX, year=YEAR, period="FINAL"
    )
    report_update(report=report, actor=who["officer"], narrative="Tổng kết thí điểm")
    report_submit(report=report, actor=who["officer"])
    return report_accept(report=report, actor=who["ministry"])


def test_working_group_ends_the_pilot(phone, live_server):
    who = people()
    pilot()
    final = accepted_final(who)
    sign_in(phone, live_server, who["moit"])
    phone.goto(f"{live_server.url}/to-cong-tac/ket-thuc-thi-diem/rdx/")
    phone.select_option("#id_report", str(final.pk))
    phone.fill("#id_rollout_on", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    phone.fill("#id_title", "Kết thúc thí điểm RDX tại TP. Hồ Chí Minh")
    phone.fill("#id_summary", "Rút gọn câu hỏi về kho hàng; kế hoạch mẫu bổ sung tập huấn.")
    phone.get_by_role("button", name="Ra quyết định kết thúc thí điểm").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kết thúc thí điểm RDX tại TP. Hồ Chí Minh")
    assert layout_faults(phone) == []
    phone.get_by_role("button", name="Công bố").click()
    expect(phone.locator("#published")).not_to_have_text("Chưa công bố")
    assert ProgrammePhase.objects.filter(kind="national").exists()


def test_province_behind_both_sides_told_once(phone, live_server, sms_outbox):
    who = people()
    plan = ProvincePlan.objects.create(
        province=who["hcmc"], programme=Programme.RDX, year=YEAR, status=PlanStatus.APPROVED, survey_total=10
    )
    plan.milestones.create(due_on=datetime.date(YEAR, 1, 2), surveyed=8)
    stores(who["hcmc"], 3, surveyed=1)
    progress_check()
    progress_check()  # the next night: not told again
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "bct@moit.example",
        "bo@most.example",
        "so@hcm.example",
    ]
    assert [message.phone for message in sms_outbox] == [who["officer"].phone]
    sign_in(phone, live_server, who["officer"])
    phone.goto(f"{live_server.url}/chuong-trinh/")
    expect(phone.get_by_role("alert").first).to_contain_text("chậm tiến độ")
    sign_in(phone, live_server, who["ministry"])
    phone.goto(f"{live_server.url}/chuong-trinh/tien-do/rdx/")
    expect(phone.get_by_role("alert").first).to_contain_text("Thành phố Hồ Chí Minh")
    assert layout_faults(phone) == []


def test_quarterly_report_submitted_returned_resubmitted_accepted_frozen(phone, live_server):
    who = people()
    sign_in(phone, live_server, who["officer"])
    phone.goto(f"{live_server.url}/chuong-trinh/bao-cao/?programme=RDX&year={YEAR}&period=Q1")
    phone.locator("form.inline-form").get_by_role("button", name="Lập báo cáo").click()
    phone.fill("#id_narrative", "Quý I: khảo sát 120 cửa hàng.")
    phone.get_by_role("button", name="Lưu và gửi Bộ").click()
    expect(phone.locator("#report-status")).to_have_text("Đã gửi Bộ")
    report = ProvinceReport.objects.get()
    sign_in(phone, live_server, who["ministry"])
    phone.goto(f"{live_server.url}/chuong-trinh/bao-cao/{report.pk}/")
    phone.fill("#id_comment", "Thiếu số liệu tập huấn")
    phone.get_by_role("button", name="Trả lại để sửa").click()
    expect(phone.locator("#report-status")).to_have_text("Bộ trả lại để sửa")
    sign_in(phone, live_server, who["officer"])
    phone.goto(f"{live_server.url}/chuong-trinh/bao-cao/{report.pk}/")
    phone.fill("#id_narrative", "Quý I: khảo sát 120 cửa hàng, 2 lớp tập huấn.")
    phone.get_by_role("button", name="Lưu và gửi Bộ").click()
    sign_in(phone, live_server, who["moit"])
    phone.goto(f"{live_server.url}/chuong-trinh/bao-cao/{report.pk}/")
    phone.get_by_role("button", name="Chấp nhận").click()
    expect(phone.locator("#report-status")).to_have_text("Bộ đã chấp nhận")
    sign_in(phone, live_server, who["officer"])
    phone.goto(f"{live_server.url}/chuong-trinh/bao-cao/{report.pk}/")
    expect(phone.locator("#id_narrative")).to_have_count(0)  # frozen: no form
    expect(phone.locator(".narrative")).to_contain_text("2 lớp tập huấn")
    assert ProvinceReport.objects.get().status == ReportStatus.ACCEPTED


def test_moit_reads_rdx_nationwide_refused_on_smedx(phone, live_server):
    who = people()
    stores(who["other"], 2, surveyed=2)
    sign_in(phone, live_server, who["moit"])
    phone.goto(f"{live_server.url}/chuong-trinh/tien-do/rdx/")
    row = phone.get_by_role("row").filter(has_text="Thành phố Hà Nội")
    expect(row).to_contain_text("2")
    response = phone.goto(f"{live_server.url}/chuong-trinh/tien-do/smedx/")
    assert response.status == 403


def test_segment_to_two_providers_follow_ups_without_non_consenting(phone, live_server):
    who = people()
    providers = [
        ListingFactory(group=group("rdx-pos"), status=ListingStatus.SELECTED, slot=slot).platform.provider
        for slot in (1, 2)
    ]
    businesses = stores(who["hcmc"], 5, surveyed=5)
    for business in businesses[:4]:
        consent_give(
            user_id=MembershipFactory(business=business).user_id, purposes=[ConsentPurpose.ASSIGNED_CONTACT]
        )
    refusing = businesses[4]
    MembershipFactory(business=refusing)
    sign_in(phone, live_server, who["officer"])
    phone.goto(f"{live_server.url}/chuong-trinh/tiep-can/")
    phone.select_option("#id_programme", "RDX")
    for provider in providers:
        phone.get_by_label(provider.name).check()
    phone.get_by_role("button", name="Phân công").click()
    expect(phone.locator(".message").first).to_contain_text("Đã phân công 4 đơn vị")
    assert not OutreachAssignment.objects.filter(business=refusing).exists()
    sign_in(phone, live_server, providers[0].owner)
    phone.goto(f"{live_server.url}/tiep-can/")
    cards = phone.locator(".assignment")
    expect(cards).to_have_count(2)
    expect(phone.get_by_text(refusing.name)).to_have_count(0)
    cards.first.get_by_role("button", name="Đã liên hệ").click()
    expect(phone.locator(".assignment").first).to_contain_text("Đã liên hệ —")
    assert layout_faults(phone) == []
