"""Template filters every app shares: the programmes' one spelling ("SMEdx", "RDX")."""

from django import template

from smedx_portal.programmes import short_name

register = template.Library()


@register.filter
def programme_name(code: str) -> str:
    """SMEDX → SMEdx, RDX → RDX: the programme as people write it, never its code."""
    return short_name(str(code))
