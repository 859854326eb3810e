"""Province officers enter the survey on a store's behalf (channel recorded), only in their province."""

import pytest
from django.urls import reverse

from assessment.models import Assessment
from businesses.models import Province
from tests.assessment.conftest import RDX_BEST
from tests.factories import BusinessFactory, ProvinceOfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    return ProvinceOfficerFactory()  # Hà Nội


def test_officer_finds_stores_of_the_province_only(client, officer, store, django_assert_max_num_queries):
    hue = BusinessFactory(name="Tạp hóa Huế", province=Province.objects.get(code=46))
    for index in range(25):
        BusinessFactory(name=f"Cửa hàng Hà Nội {index}")
    client.force_login(officer)
    url = reverse("assessment:enumerator")
    with django_assert_max_num_queries(8):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trang 1/2" in html and hue.name not in html
    response = client.post(url, {"q": "tap hoa co lan"}, follow=True)  # accent-insensitive
    html = response.content.decode()
    assert store.name in html and "Cửa hàng Hà Nội" not in html
    assert hue.name not in client.post(url, {"q": "hue"}, follow=True).content.decode()


def test_officer_takes_the_survey_for_a_store_with_the_enumerator_channel(client, officer, store, rdx_set):
    client.force_login(officer)
    client.post(reverse("assessment:start"), {"business": store.pk, "programme": "RDX"})
    assessment = Assessment.objects.get(business=store)
    assert (assessment.channel, assessment.started_by) == ("enumerator", officer)
    html = client.get(reverse("assessment:page", kwargs={"pk": assessment.pk, "page": 1})).content.decode()
    assert "kênh cán bộ điều tra" in html
    for page, data in RDX_BEST.items():
        client.post(reverse("assessment:page", kwargs={"pk": assessment.pk, "page": page}), data)
    client.post(reverse("assessment:review", kwargs={"pk": assessment.pk}))
    assessment.refresh_from_db()
    assert (assessment.status, assessment.channel, assessment.entered_by) == (
        "submitted",
        "enumerator",
        officer,
    )
    # the owner sees the result too
    assert store.result_for("RDX").level == "dot_pha"


def test_officer_of_another_province_cannot_enter_or_see(client, store, draft):
    outsider = ProvinceOfficerFactory(province=Province.objects.get(code=79))
    client.force_login(outsider)
    assert client.post(reverse("assessment:start"), {"business": store.pk}).status_code == 404
    assert client.get(reverse("assessment:page", kwargs={"pk": draft.pk, "page": 1})).status_code == 404
    assert store.name not in client.get(reverse("assessment:enumerator")).content.decode()


def test_business_users_and_anonymous_cannot_open_the_enumerator_page(client, owner):
    url = reverse("assessment:enumerator")
    assert client.get(url).status_code == 302
    client.force_login(owner)
    assert client.get(url).status_code == 403
