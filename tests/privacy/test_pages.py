"""Every page of the privacy app as the owner, another user, nobody, and each staff role."""

import pytest
from django.urls import reverse

from accounts.models import Role
from privacy.models import Incident, RequestKind
from privacy.services import data_request_create
from tests.factories import MembershipFactory, ProvinceOfficerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAL = ["privacy:mine", "privacy:download_json", "privacy:download_pdf", "privacy:delete"]


@pytest.fixture
def people(db):
    owner = MembershipFactory().user
    request = data_request_create(
        user=owner, kind=RequestKind.CORRECTION, details="Sai tên", business=owner.businesses.get()
    )
    incident = Incident.objects.create(title="Thử", description="—", data_kinds="—", subjects="—")
    return {
        "owner": owner,
        "other": UserFactory(),
        "officer": ProvinceOfficerFactory(),
        "officer_elsewhere": ProvinceOfficerFactory(province_id=79),
        "ministry": StaffFactory(is_superuser=False, is_staff=False),
        "moit": UserFactory(role=Role.MOIT_STAFF),
        "provider": UserFactory(role=Role.PROVIDER),
        "request": request,
        "incident": incident,
    }


def status(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_the_notice_is_public(client, people):
    for who in (None, people["owner"], people["officer"]):
        assert status(client, who, reverse("privacy:notice")) == 200


@pytest.mark.parametrize("name", PERSONAL)
def test_personal_pages_need_a_sign_in_and_show_only_one_s_own_data(client, people, name):
    url = reverse(name)
    assert status(client, None, url) == 302
    for who in ("owner", "other", "officer", "ministry", "provider"):
        assert status(client, people[who], url) == 200
    client.force_login(people["other"])
    assert people["owner"].full_name not in client.get(reverse("privacy:mine")).content.decode()


@pytest.mark.parametrize("slug", ["sua-thong-tin", "doi-so-dien-thoai", "han-che-xu-ly", "phan-doi"])
def test_request_forms(client, people, slug):
    url = reverse("privacy:request_new", args=[slug])
    assert status(client, None, url) == 302
    assert status(client, people["owner"], url) == 200
    assert status(client, people["owner"], reverse("privacy:request_new", args=["khong-co"])) == 404


def test_the_request_queue_by_role(client, people):
    queue = reverse("privacy:queue")
    detail = reverse("privacy:request_detail", args=[people["request"].pk])
    expected = {
        None: (302, 302),
        "owner": (403, 403),
        "other": (403, 403),
        "provider": (403, 403),
        "moit": (403, 403),
        "officer": (200, 200),
        "officer_elsewhere": (200, 404),
        "ministry": (200, 200),
    }
    for who, (queue_status, detail_status) in expected.items():
        user = people[who] if who else None
        assert (status(client, user, queue), status(client, user, detail)) == (queue_status, detail_status), (
            who
        )


def test_the_incident_register_is_for_ministry_staff(client, people):
    for url in (
        reverse("privacy:incidents"),
        reverse("privacy:incident_detail", args=[people["incident"].pk]),
    ):
        assert status(client, None, url) == 302
        for who in ("owner", "officer", "moit", "provider"):
            assert status(client, people[who], url) == 403, who
        assert status(client, people["ministry"], url) == 200


def test_staff_see_the_queue_in_the_menu(client, people):
    client.force_login(people["officer"])
    html = client.get(reverse("privacy:notice")).content.decode()
    assert reverse("privacy:queue") in html and reverse("privacy:incidents") not in html
    client.force_login(people["owner"])
    html = client.get(reverse("privacy:notice")).content.decode()
    assert reverse("privacy:mine") in html and reverse("privacy:queue") not in html
