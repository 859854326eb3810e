"""The survey's steps: one link per page, the current one marked for screen readers (aria-current), the finished
ones labelled; names escaped."""

import pytest
from django.urls import reverse

from assessment.models import Pillar
from assessment.pages import _steps_html
from tests.assessment.conftest import RDX_BEST

pytestmark = pytest.mark.django_db


def test_the_steps_mark_the_current_page_and_the_finished_ones(client, owner, draft):
    client.force_login(owner)
    page = lambda number: reverse("assessment:page", kwargs={"pk": draft.pk, "page": number})  # noqa: E731
    assert client.post(page(1), {**RDX_BEST[1], "action": "next"}).status_code == 302
    html = client.get(page(2)).content.decode()
    first, second = Pillar.objects.filter(criteria_set=draft.criteria_set).order_by("position")[:2]
    assert (
        f'<li class="is-done"><a href="{page(1)}" title="{first.name}"><span class="visually-hidden">Phần</span> 1'
        '<span class="visually-hidden"> (đã xong)</span></a></li>'
    ) in html
    assert (
        f'<li class="is-current"><a href="{page(2)}" aria-current="step" title="{second.name}">'
        '<span class="visually-hidden">Phần</span> 2</a></li>'
    ) in html
    assert html.count("<li class=") >= 4


def test_a_step_name_is_escaped():
    pillar = Pillar(name='Bán hàng <b>"số"</b>')
    html = _steps_html(
        [{"current": False, "done": False, "url": "/x/?a=1&b=2", "pillar": pillar, "position": 1}]
    )
    assert 'title="Bán hàng &lt;b&gt;&quot;số&quot;&lt;/b&gt;"' in html
    assert 'href="/x/?a=1&amp;b=2"' in html
    assert '<li class="">' in html
