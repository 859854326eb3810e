"""A CCCD typed in a staff search box never appears in a URL: the verification queue and the enumerator search
post the query (with CSRF) and redirect to a page that carries only a random token, kept by pagination; another
session's token finds nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import BusinessFactory, ProvinceOfficerFactory, StaffFactory

pytestmark = pytest.mark.django_db

CCCD = "001085012345"
PAGES = [reverse("businesses:verification_queue"), reverse("assessment:enumerator")]


@pytest.fixture
def household(db):
    return BusinessFactory(name="Hộ Kinh Doanh Minh An", tax_code=CCCD, kind="household")


@pytest.fixture
def officer(db):
    return ProvinceOfficerFactory()


@pytest.mark.parametrize("page", PAGES)
def test_the_number_is_posted_and_never_in_a_url(client, household, officer, page):
    client.force_login(officer)
    for _index in range(21):  # two pages of results, so the pagination links are rendered
        BusinessFactory(name="Hộ Kinh Doanh Khác", kind="household")
    response = client.post(page, {"q": CCCD, "status": ""})
    assert response.status_code == 302
    location = response["Location"]
    assert CCCD not in location and "q=" not in location and "tim=" in location
    followed = client.get(location)
    html = followed.content.decode()
    assert household.name in html
    for href in (part.split('"', 1)[0] for part in html.split('href="')[1:]):
        assert CCCD not in href and "012345" not in href
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html


@pytest.mark.parametrize("page", PAGES)
def test_the_search_needs_the_csrf_token(household, officer, page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post(page, {"q": CCCD}).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_a_token_from_another_session_finds_nothing_and_a_query_in_the_url_is_ignored(
    client, household, officer, page
):
    client.force_login(officer)
    location = client.post(page, {"q": CCCD, "status": ""})["Location"]
    other = Client()
    other.force_login(ProvinceOfficerFactory())
    stranger_page = other.get(location).content.decode()
    search_value = 'value="' + CCCD
    assert search_value not in stranger_page
    # An old bookmark with ?q= is not searched (the number would otherwise be logged again and again).
    assert search_value not in client.get(page, {"q": CCCD}).content.decode()


def test_the_admin_search_posts_and_finds_a_cccd_by_a_token(client, household):
    client.force_login(StaffFactory())
    changelist = reverse("admin:businesses_business_changelist")
    page = client.get(changelist).content.decode()
    assert 'id="changelist-search" method="post"' in page and "csrfmiddlewaretoken" in page
    response = client.post(reverse("admin:businesses_business_search"), {"q": "001 085 012 345"})
    location = response["Location"]
    assert response.status_code == 302 and location.startswith(changelist)
    assert "012345" not in location and "tim%3A" in location
    listed = client.get(location)
    assert [business.pk for business in listed.context["cl"].result_list] == [household.pk]
    assert "012345" not in "".join(
        part.split('"', 1)[0] for part in listed.content.decode().split('href="')[1:]
    )
    other = Client()
    other.force_login(StaffFactory())
    assert list(other.get(location).context["cl"].result_list) == []  # another session's token finds nothing
