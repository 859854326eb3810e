import pytest

pytestmark = pytest.mark.django_db


def test_404_page_is_vietnamese_and_in_the_portal_layout(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert 'href="#main"' in html


def test_429_template_explains_the_wait():
    from django.template.loader import render_to_string

    html = render_to_string("429.html")
    assert "Bạn thao tác quá nhanh" in html
