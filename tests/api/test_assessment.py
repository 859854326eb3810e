"""Published criteria sets for partners: levels with thresholds, pillars with weights; drafts stay private."""

from __future__ import annotations

import pytest

from assessment.criteria_files import CRITERIA_DIR, read_criteria_file
from assessment.demo import publish_with_demo_approvals
from assessment.models import CriteriaSet
from assessment.services.criteria_sets import criteria_set_load

pytestmark = pytest.mark.django_db
URL = "/api/v1/assessment/criteria-sets/"


@pytest.fixture
def criteria():
    rdx = publish_with_demo_approvals(criteria_set_load(spec=read_criteria_file(CRITERIA_DIR / "rdx.yaml")))
    draft = criteria_set_load(spec=read_criteria_file(CRITERIA_DIR / "smedx.yaml"))
    return rdx, draft


def test_published_sets_with_levels_and_pillars(criteria, call, issue_key, django_assert_max_num_queries):
    rdx, draft = criteria
    _key, raw = issue_key(["stats:read"])
    with django_assert_max_num_queries(7):
        response = call("get", URL, key=raw)
    assert response.status_code == 200
    [published] = response.json()["results"]
    assert (published["programme"], published["version"]) == (rdx.programme, rdx.version)
    assert [level["code"] for level in published["levels"]] == ["san_sang", "tang_truong", "dot_pha"]
    growth = published["levels"][1]
    assert (growth["name"], growth["threshold"]) == ("Tăng trưởng", f"{rdx.growth_threshold:.2f}")
    assert [pillar["code"] for pillar in published["pillars"]] == list(
        rdx.pillars.order_by("position").values_list("code", flat=True)
    )
    assert CriteriaSet.objects.filter(pk=draft.pk, status="draft").exists()
    english = call("get", URL + "?programme=RDX", key=raw, language="en").json()["results"][0]["levels"][1]
    assert english["code"] == "tang_truong"
    assert call("get", URL + "?programme=SMEDX", key=raw).json()["results"] == []


@pytest.mark.parametrize(
    ("scopes", "allowed"),
    [
        (["catalogue:read"], True),
        (["identity:read"], True),
        (["province:79:read"], True),
        (["stats:read"], True),
    ],
)
def test_any_read_scope_may_read_the_criteria(call, issue_key, scopes, allowed):
    _key, raw = issue_key(scopes)
    assert (call("get", URL, key=raw).status_code == 200) is allowed


def test_leads_only_keys_may_not(call, issue_key):
    from tests.factories import BusinessFactory

    _key, raw = issue_key(["leads:read"], owner=BusinessFactory())
    assert call("get", URL, key=raw).status_code == 403
