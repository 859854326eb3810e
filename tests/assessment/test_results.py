"""The result page: score, level and its meaning, per-pillar SVG chart, weakest areas with next steps,
catalogue groups, progress; the method page; the home page of the survey."""

import pytest
from django.urls import reverse

from assessment.services import assessment_submit
from tests.assessment.conftest import RDX_BEST
from tests.assessment.test_scoring import RDX_MIXED
from tests.sessions import session_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, owner, draft):
    client.force_login(owner)
    pages = {1: {}, 2: {}, 3: {}, 4: {}}
    for position, data in RDX_BEST.items():
        for code in data:
            pages[position][code] = RDX_MIXED[code] if code in RDX_MIXED else data[code]
    pages[3]["staff-skills"] = RDX_MIXED["staff-skills"]
    pages[3]["has-staff"] = "yes"
    pages[1]["online-channels"] = RDX_MIXED["online-channels"]
    for position, data in pages.items():
        response = client.post(reverse("assessment:page", kwargs={"pk": draft.pk, "page": position}), data)
        assert response.status_code == 302, response.content.decode()[:1000]
    return assessment_submit(assessment_id=draft.pk, actor=owner)


def test_result_page_shows_score_level_chart_and_next_steps(client, submitted, django_assert_max_num_queries):
    url = reverse("assessment:result", kwargs={"pk": submitted.pk})
    # the user, the assessment, its answers, the business's results (with the timeline, the previous result, the
    # verification, the plan and its editor), the experts (one query when none matches, else 3), the recommended
    # groups and their platforms; the session too when Redis does not hold it
    with django_assert_max_num_queries(7 + session_queries()):
        response = client.get(url)
    html = response.content.decode()
    assert str(submitted.total_score) == "58.58"
    assert "58,58" in html
    assert 'data-level="tang_truong"' in html and "Tăng cường năng lực số" in html
    assert (
        "<svg" in html
        and 'role="img"' in html
        and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    )
    assert html.count("<tr data-pillar=") == 4 and "61,11" in html and "36,67" in html
    weak = html.split("Ba điểm cần cải thiện trước", 1)[1]
    assert (
        weak.index('data-area="backup"')
        < weak.index('data-area="loyalty"')
        < weak.index('data-area="inventory"')
    )
    assert "Bật sao lưu tự động" in weak  # the concrete next step
    assert 'data-group="rdx-loyalty"' in weak and 'data-group="rdx-inventory"' in weak
    assert "Giấy chứng nhận được cấp khi Sở hoặc Bộ xác nhận" in html


def test_result_page_in_english(client, submitted):
    html = client.get("/en" + reverse("assessment:result", kwargs={"pk": submitted.pk})).content.decode()
    assert "Customers and sales channels" in html and "Turn on automatic phone backup" in html


def test_result_of_a_draft_goes_back_to_the_survey(client, owner, draft):
    client.force_login(owner)
    response = client.get(reverse("assessment:result", kwargs={"pk": draft.pk}))
    assert response["Location"] == reverse("assessment:resume", kwargs={"pk": draft.pk})


def test_home_lists_the_users_businesses_with_start_resume_and_result(
    client, owner, store, enterprise, submitted
):
    client.force_login(owner)
    html = client.get(reverse("assessment:home")).content.decode()
    assert store.name in html and enterprise.name in html
    assert "Đánh giá lại" in html and "Bắt đầu đánh giá" in html
    assert reverse("assessment:result", kwargs={"pk": submitted.pk}) in html


def test_home_for_anonymous_asks_to_sign_in(client, rdx_set):
    html = client.get(reverse("assessment:home")).content.decode()
    assert "Đăng nhập để đánh giá" in html and rdx_set.title in html


def test_start_without_published_criteria_says_so(client, owner, store):
    client.force_login(owner)
    response = client.post(reverse("assessment:start"), {"business": store.pk}, follow=True)
    assert "chưa công bố bộ tiêu chí" in response.content.decode()


def test_result_page_proposes_experts_for_the_weakest_pillars(client, submitted):
    from decimal import Decimal

    from tests.experts.factories import certified_expert

    weakest = min(submitted.pillar_scores, key=lambda code: Decimal(submitted.pillar_scores[code]))
    strongest = max(submitted.pillar_scores, key=lambda code: Decimal(submitted.pillar_scores[code]))
    helpful = certified_expert(name="Chuyên gia Trụ cột Yếu", specialties=[weakest])
    certified_expert(name="Chuyên gia Trụ cột Mạnh", specialties=[strongest])
    html = client.get(reverse("assessment:result", kwargs={"pk": submitted.pk})).content.decode()
    section = html.split('id="matching-experts-title"', 1)[1]
    assert helpful.name in section
    assert "Chuyên gia Trụ cột Mạnh" not in section
