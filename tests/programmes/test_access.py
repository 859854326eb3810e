"""Every page of the programmes app for every role: anonymous, a business, a provider, HCMC's science and
industry-and-trade officers, another province's officer, ministry staff and MoIT staff (both working-group
members). MoIT staff read RDX nationwide and are refused on SMEdx-only pages; an industry-and-trade officer
runs RDX only; an officer sees only their province."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import Decision, DecisionKind, ProvincePlan, ProvinceReport, WorkingGroupMember
from smedx_portal.programmes import Programme
from tests.platforms.factories import ProviderFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
ROLES = (
    "anonymous",
    "business",
    "provider",
    "hcmc_science",
    "hcmc_trade",
    "other_officer",
    "ministry",
    "moit",
)


@pytest.fixture
def world(hcmc, hcmc_officer, hcmc_trade_officer, other_officer, ministry, moit, business_user):
    provider = ProviderFactory().owner
    rdx_plan = ProvincePlan.objects.create(province=hcmc, programme=Programme.RDX, year=YEAR)
    smedx_plan = ProvincePlan.objects.create(province=hcmc, programme=Programme.SMEDX, year=YEAR)
    report = ProvinceReport.objects.create(
        province=hcmc, programme=Programme.RDX, year=YEAR, period="Q1", cut_off=timezone.localdate()
    )
    decision = Decision.objects.create(
        kind=DecisionKind.PILOT_END, programme=Programme.RDX, title="Kết thúc thí điểm", decided_by=ministry
    )
    users = {
        "anonymous": None,
        "business": business_user,
        "provider": provider,
        "hcmc_science": hcmc_officer,
        "hcmc_trade": hcmc_trade_officer,
        "other_officer": other_officer,
        "ministry": ministry,
        "moit": moit,
    }
    objects = {
        "rdx_plan": rdx_plan.pk,
        "smedx_plan": smedx_plan.pk,
        "report": report.pk,
        "decision": decision.pk,
    }
    return users, objects


def _row(*codes: int) -> dict[str, int]:
    return dict(zip(ROLES, codes, strict=True))


#                 anon business provider sci  trade other ministry moit
STAFF_HOME = _row(302, 403, 403, 200, 200, 200, 200, 200)
CASES = [
    ("programmes:index", (), STAFF_HOME),
    ("programmes:plan_list", (), STAFF_HOME),
    ("programmes:report_list", (), STAFF_HOME),
    ("programmes:plan_detail", ("rdx_plan",), _row(302, 403, 403, 200, 200, 404, 200, 200)),
    ("programmes:plan_detail", ("smedx_plan",), _row(302, 403, 403, 200, 403, 404, 200, 403)),
    ("programmes:plan_edit", ("rdx_plan",), _row(302, 403, 403, 200, 200, 404, 403, 403)),
    ("programmes:plan_pdf", ("smedx_plan",), _row(302, 403, 403, 200, 403, 404, 200, 403)),
    ("programmes:national_progress", ("rdx",), _row(302, 403, 403, 302, 302, 302, 200, 200)),
    ("programmes:national_progress", ("smedx",), _row(302, 403, 403, 302, 403, 302, 200, 403)),
    ("programmes:province_progress", ("rdx", 79), _row(302, 403, 403, 200, 200, 404, 200, 200)),
    ("programmes:province_progress", ("smedx", 79), _row(302, 403, 403, 200, 403, 404, 200, 403)),
    ("programmes:report_detail", ("report",), _row(302, 403, 403, 200, 200, 404, 200, 200)),
    ("programmes:decision_list", (), _row(200, 200, 200, 200, 200, 200, 200, 200)),
    ("programmes:decision_detail", ("decision",), _row(404, 404, 404, 404, 404, 404, 200, 200)),
    ("programmes:pilot_end", ("rdx",), _row(302, 403, 403, 403, 403, 403, 200, 200)),
    ("programmes:classification", ("smedx",), _row(302, 403, 403, 403, 403, 403, 200, 403)),
    ("programmes:classification", ("rdx",), _row(302, 403, 403, 403, 403, 403, 200, 200)),
    ("programmes:province_outreach", (), _row(302, 403, 403, 200, 200, 200, 403, 403)),
    ("programmes:template_list", (), _row(302, 403, 403, 403, 403, 403, 200, 200)),
    ("programmes:template_publish", ("rdx",), _row(302, 403, 403, 403, 403, 403, 200, 200)),
    ("programmes:template_publish", ("smedx",), _row(302, 403, 403, 403, 403, 403, 200, 403)),
    ("programmes:member_list", (), _row(302, 403, 403, 403, 403, 403, 200, 200)),
    ("programmes:provider_outreach", (), _row(302, 403, 200, 403, 403, 403, 403, 403)),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}{c[1]}" for c in CASES])
def test_role_by_url(client, world, name, args, expected):
    users, objects = world
    url = reverse(name, args=[objects.get(arg, arg) for arg in args])
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        status = client.get(url).status_code
        assert status == expected[role], f"{role} on {url}: {status}, expected {expected[role]}"


#                      anon business provider sci  trade other ministry moit
MEMBER_REMOVE = _row(302, 403, 403, 403, 403, 403, 302, 403)


def test_member_remove_by_role(client, world):
    """POST only: removing the ministry's member; MoIT staff may remove only their own side's members."""
    users, _objects = world
    for role in ROLES:
        member = WorkingGroupMember.objects.get(user=users["ministry"])
        member.left_on = None
        member.save()
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        url = reverse("programmes:member_remove", args=[member.pk])
        assert client.get(url).status_code == (302 if role == "anonymous" else 405)
        status = client.post(url).status_code
        assert status == MEMBER_REMOVE[role], f"{role}: {status}, expected {MEMBER_REMOVE[role]}"


def test_admin_scoped_to_province_and_programme(client, world, hcmc_officer):
    users, objects = world
    hcmc_officer.is_staff = True
    hcmc_officer.save()
    ProvincePlan.objects.create(province_id=1, programme=Programme.RDX, year=YEAR)
    admin = reverse("admin:programmes_provinceplan_changelist")
    client.force_login(hcmc_officer)
    body = client.get(admin).content.decode()
    assert "Thành phố Hồ Chí Minh" in body and "Thành phố Hà Nội" not in body
    moit = users["moit"]
    moit.is_staff = True
    moit.save()
    client.force_login(moit)
    response = client.get(reverse("admin:programmes_provinceplan_change", args=[objects["smedx_plan"]]))
    assert response.status_code in (302, 403, 404)
