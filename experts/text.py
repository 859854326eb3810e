"""Posts are plain text or a small Markdown subset. Raw HTML is never interpreted: it is shown as text.

Two layers: Python-Markdown with its raw-HTML handling removed (so `<script>` becomes `&lt;script&gt;`),
then nh3 with a short allow-list, safe URL schemes only, and rel="nofollow ugc" on every link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "code", "pre", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
BARE_URL = r"(?<![\w/\"'=(])(https?://[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?])"


class _BareUrlProcessor(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        link = etree.Element("a")
        link.set("href", m.group(1))
        link.text = m.group(1)
        return link, m.start(0), m.end(0)


class _SafeSubset(Extension):
    """Raw HTML stays text; bare http(s) addresses become links; no images, no headings' ids."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("image_link")
        md.inlinePatterns.deregister("image_reference")
        md.inlinePatterns.deregister("short_image_ref")
        md.inlinePatterns.register(_BareUrlProcessor(BARE_URL, md), "bare_url", 5)


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(
        text or "", extensions=[_SafeSubset(), "nl2br", "sane_lists"], output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)


def plain_excerpt(text: str, length: int = 200) -> str:
    """The text without Markdown marks, for list pages and SMS."""
    text = re.sub(r"[*_`>#\[\]]", "", text or "")
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
