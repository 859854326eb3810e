"""The status workflow of an application: who may move it, where, and the trace it leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from platforms import services
from platforms.models import ListingStatus
from smedx_portal.models import AuditEntry
from tests.factories import UserFactory
from tests.platforms.factories import ListingFactory

pytestmark = pytest.mark.django_db
S = ListingStatus


def test_first_evaluation_moves_an_application_under_evaluation(listing, evaluate):
    assert listing.status == S.APPLIED
    evaluate(listing)
    listing.refresh_from_db()
    assert listing.status == S.UNDER_EVALUATION


def test_selection_needs_an_evaluation_unless_fast_tracked(listing, staff):
    with pytest.raises(ValidationError, match="chưa được chấm điểm"):
        services.listing_select(listing=listing, actor=staff)


def test_full_lifecycle_is_recorded_in_history_and_audit_log(listing, evaluate, staff):
    evaluate(listing)
    listing = services.listing_select(listing=listing, actor=staff, reason="Điểm cao nhất nhóm")
    assert (listing.status, listing.slot) == (S.SELECTED, 1)
    listing = services.listing_delist(listing=listing, actor=staff, reason="Vi phạm cam kết ưu đãi")
    assert (listing.status, listing.slot) == (S.DELISTED, None)
    assert listing.status_reason == "Vi phạm cam kết ưu đãi"

    history = list(listing.history.order_by("history_date", "history_id"))
    assert [row.status for row in history] == [S.APPLIED, S.UNDER_EVALUATION, S.SELECTED, S.DELISTED]
    assert history[-1].history_user == staff
    assert history[-1].history_change_reason == "Vi phạm cam kết ưu đãi"
    assert history[2].slot == 1

    actions = list(AuditEntry.objects.for_object(listing).values_list("action", "actor", "reason"))
    assert ("listing.delist", staff.pk, "Vi phạm cam kết ưu đãi") in actions
    assert ("listing.select", staff.pk, "Điểm cao nhất nhóm") in actions
    assert ("listing.start_evaluation", staff.pk, "") in actions


@pytest.mark.parametrize("service", [services.listing_reject, services.listing_delist])
def test_reject_and_delist_need_a_reason(service, listing, evaluate, staff):
    evaluate(listing)
    if service is services.listing_delist:
        services.listing_select(listing=listing, actor=staff)
    with pytest.raises(ValidationError):
        service(listing=listing, actor=staff, reason="   ")


def test_forbidden_transitions(listing, evaluate, staff):
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.listing_delist(listing=listing, actor=staff, reason="Chưa được chọn thì không thể đưa ra")
    evaluate(listing)
    services.listing_reject(listing=listing, actor=staff, reason="Chưa đáp ứng tiêu chí kỹ thuật")
    with pytest.raises(ValidationError):
        services.listing_select(listing=listing, actor=staff)
    # a rejected application can be reconsidered
    listing = services.listing_start_evaluation(
        listing=listing, actor=staff, reason="Nhà cung cấp bổ sung hồ sơ"
    )
    assert listing.status == S.UNDER_EVALUATION


def test_complementary_is_counted_apart_and_can_be_promoted(accounting, evaluate, staff):
    listings = [ListingFactory(group=accounting) for _ in range(5)]
    for listing in listings:
        evaluate(listing)
    for listing in listings[:3]:
        services.listing_select(listing=listing, actor=staff)
    for listing in listings[3:]:
        services.listing_add_complementary(listing=listing, actor=staff, reason="Bổ sung nghiệp vụ hóa đơn")
    assert accounting.listings.filter(status=S.SELECTED).count() == 3
    assert accounting.listings.filter(status=S.COMPLEMENTARY, slot__isnull=True).count() == 2
    # a selected one steps down to complementary, freeing its slot for a complementary one
    services.listing_add_complementary(listing=listings[1], actor=staff, reason="Đổi vai trò")
    promoted = services.listing_select(listing=listings[4], actor=staff)
    assert promoted.slot == 2


def test_only_staff_decide(listing, evaluate):
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.listing_start_evaluation(listing=listing, actor=outsider)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(listing=listing, evaluator=outsider, scores={})
    with pytest.raises(PermissionDenied):
        services.listing_reject(listing=listing, actor=listing.platform.provider.owner, reason="Tự từ chối")


def test_periodic_review_snapshots_usage_and_is_logged(selected_listing, staff):
    platform = selected_listing.platform
    platform.usage_count = 2
    platform.save()
    review = services.review_record(
        listing=selected_listing,
        reviewer=staff,
        period="2026-H1",
        commitments_kept=False,
        outcome="warn",
        notes="Ít được chọn",
    )
    assert review.usage_count == 2
    assert AuditEntry.objects.for_object(selected_listing).filter(action="listing.review").exists()
