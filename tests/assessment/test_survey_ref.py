"""The survey's reference (criteria set, the business's kind and sector) is read fresh on every save: only a
published criteria version's content is cached (by its id). Changing the business's kind or sector between two
pages changes the questions of the next page, loses nothing and raises no error."""

import pytest
from django.urls import reverse

from assessment.models import Answer, Option
from assessment.selectors import survey_ref_or_404
from businesses.models import Sector
from businesses.services import business_update
from tests.assessment.conftest import RDX_BEST

pytestmark = pytest.mark.django_db


def test_the_reference_is_one_query_and_follows_the_business(owner, draft, django_assert_num_queries):
    with django_assert_num_queries(1):
        ref = survey_ref_or_404(owner, draft.pk)
    assert (ref.pk, ref.criteria_set_id, ref.kind, ref.sector) == (
        draft.pk,
        draft.criteria_set_id,
        draft.business.kind,
        "tap-hoa",
    )
    type(draft.business).objects.filter(pk=draft.business_id).update(
        sector=Sector.objects.get(code="duoc-pham")
    )
    assert survey_ref_or_404(owner, draft.pk).sector == "duoc-pham"


def test_nobody_else_gets_a_reference_or_saves(client, owner, other_user, draft):
    from django.http import Http404

    with pytest.raises(Http404):
        survey_ref_or_404(other_user, draft.pk)
    client.force_login(owner)
    url = reverse("assessment:page", kwargs={"pk": draft.pk, "page": 1})
    assert client.post(url, {**RDX_BEST[1], "action": "next"}).status_code == 302
    saved = Answer.objects.filter(assessment=draft).count()
    client.force_login(other_user)
    response = client.post(url, {**RDX_BEST[1], "online-presence": "none", "action": "next"})
    assert response.status_code == 404
    assert Answer.objects.filter(assessment=draft).count() == saved
    kept = Answer.objects.get(assessment=draft, question__code="online-presence").option_ids
    assert list(Option.objects.filter(pk__in=kept).values_list("code", flat=True)) == ["website"]


def test_changing_the_sector_mid_survey_asks_the_new_sectors_questions(client, owner, draft):
    """A grocery store becomes a pharmacy between page 1 and page 2: page 2 asks the pharmacy question and
    saves its answer; page 1's answers are kept; nothing fails."""
    client.force_login(owner)
    page = lambda number: reverse("assessment:page", kwargs={"pk": draft.pk, "page": number})  # noqa: E731
    assert client.post(page(1), {**RDX_BEST[1], "action": "next"}).status_code == 302
    assert "pharmacy-link" not in client.get(page(2)).content.decode()  # a grocery store is not asked
    first_page = set(Answer.objects.filter(assessment=draft).values_list("question__code", flat=True))

    business_update(
        business=draft.business, actor=owner, data={"sector": Sector.objects.get(code="duoc-pham")}
    )

    assert 'name="pharmacy-link"' in client.get(page(2)).content.decode()
    response = client.post(page(2), {**RDX_BEST[2], "pharmacy-link": "yes", "action": "next"})
    assert response.status_code == 302, response.content.decode()[:2000]
    answered = set(Answer.objects.filter(assessment=draft).values_list("question__code", flat=True))
    assert first_page <= answered and "pharmacy-link" in answered
    # and back: the pharmacy question is no longer asked, and the page saves without it
    business_update(business=draft.business, actor=owner, data={"sector": Sector.objects.get(code="tap-hoa")})
    assert 'name="pharmacy-link"' not in client.get(page(2)).content.decode()
    assert client.post(page(2), {**RDX_BEST[2], "action": "next"}).status_code == 302
