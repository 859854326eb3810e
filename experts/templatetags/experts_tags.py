from django import template
from django.utils.translation import gettext as _

from experts.text import plain_excerpt, render_markdown

register = template.Library()


@register.filter
def safe_markdown(text: str):
    return render_markdown(text)


@register.filter
def excerpt(text: str, length: int = 200) -> str:
    return plain_excerpt(text, int(length))


@register.filter
def stars(value) -> str:
    """'★★★★☆' for a rating (rounded to the nearest whole star)."""
    if value is None:
        return ""
    full = max(0, min(5, int(round(float(value)))))
    return "★" * full + "☆" * (5 - full)


@register.simple_tag
def rating_label(avg, count) -> str:
    if not count:
        return _("Chưa có đánh giá")
    return _("%(avg)s/5 (%(count)s lượt đánh giá)") % {"avg": f"{avg:.1f}".replace(".", ","), "count": count}


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()
