"""News and the handbook: scheduled publication, staff preview, accent-insensitive search, programme tags,
RSS, Open Graph tags, sanitised bodies, saving through the admin."""

import datetime

import pytest
from django.contrib.admin.sites import AdminSite
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns.admin import ArticleAdmin
from campaigns.models import Article, ArticleKind, ArticleStatus
from campaigns.services.content import article_save, articles_publish_due, sanitise
from smedx_portal.models import AuditEntry
from tests.campaigns.factories import ArticleFactory, ChapterFactory, representative

pytestmark = pytest.mark.django_db


def saved(staff, **fields) -> Article:
    return article_save(
        article=Article(**{"summary": "Tóm tắt", "body": "<p>Nội dung</p>", **fields}), actor=staff
    )


def test_drafts_and_future_articles_stay_hidden_until_their_time(client, staff):
    live = saved(staff, title="Đã đăng", slug="da-dang", status=ArticleStatus.PUBLISHED)
    later = saved(
        staff,
        title="Hẹn giờ",
        slug="hen-gio",
        status=ArticleStatus.PUBLISHED,  # with a future date it becomes scheduled
        publish_at=timezone.now() + datetime.timedelta(hours=2),
    )
    draft = saved(staff, title="Nháp", slug="nhap")
    assert later.status == ArticleStatus.SCHEDULED and draft.publish_at is None
    page = client.get(reverse("campaigns:article_list")).content.decode()
    assert "Đã đăng" in page and "Hẹn giờ" not in page and "Nháp" not in page
    assert client.get(later.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(live.get_absolute_url()).status_code == 200

    Article.objects.filter(pk=later.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(later.get_absolute_url()).status_code == 200  # shown on time, before any job runs
    assert articles_publish_due() == 1
    later.refresh_from_db()
    assert later.status == ArticleStatus.PUBLISHED


def test_staff_preview_drafts(client, staff):
    draft = saved(staff, title="Bản nháp bí mật", slug="ban-nhap")
    url = reverse("campaigns:article_preview", args=[draft.pk])
    assert client.get(url).status_code == 302  # to the admin sign-in
    client.force_login(representative())
    assert client.get(url).status_code == 302
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "Bản nháp bí mật" in page and 'data-testid="preview-banner"' in page and "noindex" in page


@pytest.mark.parametrize("query", ["ke toan", "KẾ TOÁN", "phan mem ke"])
def test_search_ignores_accents_and_case(client, staff, query):
    saved(staff, title="Phần mềm kế toán cho hộ kinh doanh", slug="ke-toan", status=ArticleStatus.PUBLISHED)
    saved(staff, title="Bán hàng đa kênh", slug="ban-hang", status=ArticleStatus.PUBLISHED)
    page = client.get(reverse("campaigns:article_list"), {"q": query}).content.decode()
    assert "Phần mềm kế toán" in page and "Bán hàng đa kênh" not in page


def test_filters_by_kind_and_programme_and_the_list_is_paginated(client, django_assert_max_num_queries):
    ArticleFactory(title="Chỉ RDX", kind=ArticleKind.GUIDE, for_smedx=False)
    ArticleFactory(title="Chỉ SMEdx", kind=ArticleKind.POLICY, for_rdx=False)
    for _ in range(11):
        ArticleFactory(publish_at=timezone.now() - datetime.timedelta(days=2))
    with django_assert_max_num_queries(4):
        page = client.get(reverse("campaigns:article_list"), {"programme": "RDX"}).content.decode()
    assert "Chỉ RDX" in page and "Chỉ SMEdx" not in page
    guides = client.get(reverse("campaigns:article_list"), {"kind": "guide"}).content.decode()
    assert "Chỉ RDX" in guides and "Chỉ SMEdx" not in guides
    assert 'rel="next"' in client.get(reverse("campaigns:article_list")).content.decode()


def test_open_graph_tags_for_zalo_and_facebook(client):
    article = ArticleFactory(
        title="Câu chuyện thành công của Tạp hóa Minh An", summary="Từ sổ tay đến bán hàng online"
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Câu chuyện thành công của Tạp hóa Minh An">' in page
    assert '<meta property="og:description" content="Từ sổ tay đến bán hàng online">' in page
    assert f'<meta property="og:url" content="http://testserver{article.get_absolute_url()}">' in page
    assert '<meta property="og:type" content="article">' in page


def test_the_rss_feed_lists_published_articles(client):
    ArticleFactory(title="Tin đã đăng")
    ArticleFactory(
        title="Tin sắp đăng",
        status=ArticleStatus.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = client.get(reverse("campaigns:article_feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "<title>Tin đã đăng</title>" in body and "Tin sắp đăng" not in body


def test_bodies_are_sanitised():
    dirty = '<p onclick="x()">Chào</p><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src=x onerror=y>'
    clean = sanitise(dirty)
    assert (
        "script" not in clean
        and "onclick" not in clean
        and "javascript" not in clean
        and "onerror" not in clean
    )
    assert "<p>Chào</p>" in clean


def test_the_admin_saves_through_the_service(staff):
    admin = ArticleAdmin(Article, AdminSite())
    request = RequestFactory().post("/")
    request.user = staff
    article = Article(
        title="Chính sách hỗ trợ mới", summary="Tóm tắt", body="<p>Đọc</p><script>x</script>", kind="policy"
    )
    admin.save_model(request, article, form=None, change=False)
    article.refresh_from_db()
    assert article.slug == "chinh-sach-ho-tro-moi"
    assert "script" not in article.body and article.search_key.startswith("chinh sach ho tro moi")
    assert article.author == staff
    assert AuditEntry.objects.for_object(article).get().action == "article.create"


def test_the_handbook_in_order_with_previous_and_next(client):
    first = ChapterFactory(title="Vì sao cần chuyển đổi số", position=1, slug="vi-sao")
    second = ChapterFactory(title="Bán hàng đa kênh", position=2, slug="ban-hang")
    ChapterFactory(title="Chương chưa đăng", position=3, slug="chua-dang", is_published=False)
    ChapterFactory(title="Chương SMEdx", programme="SMEDX", position=1, slug="smedx-1")
    index = client.get(reverse("campaigns:handbook_index")).content.decode()
    assert index.index("Vì sao cần chuyển đổi số") < index.index("Bán hàng đa kênh")
    assert "Chương chưa đăng" not in index and "Chương SMEdx" in index
    page = client.get(second.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in page and 'rel="prev"' in page and 'rel="next"' not in page
    assert client.get(reverse("campaigns:handbook_chapter", args=["rdx", "chua-dang"])).status_code == 404
    assert client.get(reverse("campaigns:handbook_chapter", args=["xyz", "vi-sao"])).status_code == 404


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 63), (179, 38, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_share_image_and_policy_attachments_are_served_for_published_articles_only(client, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campaigns.models import ArticleAttachment

    article = ArticleFactory(
        kind=ArticleKind.POLICY, image=SimpleUploadedFile("anh.png", _png(), "image/png")
    )
    attachment = ArticleAttachment.objects.create(
        article=article,
        title="Quyết định 1459/QĐ-BTTTT",
        file=SimpleUploadedFile("qd.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    page = client.get(article.get_absolute_url()).content.decode()
    image_url = reverse("campaigns:article_image", args=[article.slug])
    assert f'<meta property="og:image" content="http://testserver{image_url}">' in page
    image = client.get(image_url)
    assert image.status_code == 200 and b"".join(image.streaming_content).startswith(b"\x89PNG")
    download = client.get(reverse("campaigns:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert 'attachment; filename="quyet-dinh-1459qd-btttt.pdf"' in download["Content-Disposition"]

    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.DRAFT, publish_at=None)
    assert client.get(image_url).status_code == 404
    assert client.get(reverse("campaigns:attachment_download", args=[attachment.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(image_url).status_code == 200
