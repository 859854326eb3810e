"""Staff pages: the ministry publishes a new version of the template plan (MoIT for RDX only), and manages the
working group's members (MoIT its own side), with who and when in the audit log, Vietnamese errors."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from programmes.forms import parse_milestones
from programmes.models import Ministry, PlanTemplate, WorkingGroupMember
from programmes.services.group import is_member, member_add, member_remove
from programmes.services.plan_templates import template_publish
from programmes.services.plans import template_for
from smedx_portal.models import AuditEntry
from smedx_portal.programmes import Programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
TODAY = timezone.localdate()


def _post(template=None, **changes) -> dict:
    values = {
        "year": YEAR,
        "title": "Kế hoạch mẫu RDX sau thí điểm",
        "survey_share": "60",
        "reach_per_business": "2",
        "try_share": "25",
        "businesses_per_training": "150",
        "workshops": "3",
        "businesses_per_expert": "400",
        "resources": "Hai cán bộ mỗi phường",
        "milestones": "3:20, 6:50, 12:100",
    }
    values.update(changes)
    return values


def test_publish_new_version_from_the_page(client, ministry, template):
    client.force_login(ministry)
    url = reverse("programmes:template_publish", args=["rdx"])
    page = client.get(url).content.decode()
    assert 'value="Kế hoạch mẫu RDX"' in page and "6:50, 12:100" in page
    response = client.post(url, _post())
    assert response.status_code == 302
    new = PlanTemplate.objects.get(version=2)
    assert (new.published_by, new.revised_from, new.milestones) == (
        ministry,
        template,
        [[3, 20], [6, 50], [12, 100]],
    )
    assert template_for(Programme.RDX, YEAR) == new
    entry = AuditEntry.objects.for_object(new).get()
    assert entry.actor == ministry and entry.action == "plan_template.publish"
    listing = client.get(reverse("programmes:template_list")).content.decode()
    assert (
        "Kế hoạch mẫu RDX sau thí điểm" in listing and "phiên bản 2" in listing and str(ministry) in listing
    )


def test_bad_template_refused_with_fields_named(client, ministry, template):
    client.force_login(ministry)
    response = client.post(
        reverse("programmes:template_publish", args=["rdx"]),
        _post(survey_share="120", milestones="6:50, 3:20", title=""),
    )
    body = response.content.decode()
    assert response.status_code == 400 and PlanTemplate.objects.count() == 1
    assert "tăng dần" in body and "Kế hoạch mẫu chưa được công bố" in body
    assert "Đảm bảo" in body or "nhỏ hơn hoặc bằng 100" in body


@pytest.mark.parametrize(
    ("text", "message"),
    [("12:100", None), ("3-25", "tháng:phần trăm"), ("3:50, 6:40, 12:100", "không giảm"), ("6:50", "100%")],
)
def test_milestones_parsing(text, message):
    if message is None:
        assert parse_milestones(text) == [[12, 100]]
    else:
        with pytest.raises(Exception, match=message):
            parse_milestones(text)


def test_moit_publishes_rdx_only(moit, template):
    values = {
        **_post(),
        "survey_share": 60,
        "reach_per_business": 2,
        "try_share": 25,
        "milestones": [[12, 100]],
    }
    values.update(businesses_per_training=150, workshops=3, businesses_per_expert=400)
    assert template_publish(actor=moit, programme=Programme.RDX, values=values).version == 2
    with pytest.raises(PermissionDenied):
        template_publish(actor=moit, programme=Programme.SMEDX, values=values)


def test_add_and_remove_member_from_the_page(client, ministry):
    newcomer = UserFactory(role=Role.MOIT_STAFF, full_name="Trần Thị Công Thương")
    client.force_login(ministry)
    url = reverse("programmes:member_list")
    assert "Trần Thị Công Thương" in client.get(url).content.decode()
    response = client.post(
        url, {"user": newcomer.pk, "position": "Thành viên", "joined_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    member = WorkingGroupMember.objects.get(user=newcomer)
    assert member.ministry == Ministry.INDUSTRY_TRADE and is_member(newcomer)
    again = client.post(url, {"user": newcomer.pk, "joined_on": TODAY.isoformat()})
    assert again.status_code == 400 and "Chọn một cán bộ Bộ trong danh sách" in again.content.decode()
    client.post(reverse("programmes:member_remove", args=[member.pk]), {"reason": "Chuyển công tác"})
    member.refresh_from_db()
    assert member.left_on == TODAY and not is_member(newcomer)
    body = client.get(url).content.decode()
    assert "Thêm thành viên Trần Thị Công Thương" in body and "Cho thôi tham gia Trần Thị Công Thương" in body
    assert "Chuyển công tác" in body and str(ministry) in body


def test_member_rules(ministry, moit, hcmc_officer):
    science = UserFactory(role=Role.MINISTRY_STAFF)
    with pytest.raises(ValidationError, match="Chỉ cán bộ"):
        member_add(actor=ministry, user=hcmc_officer, position="", joined_on=TODAY)
    with pytest.raises(PermissionDenied):
        member_add(actor=moit, user=science, position="", joined_on=TODAY)
    with pytest.raises(PermissionDenied):
        member_remove(actor=moit, member=WorkingGroupMember.objects.get(user=ministry))
    with pytest.raises(PermissionDenied):
        member_add(actor=hcmc_officer, user=science, position="", joined_on=TODAY)
    colleague = UserFactory(role=Role.MOIT_STAFF)
    member = member_add(actor=moit, user=colleague, position="", joined_on=TODAY)
    member_remove(actor=moit, member=member)
    rejoined = member_add(
        actor=ministry, user=colleague, position="Phó tổ", joined_on=TODAY + datetime.timedelta(days=1)
    )
    assert rejoined.pk == member.pk and rejoined.left_on is None
    assert AuditEntry.objects.for_object(member).count() == 3


def test_moit_page_offers_only_its_side(client, moit, ministry):
    UserFactory(role=Role.MINISTRY_STAFF, full_name="Nguyễn Văn Khoa")
    UserFactory(role=Role.MOIT_STAFF, full_name="Cán bộ Bộ Công Thương mới")
    client.force_login(moit)
    body = client.get(reverse("programmes:member_list")).content.decode()
    assert "Cán bộ Bộ Công Thương mới" in body and "Nguyễn Văn Khoa" not in body
    assert (
        reverse("programmes:member_remove", args=[WorkingGroupMember.objects.get(user=ministry).pk])
        not in body
    )
