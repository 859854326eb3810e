"""News, guides, stories, policy documents; the handbook; the RSS feed."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from campaigns.models import Article, ArticleAttachment, ArticleKind, HandbookChapter
from campaigns.services.content import search_articles
from smedx_portal.programmes import Programme
from smedx_portal.sms.encoding import strip_diacritics
from smedx_portal.text import search_key


def _programme_or_404(code: str) -> str:
    code = code.upper()
    if code not in Programme.values:
        raise Http404
    return code


@require_GET
def article_list(request):
    articles = Article.objects.published().only(
        "kind", "title", "slug", "summary", "image", "for_smedx", "for_rdx", "publish_at"
    )
    kind = request.GET.get("kind", "")
    if kind in ArticleKind.values:
        articles = articles.filter(kind=kind)
    programme = request.GET.get("programme", "")
    if programme in Programme.values:
        articles = articles.for_programme(programme)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        articles = search_articles(articles, query)
    page = Paginator(articles, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/article_list.html",
        {"page": page, "kind": kind, "kinds": ArticleKind.choices, "programme": programme, "query": query},
    )


def _render_article(request, article: Article, *, preview: bool = False):
    related = (
        Article.objects.published()
        .filter(kind=article.kind)
        .exclude(pk=article.pk)
        .only("title", "slug", "publish_at")[:3]
    )
    og_image = (
        request.build_absolute_uri(reverse("campaigns:article_image", args=[article.slug]))
        if article.image
        else ""
    )
    return render(
        request,
        "campaigns/article_detail.html",
        {
            "article": article,
            "attachments": article.attachments.all(),
            "related": related,
            "preview": preview,
            "og_url": request.build_absolute_uri(article.get_absolute_url()),
            "og_image": og_image,
        },
    )


@require_GET
def article_detail(request, slug: str):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return _render_article(request, article)


@staff_member_required
@require_GET
def article_preview(request, pk: int):
    """Staff see a draft or scheduled article exactly as it will look."""
    return _render_article(request, get_object_or_404(Article, pk=pk), preview=True)


def _visible_article(request, **lookup) -> Article:
    """A published article, or any article for staff (they preview drafts with their files)."""
    queryset = Article.objects.all() if request.user.is_staff else Article.objects.published()
    return get_object_or_404(queryset, **lookup)


@require_GET
def article_image(request, slug: str):
    """Uploaded files are not served from a public folder: the article's image through here."""
    article = _visible_article(request, slug=slug)
    if not article.image:
        raise Http404
    response = FileResponse(article.image.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def attachment_download(request, pk: int):
    attachment = get_object_or_404(ArticleAttachment.objects.select_related("article"), pk=pk)
    _visible_article(request, pk=attachment.article_id)
    extension = attachment.file.name.rsplit(".", 1)[-1].lower()
    filename = f"{slugify(strip_diacritics(attachment.title)) or 'tep-dinh-kem'}.{extension}"
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=filename)


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    title = gettext_lazy("Tin tức — Chương trình chuyển đổi số SMEdx / RDX")
    description = gettext_lazy("Tin tức, hướng dẫn, câu chuyện thành công và văn bản chính sách.")

    def link(self):
        return reverse("campaigns:article_list")

    def items(self):
        return Article.objects.published().order_by("-publish_at")[:30]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article):
        return item.publish_at

    def item_categories(self, item: Article):
        return [item.get_kind_display(), *item.programmes]


@require_GET
def handbook_index(request):
    chapters = HandbookChapter.objects.filter(is_published=True).only(
        "programme", "position", "title", "slug", "summary"
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        for word in search_key(query).split()[:8]:
            chapters = chapters.filter(search_key__contains=word)
    by_programme = {code: [] for code in Programme.values}
    for chapter in chapters:
        by_programme[chapter.programme].append(chapter)
    books = [(code, label, by_programme[code]) for code, label in Programme.choices]
    return render(request, "campaigns/handbook_index.html", {"books": books, "query": query})


@require_GET
def handbook_chapter(request, programme: str, slug: str):
    code = _programme_or_404(programme)
    chapters = list(
        HandbookChapter.objects.filter(programme=code, is_published=True).only(
            "position", "title", "slug", "programme"
        )
    )
    chapter = get_object_or_404(HandbookChapter, programme=code, slug=slug, is_published=True)
    index = next(i for i, item in enumerate(chapters) if item.pk == chapter.pk)
    return render(
        request,
        "campaigns/handbook_chapter.html",
        {
            "chapter": chapter,
            "chapters": chapters,
            "previous": chapters[index - 1] if index > 0 else None,
            "next": chapters[index + 1] if index + 1 < len(chapters) else None,
            "programme_label": Programme(code).label,
            "og_url": request.build_absolute_uri(chapter.get_absolute_url()),
            "title_suffix": _("Cẩm nang chuyển đổi số"),
        },
    )
