"""Articles and handbook chapters: saved by staff (admin), sanitised, searchable without accents."""

from __future__ import annotations

import re
from typing import Any

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from campaigns.models import Article, ArticleStatus, HandbookChapter
from smedx_portal.services import audit_log
from smedx_portal.text import search_key

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "img", "figure", "figcaption", "hr", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"scope"}}


def sanitise(html: str) -> str:
    """Keep formatting, drop scripts, styles and event handlers (the CSP forbids inline code anyway)."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def _text_of(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html)).strip()


@transaction.atomic
def article_save(*, article: Article, actor: Any) -> Article:
    """Create or update an article: sanitised body, search key, publication date for scheduled/published."""
    created = article.pk is None
    article.body = sanitise(article.body)
    if article.status != ArticleStatus.DRAFT and article.publish_at is None:
        article.publish_at = timezone.now()
    if article.status == ArticleStatus.PUBLISHED and article.publish_at > timezone.now():
        article.status = ArticleStatus.SCHEDULED
    article.search_key = search_key(f"{article.title} {article.summary} {_text_of(article.body)}")
    if created and article.author_id is None and getattr(actor, "pk", None):
        article.author = actor
    article.full_clean()
    article.save()
    audit_log(
        actor=actor,
        obj=article,
        action="article.create" if created else "article.edit",
        data={
            "status": article.status,
            "publish_at": article.publish_at.isoformat() if article.publish_at else None,
        },
    )
    return article


def articles_publish_due(*, now=None) -> int:
    """Scheduled articles whose time has come are shown already (see ArticleQuerySet.published); this only
    turns their status to published so the admin list says so."""
    now = now or timezone.now()
    return Article.objects.filter(status=ArticleStatus.SCHEDULED, publish_at__lte=now).update(
        status=ArticleStatus.PUBLISHED
    )


@transaction.atomic
def chapter_save(*, chapter: HandbookChapter, actor: Any) -> HandbookChapter:
    created = chapter.pk is None
    chapter.body = sanitise(chapter.body)
    chapter.search_key = search_key(f"{chapter.title} {chapter.summary} {_text_of(chapter.body)}")
    chapter.full_clean()
    chapter.save()
    audit_log(actor=actor, obj=chapter, action="handbook.create" if created else "handbook.edit")
    return chapter


def search_articles(queryset, query: str):
    """Accent-insensitive: every word of the query must appear ("ke toan" finds "Kế toán")."""
    for word in search_key(query).split()[:8]:
        queryset = queryset.filter(search_key__contains=word)
    return queryset
