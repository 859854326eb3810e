"""Taking the survey: start, autosave, resume on reload or a second device, errors on their page, submit once."""

import pytest
from django.db import connection
from django.urls import reverse

from assessment import structure
from assessment.models import Answer, Assessment, AssessmentStatus
from assessment.services import AssessmentIncomplete, assessment_start, assessment_submit
from tests.assessment.conftest import RDX_BEST
from tests.factories import MembershipFactory
from tests.sessions import session_queries

pytestmark = pytest.mark.django_db


def page_url(assessment, page):
    return reverse("assessment:page", kwargs={"pk": assessment.pk, "page": page})


def fill(client, assessment, pages=RDX_BEST):
    for page, data in pages.items():
        response = client.post(page_url(assessment, page), {**data, "action": "next"})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_owner_takes_the_whole_rdx_survey(client, owner, store, rdx_set):
    client.force_login(owner)
    response = client.post(reverse("assessment:start"), {"business": store.pk, "programme": "RDX"})
    assessment = Assessment.objects.get(business=store)
    assert response["Location"] == page_url(assessment, 1)  # straight to the first page, no second redirect
    assert client.get(reverse("assessment:resume", kwargs={"pk": assessment.pk}))["Location"] == page_url(
        assessment, 1
    )
    page = client.get(page_url(assessment, 1)).content.decode()
    assert "Khách hàng và kênh bán hàng" in page and "Trang 1/4" in page and "<progress" in page
    assert 'name="online-presence" value="website"' in page
    response = fill(client, assessment)
    assert response["Location"] == reverse("assessment:review", kwargs={"pk": assessment.pk})
    review = client.get(response["Location"]).content.decode()
    assert review.count("Đã xong") == 4
    response = client.post(reverse("assessment:review", kwargs={"pk": assessment.pk}))
    assert response["Location"] == reverse("assessment:result", kwargs={"pk": assessment.pk})
    assessment.refresh_from_db()
    assert (assessment.status, str(assessment.total_score), assessment.level) == (
        "submitted",
        "100.00",
        "dot_pha",
    )
    assert (assessment.channel, assessment.entered_by) == ("self", owner)
    assert Answer.objects.filter(assessment=assessment).count() == 21
    result = store.result_for("RDX")
    assert (result.level, str(result.score)) == ("dot_pha", "100.00")
    assert result.pillar_scores["rdx-operations"] == "100.00"
    assert result.assessed_at == assessment.submitted_at
    assert (result.criteria_set_id, result.criteria_version) == (
        assessment.criteria_set_id,
        assessment.criteria_set.version,
    )
    assert store.result_for("SMEDX") is None


def test_autosave_by_javascript_returns_json_and_keeps_partial_answers(client, owner, draft):
    client.force_login(owner)
    response = client.post(
        page_url(draft, 1),
        {"online-presence": "map", "online-revenue-share": "abc", "sells-online": "yes"},
        headers={"x-requested-with": "fetch"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["saved"] is True
    assert data["errors"] == {
        "online-revenue-share": "Vui lòng nhập một số."
    }  # invalid, missing not reported
    assert "online-channels" in data["visible"]  # skip logic: the follow-up questions are now asked
    saved = {a.question.code: a for a in Answer.objects.filter(assessment=draft).select_related("question")}
    assert set(saved) == {"online-presence", "sells-online"}


def test_reload_and_second_device_resume_where_the_user_was(client, owner, store, draft):
    client.force_login(owner)
    fill(client, draft, {1: RDX_BEST[1]})
    client.post(page_url(draft, 2), {"pos": "pos", "action": "save"})
    # a reload of the page shows the saved answer checked
    html = client.get(page_url(draft, 2)).content.decode()
    assert 'value="pos" checked' in html
    # a second representative on another device starting the survey lands on the same draft, on page 2
    partner = MembershipFactory(business=store, role="member").user
    client.force_login(partner)
    response = client.post(reverse("assessment:start"), {"business": store.pk, "programme": "RDX"})
    assert response["Location"] == page_url(draft, 2)
    assert Assessment.objects.filter(business=store).count() == 1


def test_missing_and_invalid_answers_are_shown_on_their_page(client, owner, draft):
    client.force_login(owner)
    response = client.post(
        page_url(draft, 1), {"online-presence": "none", "sells-online": "yes", "online-revenue-share": "150"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giá trị lớn nhất là 100." in html
    assert html.count("Vui lòng trả lời câu hỏi này.") == 3  # channels, customer data, loyalty
    assert 'id="q-online-channels"' in html and 'data-show-if="sells-online=yes"' in html
    # a multiple choice with an exclusive option chosen with another
    fill(client, draft, {1: RDX_BEST[1]})
    response = client.post(page_url(draft, 2), {**RDX_BEST[2], "cashless": ["cash-only", "qr"]})
    assert "không chọn cùng các phương án khác" in response.content.decode()


def test_submitting_an_incomplete_survey_points_to_the_page(client, owner, draft):
    client.force_login(owner)
    fill(client, draft, {1: RDX_BEST[1], 2: RDX_BEST[2], 4: RDX_BEST[4]})
    response = client.post(reverse("assessment:review", kwargs={"pk": draft.pk}))
    assert response["Location"] == page_url(draft, 3) + "?kiem-tra=1"
    html = client.get(response["Location"]).content.decode()
    assert "Vui lòng trả lời câu hỏi này." in html and "Quản lý và con người" in html
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_submitting_twice_creates_one_assessment(client, owner, store, draft):
    client.force_login(owner)
    fill(client, draft)
    url = reverse("assessment:review", kwargs={"pk": draft.pk})
    first, second = client.post(url), client.post(url)
    assert first["Location"] == second["Location"] == reverse("assessment:result", kwargs={"pk": draft.pk})
    assert Assessment.objects.filter(business=store).count() == 1
    submitted_at = Assessment.objects.get(pk=draft.pk).submitted_at
    again = assessment_submit(assessment_id=draft.pk, actor=owner)  # the service itself is idempotent
    assert again.submitted_at == submitted_at
    # saving a page of a submitted assessment changes nothing
    response = client.post(page_url(draft, 1), {"online-presence": "none"})
    assert response["Location"] == reverse("assessment:result", kwargs={"pk": draft.pk})
    assert Answer.objects.get(assessment=draft, question__code="online-presence").option_ids != []


def test_starting_twice_makes_one_draft(owner, store, rdx_set):
    first = assessment_start(business=store, programme="RDX", actor=owner)
    second = assessment_start(business=store, programme="RDX", actor=owner)
    assert first.pk == second.pk


def test_the_database_refuses_a_second_draft(owner, store, draft):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(business=store, criteria_set=draft.criteria_set, programme="RDX")


def test_the_service_refuses_an_incomplete_submit(owner, draft):
    with pytest.raises(AssessmentIncomplete) as error:
        assessment_submit(assessment_id=draft.pk, actor=owner)
    assert error.value.first_page == 1 and set(error.value.errors) == {1, 2, 3, 4}


def test_a_business_takes_it_again_and_keeps_every_submission(client, owner, store, draft):
    client.force_login(owner)
    fill(client, draft)
    client.post(reverse("assessment:review", kwargs={"pk": draft.pk}))
    client.post(reverse("assessment:start"), {"business": store.pk, "programme": "RDX"})
    retake = Assessment.objects.get(business=store, status="draft")
    assert retake.pk != draft.pk
    worse = {**RDX_BEST, 4: {**RDX_BEST[4], "backup": "none"}}
    fill(client, retake, worse)
    client.post(reverse("assessment:review", kwargs={"pk": retake.pk}))
    assert Assessment.objects.filter(business=store, status="submitted").count() == 2
    html = client.get(reverse("assessment:result", kwargs={"pk": retake.pk})).content.decode()
    assert "Các lần đánh giá, theo phiên bản bộ tiêu chí" in html
    assert "So với lần trước" in html and "-4,44" in html  # technology 60.00 → lost 40/4.5 … total 95.56
    assert str(store.result_for("RDX").score) == "95.56"


@pytest.mark.parametrize("who", ["other", "anonymous"])
def test_other_people_cannot_see_or_change_a_survey(client, draft, other_user, who):
    if who == "other":
        client.force_login(other_user)
    urls = [
        reverse("assessment:resume", kwargs={"pk": draft.pk}),
        page_url(draft, 1),
        reverse("assessment:review", kwargs={"pk": draft.pk}),
        reverse("assessment:result", kwargs={"pk": draft.pk}),
    ]
    for url in urls:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
        else:
            assert response.status_code == 404
    response = client.post(page_url(draft, 1), {"online-presence": "website"})
    assert response.status_code in (302, 404)
    assert not Answer.objects.filter(assessment=draft).exists()
    response = client.post(reverse("assessment:start"), {"business": draft.business_id, "programme": "RDX"})
    assert response.status_code == (404 if who == "other" else 302)


def test_survey_page_query_count(client, owner, draft, django_assert_max_num_queries):
    client.force_login(owner)
    fill(client, draft, {1: RDX_BEST[1]})
    client.get(page_url(draft, 2))  # warm the criteria cache
    with django_assert_max_num_queries(5):
        assert client.get(page_url(draft, 2)).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.post(page_url(draft, 2), {**RDX_BEST[2], "action": "next"}).status_code == 302


def test_saving_a_page_again_rewrites_only_the_answers_that_changed(client, owner, draft):
    client.force_login(owner)
    fill(client, draft, {1: RDX_BEST[1]})
    before = dict(Answer.objects.filter(assessment=draft).values_list("question__code", "updated_at"))
    changed = {**RDX_BEST[1], "sells-online": "no"}
    client.post(page_url(draft, 1), {**changed, "action": "save"})
    after = dict(Answer.objects.filter(assessment=draft).values_list("question__code", "updated_at"))
    rewritten = {code for code in before if after.get(code) != before[code]}
    assert rewritten == {"sells-online"}
    assert Answer.objects.get(assessment=draft, question__code="sells-online").option_ids != []


def test_save_and_submit_take_few_queries(client, owner, draft, django_assert_num_queries):
    structure.clear_cache()  # the criteria structure is read once per process: counted here whatever ran before
    client.force_login(owner)
    fill(client, draft, {1: RDX_BEST[1]})
    # session (none when Redis holds it), user, the survey's reference (criteria set, the business's kind and
    # sector, read fresh), the save: one statement on PostgreSQL; on SQLite a savepoint around the guard and
    # the upsert (no removal: this page empties no answer)
    session = session_queries()
    with django_assert_num_queries(session + (3 if connection.vendor == "postgresql" else 6)):
        assert client.post(page_url(draft, 1), {**RDX_BEST[1], "action": "next"}).status_code == 302
    fill(client, draft)
    # session, user, then lock + answers and the writes (assessment, business, summary tables)
    with django_assert_num_queries(session + 11):
        assert client.post(reverse("assessment:review", kwargs={"pk": draft.pk})).status_code == 302
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.SUBMITTED


def test_a_submission_leaves_no_history_row_on_the_business(client, owner, draft):
    """The latest result copied onto the business is derived data: the assessment is the record."""
    client.force_login(owner)
    history = draft.business.history.count()
    fill(client, draft)
    client.post(reverse("assessment:review", kwargs={"pk": draft.pk}))
    business = type(draft.business).objects.get(pk=draft.business_id)
    assert business.result_for("RDX").level == "dot_pha"
    assert business.history.count() == history
