"""The language switch of base.html, rendered once per language with the request's CSRF token and address
filled in on each request, gives exactly what rendering its template every time gives."""

from __future__ import annotations

import re

import pytest
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from smedx_portal.templatetags.portal_tags import language_switch

ADDRESS = '/doanh-nghiep/?q="<b>Tạp hóa</b>"&page=2'


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_language_switch_is_its_template_rendered_for_this_request(language):
    request = RequestFactory().get(ADDRESS)
    token = get_token(request)
    with translation.override(language):
        kept = language_switch(Context({"request": request, "csrf_token": token}))
        rendered = render_to_string(
            "includes/language_switch.html", {"csrf_token": token, "next_path": request.get_full_path()}
        )
    assert kept == rendered
    assert "&amp;page=2" in kept and "&page=2" not in kept  # the address escaped
    assert f'value="{token}"' in kept
    assert ('lang="en">EN</button>' in kept) and (
        f'aria-current="true" class="active" lang="{language}"' in kept
    )


@pytest.mark.django_db
def test_the_switch_on_a_page_posts_a_valid_token_and_comes_back_in_the_other_language():
    client = Client(enforce_csrf_checks=True)
    html = client.get("/chung-nhan/?so=abc").content.decode()
    switch = re.search(r'<form class="lang-switch".*?</form>', html, re.S).group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', switch).group(1)
    follow = re.search(r'name="next" value="([^"]+)"', switch).group(1)
    assert follow == "/chung-nhan/?so=abc"
    response = client.post("/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en", "next": follow})
    assert response.status_code == 302
    assert response["Location"] == "/en/chung-nhan/?so=abc"


def test_a_page_rendered_without_a_request_has_a_switch_without_token_or_address():
    html = render_to_string("429.html")
    assert '<form class="lang-switch"' in html
    assert 'name="next" value=""' in html
