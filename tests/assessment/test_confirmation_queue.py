"""The officers' queue of results waiting for confirmation links each to its result page (as the officer may see
it); a decided result leaves the queue; an officer sees only their province; others may not open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from businesses.models import Province
from tests.assessment.test_certificate import verify
from tests.factories import ProvinceOfficerFactory, StaffFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("assessment:confirmation_queue")


def test_the_queue_links_to_the_result_and_empties_once_confirmed(
    client, officer, submitted, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    html = client.get(QUEUE).content.decode()
    result_url = reverse("assessment:result", kwargs={"pk": submitted.pk})
    assert "Tạp hóa Cô Lan" in html and result_url in html and "Xem kết quả để xác nhận" in html
    assert "bộ tiêu chí thử nghiệm của cổng" in html  # scored under the portal's retired trial set
    result = client.get(result_url).content.decode()
    assert "Xác nhận kết quả và cấp chứng nhận" in result and QUEUE in result  # and back to the queue
    verify(client, submitted, django_capture_on_commit_callbacks, status="verified")
    assert result_url not in client.get(QUEUE).content.decode()


def test_filter_by_programme(client, officer, submitted):
    client.force_login(officer)
    result_url = reverse("assessment:result", kwargs={"pk": submitted.pk})
    assert result_url in client.get(QUEUE, {"programme": "RDX"}).content.decode()
    assert result_url not in client.get(QUEUE, {"programme": "SMEDX"}).content.decode()


def test_an_officer_of_another_province_does_not_see_it_but_the_ministry_does(client, submitted):
    elsewhere = ProvinceOfficerFactory(
        province=Province.objects.exclude(pk=submitted.business.province_id).first()
    )
    client.force_login(elsewhere)
    result_url = reverse("assessment:result", kwargs={"pk": submitted.pk})
    assert result_url not in client.get(QUEUE).content.decode()
    assert client.get(result_url).status_code == 404
    client.force_login(StaffFactory())
    assert result_url in client.get(QUEUE).content.decode()


def test_owners_and_visitors_may_not_open_the_queue(client, owner, submitted):
    client.force_login(owner)
    assert client.get(QUEUE).status_code == 403
    client.logout()
    response = client.get(QUEUE)
    assert response.status_code == 302 and "login" in response["Location"]
