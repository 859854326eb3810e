"""Template filters every app shares: the programmes' one spelling ("SMEdx", "RDX"), dates kept as text."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime

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


@register.filter
def iso_date(value: str) -> str:
    """An ISO date or time kept as text (a data export) shown as dd/mm/yyyy in Vietnam time; other text as is."""
    text = str(value or "")
    moment = parse_datetime(text)
    if moment is not None:
        day = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    else:
        day = parse_date(text[:10]) if len(text) >= 10 else None
    return date_format(day, "d/m/Y") if day else text
