"""“Doanh nghiệp của tôi”, the owner's home: each business with its level per programme (from BusinessResult,
in the programme's words), a link to the result, the certificate or its state, the DX plan and the next step;
the business page shows the same to a reviewing officer, who is led to the result to confirm. The page's
queries don't grow with the number of businesses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.services import assessment_start, assessment_submit
from smedx_portal.models import Certificate
from smedx_portal.programmes import Programme
from tests.assessment.conftest import RDX_BEST
from tests.assessment.test_certificate import verify
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
MINE = reverse("businesses:mine")
QUERIES = 8


def _submit(client, owner, business):
    draft = assessment_start(business=business, programme=Programme.RDX, actor=owner)
    client.force_login(owner)
    for page, data in RDX_BEST.items():
        client.post(reverse("assessment:page", kwargs={"pk": draft.pk, "page": page}), data)
    return assessment_submit(assessment_id=draft.pk, actor=owner)


def test_before_any_survey_the_next_step_is_the_survey(client, rdx_set, owner, store):
    client.force_login(owner)
    html = client.get(MINE).content.decode()
    assert "Tạp hóa Cô Lan" in html and "Chưa có kết quả đánh giá" in html
    assert f'href="{reverse("assessment:home")}">Đánh giá mức độ chuyển đổi số</a>' in html


def test_after_submitting_the_level_result_and_waiting_certificate_are_shown(client, owner, submitted):
    client.force_login(owner)
    html = client.get(MINE).content.decode()
    assert "Đột phá" in html  # the programme's words, from BusinessResult
    assert reverse("assessment:result", kwargs={"pk": submitted.pk}) in html
    assert "Chờ cán bộ xác nhận kết quả" in html
    assert "bộ tiêu chí thử nghiệm của cổng" in html  # rdx.yaml is the portal's retired trial set
    assert reverse("assessment:plan_make", kwargs={"pk": submitted.pk}) in html  # next: the plan


def test_the_issued_certificate_and_the_plan_are_linked(
    client, officer, owner, submitted, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    verify(client, submitted, django_capture_on_commit_callbacks, status="verified")
    certificate = Certificate.objects.get()
    client.force_login(owner)
    client.post(reverse("assessment:plan_make", kwargs={"pk": submitted.pk}))
    html = client.get(MINE).content.decode()
    assert certificate.get_absolute_url() in html and certificate.number in html
    assert "Chờ cán bộ xác nhận" not in html
    plan_url = reverse("assessment:plan", kwargs={"business": submitted.business_id, "programme": "RDX"})
    assert plan_url in html and "bước đã xong" in html


def test_the_officer_sees_the_business_page_lead_to_the_result_to_confirm(client, officer, submitted):
    client.force_login(officer)
    html = client.get(reverse("businesses:detail", kwargs={"pk": submitted.business_id})).content.decode()
    assert "Xem kết quả để xác nhận" in html
    assert reverse("assessment:result", kwargs={"pk": submitted.pk}) in html
    assert reverse("assessment:start") not in html  # the owner's next steps are not offered to the officer


def test_another_user_sees_none_of_it(client, submitted):
    client.force_login(UserFactory())
    assert reverse("assessment:result", kwargs={"pk": submitted.pk}) not in client.get(MINE).content.decode()
    assert client.get(reverse("businesses:detail", kwargs={"pk": submitted.business_id})).status_code == 404


def test_queries_do_not_grow_with_the_number_of_businesses(
    client, owner, submitted, django_assert_max_num_queries
):
    """Session, user, memberships with results, the assessments, certificates and plans: the same few queries
    for one business or five."""
    client.force_login(owner)
    client.get(MINE)  # the content types are cached after the first page
    with django_assert_max_num_queries(QUERIES):
        assert client.get(MINE).status_code == 200
    for index in range(4):
        business = MembershipFactory(user=owner, business__name=f"Cửa hàng số {index}").business
        _submit(client, owner, business)
    with django_assert_max_num_queries(QUERIES):
        html = client.get(MINE).content.decode()
    assert html.count("Xem kết quả") == 5
