"""The shared layout: a menu that opens without JavaScript, a favicon, next steps on the home page."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_menu_is_a_checkbox_and_label_that_need_no_javascript(client):
    html = client.get("/").content.decode()
    assert '<input type="checkbox" id="nav-toggle"' in html
    assert '<label for="nav-toggle" class="nav-toggle-label">' in html
    assert html.index('id="nav-toggle"') < html.index(
        'class="nav-panel"'
    )  # the CSS sibling selector needs it


def test_every_page_links_a_favicon_and_favicon_ico_exists(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"


def test_messages_sit_inside_main_so_the_header_stays_short(client):
    response = client.get("/chung-nhan/?number=XX-0000", follow=True)
    html = response.content.decode()
    assert html.index('<main id="main"') < html.index('class="message message-error"')


def test_home_page_asks_visitors_to_sign_up_and_members_to_go_on(client):
    assert "Đăng ký bằng số điện thoại" in client.get("/").content.decode()
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert "Đăng ký bằng số điện thoại" not in html
    assert 'href="/doanh-nghiep/"' in html


def test_an_expert_has_a_menu_link_to_their_consultations(client):
    client.force_login(UserFactory(role="expert"))
    assert 'href="/tu-van/"' in client.get("/").content.decode()
    client.force_login(UserFactory())
    assert 'href="/tu-van/"' not in client.get("/").content.decode()
