"""A plan's history on its page: each revision with who, when, what it was (in words, never its code) and
what changed against the revision before it (figures, targets by ward and type, timeline)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.selectors import plan_history
from programmes.services.plans import PlanInput, plan_send, plan_start, plan_update
from smedx_portal.programmes import Programme
from tests.programmes.conftest import stores

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def edited(hcmc, hcmc_officer, template):
    stores(hcmc, 10)
    plan = plan_start(actor=hcmc_officer, province_id=hcmc.pk, programme=Programme.RDX, year=YEAR)
    ((ward, kind, _target),) = plan.targets.values_list("ward_id", "kind", "target")
    figures = {
        name: getattr(plan, name) for name in ("people_to_reach", "businesses_to_try", "local_experts")
    }
    data = PlanInput(
        figures={**figures, "survey_total": 7, "trainings": 4, "workshops": 2},
        resources="Ba cán bộ",
        targets={(ward, kind): 7},
        milestones=[(m.due_on, m.surveyed) for m in plan.milestones.all()],
    )
    plan = plan_update(plan=plan, actor=hcmc_officer, expected_version=plan.version, data=data)
    return plan_send(plan=plan, actor=hcmc_officer, expected_version=plan.version)


def test_changes_between_versions(edited, hcmc):
    send, edit, start = plan_history(edited)
    assert send.changes == [] and start.changes == []
    changes = {change.label: (change.before, change.after) for change in edit.changes}
    ward = hcmc.wards.order_by("code").first()
    assert changes["Tổng số đơn vị cần khảo sát"] == ("5", "7")
    assert changes["Số lớp tập huấn"] == ("3", "4")
    assert changes[f"Chỉ tiêu cửa hàng bán lẻ — {ward.name}"] == ("5", "7")
    assert changes["Nguồn lực"][1] == "Ba cán bộ"


def test_page_shows_who_when_what_and_the_changes(
    client, edited, hcmc_officer, ministry, django_assert_max_num_queries
):
    client.force_login(ministry)
    body = client.get(reverse("programmes:plan_detail", args=[edited.pk])).content.decode()
    assert "Sửa kế hoạch</a>" not in body
    assert "Gửi Bộ (phiên bản" in body and "Lập kế hoạch (phiên bản" in body
    assert "<del>5</del> → <ins>7</ins>" in body
    assert str(hcmc_officer) in body
    assert ": edit (" not in body and ": send (" not in body
