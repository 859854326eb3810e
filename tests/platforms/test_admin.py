"""Evaluation and selection in the Django admin: score entry, weighted total / spread / rank, decisions."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from platforms.models import EvaluationCriterion, Listing, ListingStatus
from smedx_portal.models import Certificate
from tests.factories import StaffFactory
from tests.platforms.factories import ListingFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/platforms/listing/"


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def score_form(value: int, comment: str = "") -> dict:
    data = {f"criterion_{c.pk}": str(value) for c in EvaluationCriterion.objects.for_programme("SMEDX")}
    return data | {"comment": comment}


def test_each_evaluator_enters_scores_and_the_list_shows_total_spread_and_rank(
    client, accounting, evaluators
):
    first, second = ListingFactory(group=accounting), ListingFactory(group=accounting)
    for evaluator, value in zip(evaluators[:2], (5, 3), strict=True):
        client.force_login(evaluator)
        page = client.get(f"{CHANGELIST}{first.pk}/evaluate/")
        assert page.status_code == 200 and "Chức năng của nền tảng" in page.content.decode()
        response = client.post(f"{CHANGELIST}{first.pk}/evaluate/", score_form(value, "Ổn định"))
        assert response.status_code == 302
    client.post(f"{CHANGELIST}{second.pk}/evaluate/", score_form(3))
    first.refresh_from_db()
    assert (str(first.score_total), str(first.score_spread), first.evaluator_count) == ("80.00", "40.00", 2)
    # the evaluator's own form comes back filled in with their scores only
    page = client.get(f"{CHANGELIST}{first.pk}/evaluate/").content.decode()
    assert 'value="3" selected' in page and 'value="5" selected' not in page

    response = client.get(CHANGELIST, {"group__id__exact": accounting.pk, "o": "-9"})  # by rank, descending
    rows = list(response.context["cl"].result_list)
    assert [(row.pk, row.rank_in_group) for row in rows] == [(second.pk, 2), (first.pk, 1)]  # 60 < 80
    change = client.get(f"{CHANGELIST}{first.pk}/change/").content.decode()
    assert "xếp hạng các hồ sơ trong nhóm".capitalize() in change or "Xếp hạng các hồ sơ trong nhóm" in change


def test_changelist_query_count_is_bounded(admin_client, accounting, evaluate, django_assert_max_num_queries):
    for _ in range(30):
        evaluate(ListingFactory(group=accounting))
    with django_assert_max_num_queries(12):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200


def test_select_action_respects_the_limit_of_three(admin_client, accounting, evaluate):
    listings = [ListingFactory(group=accounting) for _ in range(4)]
    for listing in listings:
        evaluate(listing)
    ids = [str(listing.pk) for listing in listings]
    page = admin_client.post(CHANGELIST, {"action": "select_listings", ACTION_CHECKBOX_NAME: ids})
    assert page.status_code == 200 and "Ý kiến (không bắt buộc)" in page.content.decode()
    response = admin_client.post(
        CHANGELIST,
        {"action": "select_listings", ACTION_CHECKBOX_NAME: ids, "apply": "1", "reason": "Hội đồng họp"},
        follow=True,
    )
    html = response.content.decode()
    assert "Đã lựa chọn 3 nền tảng" in html
    assert "Nhóm đã đủ 3 nền tảng" in html
    assert Listing.objects.filter(status=ListingStatus.SELECTED).count() == 3


def test_reject_and_delist_ask_for_a_reason_on_an_intermediate_page(admin_client, listing, evaluate, staff):
    evaluate(listing)
    data = {"action": "reject_listings", ACTION_CHECKBOX_NAME: [listing.pk]}
    page = admin_client.post(CHANGELIST, data)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    page = admin_client.post(CHANGELIST, data | {"apply": "1", "reason": ""})
    assert (
        "This field is required" in page.content.decode() or "Trường này là bắt buộc" in page.content.decode()
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.UNDER_EVALUATION
    admin_client.post(CHANGELIST, data | {"apply": "1", "reason": "Hồ sơ thiếu chứng nhận an toàn"})
    listing.refresh_from_db()
    assert (listing.status, listing.status_reason) == (
        ListingStatus.REJECTED,
        "Hồ sơ thiếu chứng nhận an toàn",
    )
    history = admin_client.get(f"{CHANGELIST}{listing.pk}/history/").content.decode()
    assert "Hồ sơ thiếu chứng nhận an toàn" in history


def test_complementary_action_and_certify_action(
    admin_client, listing, evaluate, django_capture_on_commit_callbacks
):
    listing.in_depth_requested = True
    listing.save()
    evaluate(listing)
    admin_client.post(
        CHANGELIST, {"action": "add_complementary", ACTION_CHECKBOX_NAME: [listing.pk], "apply": "1"}
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.COMPLEMENTARY
    until = (datetime.date.today() + datetime.timedelta(days=730)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST,
            {
                "action": "certify_listings",
                ACTION_CHECKBOX_NAME: [listing.pk],
                "apply": "1",
                "valid_until": until,
            },
            follow=True,
        )
    certificate = Certificate.objects.get()
    assert f"Đã cấp chứng nhận số {certificate.number}" in response.content.decode()
    assert certificate.pdf


def test_review_action_records_a_review(admin_client, selected_listing):
    admin_client.post(
        CHANGELIST,
        {
            "action": "record_review",
            ACTION_CHECKBOX_NAME: [selected_listing.pk],
            "apply": "1",
            "period": "2026-H2",
            "outcome": "warn",
            "notes": "Ít doanh nghiệp lựa chọn",
        },
    )
    review = selected_listing.reviews.get()
    assert (review.period, review.outcome, review.commitments_kept) == ("2026-H2", "warn", False)


def test_non_staff_cannot_reach_the_admin(client, listing):
    client.force_login(listing.platform.provider.owner)
    assert client.get(f"{CHANGELIST}{listing.pk}/evaluate/").status_code == 302
    assert client.get(CHANGELIST).status_code == 302


def test_ministry_staff_without_superuser_can_evaluate(client, listing):
    staff = StaffFactory(is_superuser=False)
    client.force_login(staff)
    assert client.get(f"{CHANGELIST}{listing.pk}/evaluate/").status_code == 200
