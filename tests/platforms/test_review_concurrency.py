"""Two staff deciding on the same platform at once: the review row is locked (SELECT … FOR UPDATE), so the second
waits for the first to commit, then sees its decision and is refused; the listing is delisted once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from accounts.models import Role
from platforms import services
from platforms.models import ListingStatus, PlatformReview
from smedx_portal.models import AuditEntry
from smedx_portal.programmes import Programme
from tests.factories import UserFactory
from tests.platforms.factories import ListingFactory, ensure_reference_data


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between two connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_on_one_platform():
    ensure_reference_data(wards=False)
    listing = ListingFactory(status=ListingStatus.SELECTED, slot=1)
    first, second = UserFactory(role=Role.MINISTRY_STAFF), UserFactory(role=Role.MINISTRY_STAFF)
    today = timezone.localdate()
    cycle = services.review_cycle_open(
        programme=Programme.SMEDX,
        title="Kỳ 1",
        period_start=today - datetime.timedelta(days=30),
        period_end=today,
        actor=first,
    )
    review = cycle.reviews.get()
    decided, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def delist():
        try:
            with transaction.atomic():
                services.review_decide(review=review, outcome="delist", reason="Vi phạm cam kết", actor=first)
                decided.set()
                release.wait(10)  # hold the row lock until the other decision is waiting on it
            outcomes["first"] = "delist"
        finally:
            connections.close_all()

    def keep():
        try:
            services.review_decide(review=review, outcome="keep", reason="Đạt yêu cầu", actor=second)
            outcomes["second"] = "keep"
        except ValidationError as error:
            outcomes["second"] = " ".join(error.messages)
        finally:
            connections.close_all()

    one = threading.Thread(target=delist)
    one.start()
    assert decided.wait(10)
    two = threading.Thread(target=keep)
    two.start()
    two.join(0.3)
    waited = two.is_alive()  # blocked on the lock, not finished
    release.set()
    for thread in (one, two):
        thread.join(20)

    assert waited
    assert outcomes["first"] == "delist" and "đã có quyết định" in outcomes["second"]
    review = PlatformReview.objects.get(pk=review.pk)
    assert (review.outcome, review.decided_by_id) == ("delist", first.pk)
    assert AuditEntry.objects.filter(action="listing.delist").count() == 1
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DELISTED
