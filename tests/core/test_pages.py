import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese_and_explains_both_programmes(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Chương trình hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số" in html
    assert "Chương trình hỗ trợ cửa hàng bán lẻ chuyển đổi số" in html
    assert "Bộ Khoa học và Công nghệ" in html
    assert "377/QĐ-BTTTT" in html and "1459/QĐ-BTTTT" in html
    assert 'href="#main"' in html


def test_home_page_in_english(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Ministry of Science and Technology" in html


def test_language_switcher_sets_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_static_css_is_served_locally(client):
    html = client.get("/").content.decode()
    assert "/static/css/portal.css" in html
    assert "cdn" not in html.lower()
