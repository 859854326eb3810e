"""Periodic reviews: a cycle freezes each listed platform's facts (one bounded query), a decision needs a reason
and is told to the provider, a delisting keeps history and tells the businesses using the platform (SMS only with
the participation consent), the provider appeals once within the window and staff answer."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from experts.models import ContentReport, SupportRequest
from platforms import services
from platforms.models import (
    Appeal,
    AppealStatus,
    DelistingNotice,
    Listing,
    ListingStatus,
    PlatformReview,
    RatingStatus,
    Trial,
    TrialStatus,
    UsageRegistration,
    UsageStatus,
)
from smedx_portal.models import AuditEntry
from smedx_portal.programmes import Programme
from tests.experts.factories import QuestionFactory
from tests.factories import BusinessFactory, MembershipFactory, UserFactory, consenting
from tests.platforms.factories import ListingFactory, ProviderUserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=90)


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def business(name: str, *purposes: str):
    membership = MembershipFactory(
        business=BusinessFactory(name=name, verification_status=VerificationStatus.VERIFIED)
    )
    consenting(membership.user, *purposes)
    return membership.business, membership.user


def use(platform, listing, company, status=UsageStatus.ACTIVE, created=None):
    usage = UsageRegistration.objects.create(
        business=company,
        platform=platform,
        listing=listing,
        status=status,
        confirmed_at=timezone.now() if status == UsageStatus.ACTIVE else None,
    )
    if created:
        UsageRegistration.objects.filter(pk=usage.pk).update(created_at=created)
    return usage


def open_cycle(actor, programme=Programme.SMEDX, start=START, end=TODAY, **extra):
    return services.review_cycle_open(
        programme=programme, title="6 tháng", period_start=start, period_end=end, actor=actor, **extra
    )


@pytest.fixture
def world(selected_listing, staff):
    """The selected platform used by two businesses (one consenting to participation), tried and rated once,
    complained about twice in the period and once before it; another platform selected with no activity."""
    platform = selected_listing.platform
    platform.provider.contact_email = "kinhdoanh@ketoanviet.vn"
    platform.provider.save()
    an, an_owner = business("Tạp hóa Minh An", ConsentPurpose.PARTICIPATION)
    binh, binh_owner = business("Cửa hàng Bình")  # no participation consent: no SMS
    use(platform, selected_listing, an)
    use(platform, selected_listing, binh, status=UsageStatus.REQUESTED)
    use(platform, selected_listing, binh, status=UsageStatus.CANCELLED, created=days_ago(200))
    Trial.objects.create(
        business=an,
        platform=platform,
        listing=selected_listing,
        status=TrialStatus.TRIED,
        tried_at=timezone.now(),
        rating=4,
        rated_at=timezone.now(),
        rating_status=RatingStatus.APPROVED,
    )
    Trial.objects.create(
        business=binh,
        platform=platform,
        listing=selected_listing,
        status=TrialStatus.TRIED,
        tried_at=timezone.now(),
        rating=1,
        rated_at=timezone.now(),
        rating_status=RatingStatus.PENDING,  # not moderated yet: not counted
    )
    SupportRequest.objects.create(
        name="Chị An", phone="+84912345678", message="Không được hỗ trợ", about_platform=platform
    )
    old = SupportRequest.objects.create(
        name="Chị An", phone="+84912345678", message="Cũ", about_platform=platform
    )
    SupportRequest.objects.filter(pk=old.pk).update(created_at=days_ago(200))
    ContentReport.objects.create(
        question=QuestionFactory(), reporter=an_owner, reason="Quảng cáo sai", about_platform=platform
    )
    quiet = ListingFactory(group=selected_listing.group, status=ListingStatus.COMPLEMENTARY)
    return {"listing": selected_listing, "an": an_owner, "binh": binh_owner, "quiet": quiet}


def test_opening_a_cycle_freezes_each_listed_platforms_facts(world, staff, django_assert_max_num_queries):
    # The cycle (in a savepoint: a duplicate period is refused), the facts of every listing (one query), one
    # insert for the rows, the audit entry: the same count for two listings or two hundred.
    with django_assert_max_num_queries(10):
        cycle = open_cycle(staff)
    busy = cycle.reviews.get(listing=world["listing"])
    assert (busy.registered, busy.activated, busy.trials, busy.trials_tried) == (2, 1, 2, 2)
    assert (busy.rating_count, busy.rating_average, busy.complaints) == (1, Decimal("4.00"), 2)
    assert busy.obligations == {
        "agreement": True,
        "offer": False,
        "trials_on_time": True,
        "leads_answered": True,
    }
    quiet = cycle.reviews.get(listing=world["quiet"])
    assert (quiet.registered, quiet.trials, quiet.rating_average, quiet.complaints) == (0, 0, None, 0)
    assert not quiet.obligations_met
    with pytest.raises(ValidationError, match="Đã có kỳ rà soát"):
        open_cycle(staff)


def test_period_and_rights_are_checked(world, staff):
    with pytest.raises(ValidationError):
        open_cycle(staff, start=TODAY, end=TODAY - datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        open_cycle(world["an"])
    moit = UserFactory(role="moit_staff")
    with pytest.raises(PermissionDenied):
        open_cycle(moit)  # MoIT staff review RDX platforms only
    assert open_cycle(moit, programme=Programme.RDX).reviews.count() == 0


def test_a_decision_needs_a_reason_and_is_told_to_the_provider(
    world, staff, django_capture_on_commit_callbacks
):
    review = open_cycle(staff).reviews.get(listing=world["listing"])
    with pytest.raises(ValidationError, match="lý do"):
        services.review_decide(review=review, outcome="warn", reason="  ", actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(
            review=review, outcome="warn", reason="Chưa có ưu đãi cho doanh nghiệp", actor=staff
        )
    review.refresh_from_db()
    assert (review.outcome, review.decided_by, review.appeal_until) == (
        "warn",
        staff,
        TODAY + datetime.timedelta(days=15),
    )
    [email] = mail.outbox
    assert "kinhdoanh@ketoanviet.vn" in email.to
    assert (
        "Chưa có ưu đãi cho doanh nghiệp" in email.body
        and f"/nha-cung-cap/ra-soat/{review.pk}/" in email.body
    )
    assert (
        AuditEntry.objects.filter(action="platform_review.decide", reason__startswith="Chưa có").count() == 1
    )
    with pytest.raises(ValidationError, match="đã có quyết định"):
        services.review_decide(review=review, outcome="delist", reason="Đổi ý", actor=staff)


def test_delisting_keeps_history_tells_businesses_and_is_idempotent(
    world, staff, sms_outbox, django_capture_on_commit_callbacks
):
    listing = world["listing"]
    review = open_cycle(staff).reviews.get(listing=listing)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(
            review=review, outcome="delist", reason="Không thực hiện ưu đãi đã cam kết", actor=staff
        )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DELISTED and listing.status_reason.startswith("Không thực hiện")
    assert not Listing.objects.public().filter(pk=listing.pk).exists()
    assert listing.history.filter(status=ListingStatus.DELISTED).exists()
    notices = DelistingNotice.objects.filter(review=review)
    assert sorted(n.business.name for n in notices) == ["Cửa hàng Bình", "Tạp hóa Minh An"]
    assert [m.phone for m in sms_outbox] == [world["an"].phone]  # Bình's owner gave no participation consent
    assert "/thong-bao-nen-tang/" in sms_outbox[0].text
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.review_decide(review=review, outcome="delist", reason="Lần nữa", actor=staff)
    assert again.reason.startswith("Không thực hiện")
    assert (len(mail.outbox), len(sms_outbox), notices.count()) == (sent, 1, 2)
    assert AuditEntry.objects.filter(action="listing.delist").count() == 1


def test_appeal_window_owner_once_and_answer(world, staff, django_capture_on_commit_callbacks):
    review = open_cycle(staff).reviews.get(listing=world["listing"])
    owner = world["listing"].platform.provider.owner
    with pytest.raises(ValidationError):  # nothing to appeal yet
        services.appeal_file(review=review, actor=owner, text="Xin xem lại")
    services.review_decide(review=review, outcome="delist", reason="Ít doanh nghiệp sử dụng", actor=staff)
    with pytest.raises(PermissionDenied):
        services.appeal_file(review=review, actor=ProviderUserFactory(), text="Không phải của tôi")
    with pytest.raises(ValidationError, match="nội dung"):
        services.appeal_file(review=review, actor=owner, text=" ")
    PlatformReview.objects.filter(pk=review.pk).update(appeal_until=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="quá hạn"):
        services.appeal_file(review=review, actor=owner, text="Muộn")
    PlatformReview.objects.filter(pk=review.pk).update(appeal_until=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_file(review=review, actor=owner, text="Đã có 40 doanh nghiệp dùng trong quý")
    assert any("Khiếu nại" in email.subject for email in mail.outbox)
    with pytest.raises(ValidationError, match="đã được khiếu nại"):
        services.appeal_file(review=review, actor=owner, text="Lần hai")
    with pytest.raises(PermissionDenied):
        services.appeal_answer(appeal=appeal, actor=owner, upheld=True, answer="Tự duyệt")
    with pytest.raises(ValidationError):
        services.appeal_answer(appeal=appeal, actor=staff, upheld=True, answer="")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(appeal=appeal, actor=staff, upheld=True, answer="Số liệu mới được xác nhận")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.answered_by) == (AppealStatus.UPHELD, staff)
    assert Listing.objects.get(pk=world["listing"].pk).status == ListingStatus.UNDER_EVALUATION
    assert "Số liệu mới được xác nhận" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="đã được trả lời"):
        services.appeal_answer(appeal=appeal, actor=staff, upheld=False, answer="Đổi ý")
    assert Appeal.objects.count() == 1


def test_a_cycle_closes_only_when_every_platform_is_decided(world, staff):
    cycle = open_cycle(staff)
    with pytest.raises(ValidationError, match="chưa có quyết định"):
        services.review_cycle_close(cycle=cycle, actor=staff)
    for review in cycle.reviews.all():
        services.review_decide(review=review, outcome="keep", reason="Đạt yêu cầu", actor=staff)
    services.review_cycle_close(cycle=cycle, actor=staff)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.review_decide(review=cycle.reviews.first(), outcome="keep", reason="Đạt", actor=staff)
