"""Never more than three selected platforms per group: held by the database, also under concurrent approvals."""

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, connections, transaction

from platforms import services
from platforms.models import Listing, ListingStatus
from platforms.services import decisions
from tests.factories import StaffFactory
from tests.platforms.conftest import all_scores
from tests.platforms.factories import ListingFactory, ensure_reference_data, group

S = ListingStatus


def _evaluated_listings(n: int, code: str = "smedx-accounting-finance"):
    staff = StaffFactory()
    listings = [ListingFactory(group=group(code)) for _ in range(n)]
    for listing in listings:
        services.evaluation_submit(
            listing=listing, evaluator=staff, scores=all_scores(listing.group.programme, 4)
        )
    return staff, listings


@pytest.mark.django_db
def test_a_fourth_selection_is_refused_with_a_clear_message():
    staff, listings = _evaluated_listings(4)
    slots = [services.listing_select(listing=listing, actor=staff).slot for listing in listings[:3]]
    assert slots == [1, 2, 3]
    with pytest.raises(ValidationError, match="Nhóm đã đủ 3 nền tảng"):
        services.listing_select(listing=listings[3], actor=staff)
    listings[3].refresh_from_db()
    assert listings[3].status == S.UNDER_EVALUATION
    # other groups are independent
    _staff, others = _evaluated_listings(1, "rdx-pos")
    assert services.listing_select(listing=others[0], actor=staff).slot == 1


@pytest.mark.django_db
def test_a_freed_slot_is_reused():
    staff, listings = _evaluated_listings(4)
    for listing in listings[:3]:
        services.listing_select(listing=listing, actor=staff)
    services.listing_delist(listing=listings[1], actor=staff, reason="Ngừng cung cấp dịch vụ")
    assert services.listing_select(listing=listings[3], actor=staff).slot == 2


@pytest.mark.django_db
def test_the_database_itself_refuses_a_fourth_slot_or_a_slot_without_selection():
    staff, listings = _evaluated_listings(4)
    for listing in listings[:3]:
        services.listing_select(listing=listing, actor=staff)
    # bypassing the service (bulk update skips every check but the database's)
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=listings[3].pk).update(status=S.SELECTED, slot=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=listings[3].pk).update(status=S.SELECTED, slot=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=listings[3].pk).update(status=S.SELECTED, slot=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=listings[3].pk).update(status=S.COMPLEMENTARY, slot=1)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_cannot_make_a_fourth(monkeypatch):
    """Two real transactions on two connections both see slot 3 free, then both try to take it.

    PostgreSQL: the second insert waits on the unique index until the first commits, fails, re-reads the free
    slots and reports the group full. SQLite serialises writers (a locked database is retried here, as a busy
    timeout would); either way exactly one approval wins and the group keeps three."""
    ensure_reference_data(wards=False)
    staff, listings = _evaluated_listings(4)
    for listing in listings[:2]:
        services.listing_select(listing=listing, actor=staff)
    contenders = listings[2:]

    both_read = threading.Barrier(2, timeout=10)
    original = decisions.free_slots
    waited = set()

    def free_slots_then_wait(group_id):
        slots = original(group_id)
        name = threading.current_thread().name
        if name not in waited:  # only the first read of each thread waits for the other
            waited.add(name)
            with contextlib.suppress(threading.BrokenBarrierError):
                both_read.wait()
        return slots

    monkeypatch.setattr(decisions, "free_slots", free_slots_then_wait)
    outcomes: dict[int, str] = {}

    def approve(listing):
        try:
            for _attempt in range(50):
                try:
                    services.listing_select(listing=listing, actor=staff)
                    outcomes[listing.pk] = "selected"
                    return
                except OperationalError:  # SQLite: the other writer holds the lock
                    both_read.abort()
                    threading.Event().wait(0.05)
            outcomes[listing.pk] = "locked"
        except ValidationError as error:
            outcomes[listing.pk] = "full" if "đủ 3" in " ".join(error.messages) else str(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(listing,), name=f"approver-{listing.pk}")
        for listing in contenders
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes.values()) == ["full", "selected"], outcomes
    assert Listing.objects.filter(group=contenders[0].group, status=S.SELECTED).count() == 3
    assert sorted(Listing.objects.filter(status=S.SELECTED).values_list("slot", flat=True)) == [1, 2, 3]
    if connection.vendor == "postgresql":
        assert both_read.broken is False  # both really read "slot 3 free" before either wrote
