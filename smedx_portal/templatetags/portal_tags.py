"""Template filters every app shares: the programmes' one spelling ("SMEdx", "RDX")."""

from django import template

from smedx_portal.audit_labels import action_label
from smedx_portal.programmes import short_name

register = template.Library()


@register.filter
def programme_name(code: str) -> str:
    """SMEDX → SMEdx, RDX → RDX: the programme as people write it, never its code."""
    return short_name(str(code))


@register.filter
def audit_action(code: str) -> str:
    """An audit-log action code in words ("report.submit" → "Gửi duyệt"), never the code itself."""
    return action_label(str(code))
