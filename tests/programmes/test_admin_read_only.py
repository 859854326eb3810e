"""The admin only reads the working group's records: templates, members and decisions change on the staff pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes.models import PlanTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, ministry):
    ministry.is_staff = True
    ministry.save(update_fields=["is_staff"])
    client.force_login(ministry)
    return client


@pytest.mark.parametrize("model", ["plantemplate", "workinggroupmember", "decision"])
def test_no_add_in_the_admin(staff_client, model):
    assert staff_client.get(reverse(f"admin:programmes_{model}_changelist")).status_code == 200
    assert staff_client.get(reverse(f"admin:programmes_{model}_add")).status_code == 403


def test_a_published_template_is_read_not_changed_in_the_admin(staff_client, template):
    url = reverse("admin:programmes_plantemplate_change", args=[template.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    response = staff_client.post(url, {"title": "Đổi tên", "survey_share": "99"})
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.title != "Đổi tên" and PlanTemplate.objects.count() == 1
    assert (
        staff_client.post(reverse("admin:programmes_plantemplate_delete", args=[template.pk])).status_code
        == 403
    )
