"""The bench's own URLs exist only in the bench: the product URLconf has none; the bench URLconf adds the floor."""

import pytest
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from tests.bench.bare.urls import read_one_row


def test_the_product_has_no_bench_route():
    for path in (
        "/bench/gui-khi-da-dang-nhap/",
        "/danh-gia/bench/mot-dong/",
        "/danh-gia/bench/gui-khi-da-dang-nhap/",
    ):
        with pytest.raises(Resolver404):
            resolve(path)


@pytest.mark.django_db
def test_the_bench_floor_needs_a_signed_in_post(client, settings, django_user_model):
    settings.ROOT_URLCONF = "tests.bench.urls"
    url = "/bench/gui-khi-da-dang-nhap/"
    assert "/tai-khoan/login/" in client.post(url)["Location"]
    client.force_login(
        django_user_model.objects.create(
            username="bench", phone="+84901234567", privacy_notice_version=settings.PRIVACY_NOTICE_VERSION
        )
    )
    assert client.post(url).status_code == 302
    assert client.get(url).status_code == 405
    assert client.get("/danh-gia/").status_code == 200  # the portal's pages are served too


@pytest.mark.django_db
def test_the_bare_view_reads_one_row():
    response = read_one_row(RequestFactory().get("/mot-dong/"))
    assert response.status_code == 200 and response.content.decode() == "Thành phố Hà Nội"
