from django import template
from django.utils.safestring import mark_safe

from campaigns.services.content import sanitise

register = template.Library()


@register.filter
def sanitised(html: str) -> str:
    """Staff-written HTML, cleaned again at display (bodies are cleaned on save too)."""
    return mark_safe(sanitise(html))  # noqa: S308 - nh3 removed everything unsafe


@register.filter
def level_label(code: str) -> str:
    from smedx_portal.levels import Level

    return str(Level(code).label) if code in Level.values else "—"
