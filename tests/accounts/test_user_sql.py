"""The user load (`accounts.user_sql.user_row`, hand-written) and its ORM twin load the same user, field for
field, and nobody for an unknown id."""

from __future__ import annotations

import pytest

from accounts.user_sql import user_row, user_row_orm
from tests.factories import ProvinceOfficerFactory, UserFactory
from tests.twins import TWIN, assert_same_rows

pytestmark = TWIN


@pytest.mark.parametrize("make", [UserFactory, ProvinceOfficerFactory], ids=["owner", "officer"])
def test_the_hand_written_user_load_is_the_orms(make):
    user = make(email="nguoi.dung@example.vn", full_name="Người Dùng")
    (row,) = assert_same_rows(user_row, user_row_orm, user.pk)
    assert ("full_name", "Người Dùng") in row[1]


def test_an_unknown_id_is_nobody_both_ways():
    assert assert_same_rows(user_row, user_row_orm, 999_999_999) == []
