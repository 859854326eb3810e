"""The reference data that migrations load survives transactional tests (tests/conftest.py restores it)."""

import pytest

from businesses.models import Province, Ward
from platforms.models import CategoryGroup


def _assert_reference_data():
    assert Province.objects.count() == 34
    assert Ward.objects.count() == 3321
    assert CategoryGroup.objects.filter(code="rdx-pos").exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_reference_data():
    _assert_reference_data()


@pytest.mark.django_db
def test_a_test_after_the_flush_still_sees_it():
    _assert_reference_data()


def test_a_live_server_test_sees_it(live_server):
    _assert_reference_data()


@pytest.mark.django_db
def test_and_so_does_the_next_one():
    _assert_reference_data()
