"""The survey's reference (criteria set, business kind and sector) is kept in the process's own cache in front of
the shared one: saves after the first read it without a query or a round trip, and it grants nothing by itself."""

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from assessment.models import Answer, Option
from assessment.selectors import forget_survey_ref, survey_ref_or_404
from tests.assessment.conftest import RDX_BEST

pytestmark = pytest.mark.django_db

KEY = "assessment:ref:{}"


def test_the_reference_is_read_once_then_served_from_the_process_cache(
    owner, draft, django_assert_num_queries
):
    with django_assert_num_queries(1):
        ref = survey_ref_or_404(owner, draft.pk)
    assert (ref.pk, ref.criteria_set_id, ref.kind) == (draft.pk, draft.criteria_set_id, draft.business.kind)
    assert caches["local"].get(KEY.format(draft.pk)) == ref
    assert cache.get(KEY.format(draft.pk)) == ref
    cache.clear()  # the shared cache (Redis in production) is not asked again
    with django_assert_num_queries(0):
        assert survey_ref_or_404(owner, draft.pk) == ref


def test_another_process_takes_the_reference_from_the_shared_cache(owner, draft, django_assert_num_queries):
    ref = survey_ref_or_404(owner, draft.pk)
    caches["local"].clear()  # as in a second gunicorn process
    with django_assert_num_queries(0):
        assert survey_ref_or_404(owner, draft.pk) == ref
    assert caches["local"].get(KEY.format(draft.pk)) == ref


def test_forgetting_a_reference_forgets_it_in_both_caches(owner, draft, django_assert_num_queries):
    survey_ref_or_404(owner, draft.pk)
    forget_survey_ref(draft.pk)
    assert caches["local"].get(KEY.format(draft.pk)) is None
    assert cache.get(KEY.format(draft.pk)) is None
    with django_assert_num_queries(1):
        survey_ref_or_404(owner, draft.pk)


def test_a_cached_reference_lets_nobody_else_save(client, owner, other_user, draft):
    client.force_login(owner)
    url = reverse("assessment:page", kwargs={"pk": draft.pk, "page": 1})
    assert client.post(url, {**RDX_BEST[1], "action": "next"}).status_code == 302
    saved = Answer.objects.filter(assessment=draft).count()
    assert caches["local"].get(KEY.format(draft.pk)) is not None
    client.force_login(other_user)
    response = client.post(url, {**RDX_BEST[1], "online-presence": "none", "action": "next"})
    assert response.status_code == 404
    assert Answer.objects.filter(assessment=draft).count() == saved
    kept = Answer.objects.get(assessment=draft, question__code="online-presence").option_ids
    assert list(Option.objects.filter(pk__in=kept).values_list("code", flat=True)) == ["website"]
    assert caches["local"].get(KEY.format(draft.pk)) is None  # a refused save forgets it
