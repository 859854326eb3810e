"""The admin as a province officer given staff access and every permission: each registered ModelAdmin shows
only rows of the officer's province, national models (no province) refuse them, and no change page of another
province's row opens. Also: every admin add page answers (no 500) for ministry staff."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from accounts.admin_site import province_path
from businesses.models import Province
from tests.factories import ProvinceOfficerFactory, StaffFactory

pytestmark = pytest.mark.django_db
ISSUE_MODELS = {  # the ones the site scopes and the admin did not (issue 19)
    "businesses.Membership",
    "assessment.Assessment",
    "platforms.UsageRegistration",
    "experts.Consultation",
    "reports.ReportJob",
}


def registered():
    for model in apps.get_models():
        if admin.site.is_registered(model):
            yield model, admin.site.get_model_admin(model)


def _url(model, view: str, *args) -> str | None:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def _province_of(model, path: str, pk) -> int | None:
    return model._meta.default_manager.filter(pk=pk).values_list(f"{path}_id", flat=True).first()


@pytest.fixture
def demo(capsys):
    """The demo data, plus a row in Hà Nội of each model the issue names that the demo leaves empty."""
    import datetime

    from assessment.models import Assessment
    from experts.models import Consultation
    from platforms.models import Platform, UsageRegistration
    from reports.models import ReportJob
    from tests.assessment.conftest import load_set
    from tests.factories import BusinessFactory, MembershipFactory

    call_command("load_demo_data")
    capsys.readouterr()
    membership = MembershipFactory(business=BusinessFactory(province=Province.objects.get(code=1)))
    business, user = membership.business, membership.user
    Assessment.objects.create(
        business=business, criteria_set=load_set("rdx.yaml"), programme="RDX", started_by=user
    )
    UsageRegistration.objects.create(business=business, platform=Platform.objects.first(), requested_by=user)
    Consultation.objects.create(
        business=business, requested_by=user, topic="Bán hàng", pillar="strategy", description="Cần hỗ trợ"
    )
    today = datetime.date.today()
    ReportJob.objects.create(
        requester=user,
        kind="pdf",
        scope="province",
        province=business.province,
        period_from=today,
        period_to=today,
    )


def test_an_officer_of_another_province_sees_nothing_of_it(client, demo):
    hue = Province.objects.get(code=46)
    officer = ProvinceOfficerFactory(province=hue, is_staff=True)
    officer.user_permissions.set(Permission.objects.all())
    client.force_login(officer)
    others_seen = set()
    for model, model_admin in registered():
        label = model._meta.label
        path = province_path(model_admin)
        changelist = _url(model, "changelist")
        response = client.get(changelist)
        if path is None:
            assert response.status_code == 403, label  # national: not for an officer
            continue
        assert response.status_code == 200, label
        for row in response.context["cl"].result_list:
            assert _province_of(model, path, row.pk) == hue.pk, label
        other = (
            model._meta.default_manager.exclude(**{f"{path}_id": hue.pk})
            .exclude(**{f"{path}_id": None})
            .first()
        )
        if other is None:
            continue
        others_seen.add(label)
        change = _url(model, "change", other.pk)
        assert client.get(change).status_code in (302, 403, 404), label
        history = _url(model, "history", other.pk)
        if history:
            assert client.get(history).status_code in (302, 403, 404), label
    assert ISSUE_MODELS - others_seen == set(), "the demo data must reach every model the issue names"


def test_ministry_staff_open_every_add_page_and_changelist(client):
    client.force_login(StaffFactory())
    for model, model_admin in registered():
        response = client.get(_url(model, "changelist"))
        assert response.status_code == 200, model._meta.label
        add = _url(model, "add")
        if add:
            assert client.get(add).status_code in (200, 403), model._meta.label


def test_the_criteria_admin_add_pages_answer():
    """/admin/assessment/pillar/add/ and /question/add/ answered 500 (an inline's has_add_permission)."""
    from django.test import Client

    client = Client()
    client.force_login(StaffFactory())
    for url in ("/admin/assessment/pillar/add/", "/admin/assessment/question/add/"):
        assert client.get(url).status_code == 200, url
