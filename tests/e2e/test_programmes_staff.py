"""Browser journeys on a 360 px phone, by taps from the programmes' home: the ministry publishes a new version
of the template plan and manages the working group's members; a plan's history shows what changed; a
province outside the pilot has its plan reviewed but not approved. Every page: no sideways scroll, axe-core
clean, a screenshot in var/screenshots/journeys/."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import PlanTemplate, ProvincePlan, WorkingGroupMember
from programmes.services.plans import PlanInput, plan_send, plan_start, plan_update
from smedx_portal.programmes import Programme
from tests.e2e.phone import Journey
from tests.e2e.programmes_setup import YEAR, people, pilot, programmes_reference, template  # noqa: F401
from tests.e2e.test_campaign import sign_in
from tests.factories import UserFactory
from tests.programmes.conftest import stores

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("programmes_reference"),
]


def test_ministry_publishes_a_template_and_manages_members(phone, live_server):
    who = people()
    template()
    UserFactory(role="moit_staff", full_name="Lê Văn Thương")
    journey = Journey(phone, "programmes-staff")  # var/screenshots/journeys/programmes-staff/
    sign_in(phone, live_server, who["ministry"])
    phone.goto(f"{live_server.url}/chuong-trinh/")
    phone.locator("nav.subnav").get_by_role("link", name="Kế hoạch mẫu").click()
    journey.check("template-list")
    phone.get_by_role("link", name="Công bố phiên bản mới — RDX").click()
    expect(phone.locator("#id_title")).to_have_value("Kế hoạch mẫu RDX")
    phone.fill("#id_milestones", "6:50, 3:20")
    phone.get_by_role("button", name="Công bố phiên bản mới").click()
    expect(phone.get_by_role("alert").first).to_contain_text("Kế hoạch mẫu chưa được công bố")
    expect(phone.locator("#id_milestones")).to_have_value("6:50, 3:20")  # nothing lost
    journey.check("template-refused")
    phone.fill("#id_milestones", "3:20, 6:50, 12:100")
    phone.fill("#id_title", "Kế hoạch mẫu RDX sau thí điểm")
    phone.get_by_role("button", name="Công bố phiên bản mới").click()
    expect(phone.locator(".template-version").first).to_contain_text("phiên bản 2")
    assert PlanTemplate.objects.get(version=2).published_by == who["ministry"]

    phone.locator("nav.subnav").get_by_role("link", name="Thành viên Tổ công tác").click()
    phone.select_option("#id_user", label="Lê Văn Thương · Cán bộ Bộ Công Thương")
    phone.fill("#id_position", "Thành viên")
    phone.get_by_role("button", name="Thêm vào Tổ công tác").click()
    expect(phone.locator(".member", has_text="Lê Văn Thương")).to_contain_text("Bộ Công Thương")
    journey.check("members")
    card = phone.locator(".member", has_text="Lê Văn Thương")
    card.locator("summary").click()
    card.get_by_label("Lý do (không bắt buộc)").fill("Chuyển công tác")
    card.get_by_role("button", name="Xác nhận thôi tham gia").click()
    expect(phone.locator(".log")).to_contain_text("Cho thôi tham gia Lê Văn Thương — Chuyển công tác")
    assert WorkingGroupMember.objects.get(user__full_name="Lê Văn Thương").left_on == timezone.localdate()
    journey.check("member-removed")


def test_history_and_the_pilot_gate_on_the_plan_page(phone, live_server):
    who = people()
    template()
    pilot()
    stores(who["other"], 4)
    plan = plan_start(
        actor=who["other_officer"], province_id=who["other"].pk, programme=Programme.RDX, year=YEAR
    )
    figures = {name: getattr(plan, name) for name in ("people_to_reach", "businesses_to_try", "trainings")}
    data = PlanInput(
        figures={**figures, "survey_total": plan.survey_total, "workshops": 4, "local_experts": 1},
        resources="Hai cán bộ Sở",
        targets={(w, k): t for w, k, t in plan.targets.values_list("ward_id", "kind", "target")},
    )
    plan = plan_update(plan=plan, actor=who["other_officer"], expected_version=plan.version, data=data)
    plan_send(plan=plan, actor=who["other_officer"], expected_version=plan.version)
    journey = Journey(phone, "programmes-pilot-plan")  # var/screenshots/journeys/programmes-pilot-plan/
    sign_in(phone, live_server, who["ministry"])
    phone.goto(f"{live_server.url}/chuong-trinh/")
    phone.get_by_role("link", name="1 kế hoạch chờ xem xét").click()
    phone.get_by_role("link", name="Hà Nội").first.click()
    expect(phone.locator("#pilot-notice")).to_contain_text("đang thí điểm")
    expect(phone.get_by_role("button", name="Phê duyệt (Tổ công tác)")).to_have_count(0)
    expect(phone.locator(".plan-history")).to_contain_text("Số hội thảo: 2 → 4")
    journey.check("plan-in-review")
    phone.fill("#id_comment", "Chờ triển khai diện rộng")
    phone.get_by_role("button", name="Trả lại để sửa").click()
    expect(phone.locator("#plan-status")).to_have_text("Bộ trả lại để sửa")
    assert ProvincePlan.objects.get().status == "returned"
