"""The API's answers about a household business (identity lookup, open data as JSON and CSV) show no full CCCD."""

from __future__ import annotations

import pytest

from tests.core.test_no_full_cccd import CCCD, household  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("household")
def test_the_api_shows_it_masked(call, issue_key):
    _key, raw = issue_key(["identity:read", "stats:read"])
    identity = call(
        "post",
        "/api/v1/identity/lookup/",
        key=raw,
        data={"purpose": "Đối chiếu hồ sơ RDX", "tax_codes": [CCCD]},
    )
    assert identity.json()["results"][0]["registered"] is True
    stats = call("get", "/api/v1/stats/businesses/", key=raw)
    stats_csv = call("get", "/api/v1/stats/businesses/?format=csv", key=raw)
    for response in (identity, stats, stats_csv):
        assert response.status_code == 200 and CCCD not in response.content.decode()
