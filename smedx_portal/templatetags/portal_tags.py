"""Template filters and tags every app shares: the programmes' one spelling ("SMEdx", "RDX"), dates kept as
text, the language switch."""

import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


# Private-use characters (never in a translation or an address, left alone by escaping): where the request's own
# values go in the language switch rendered once per language.
_TOKEN_SLOT, _NEXT_SLOT = "\ue010", "\ue011"


@functools.lru_cache(maxsize=8)
def _language_switch_parts(language: str) -> tuple[str, str, str]:
    """`includes/language_switch.html` in `language`, split where the CSRF token and the return address go. Its
    labels and addresses change only with a deployment (as the header's, see base.html)."""
    html = render_to_string(
        "includes/language_switch.html", {"csrf_token": _TOKEN_SLOT, "next_path": _NEXT_SLOT}
    )
    before, rest = html.split(_TOKEN_SLOT)
    middle, after = rest.split(_NEXT_SLOT)
    return before, middle, after


@receiver(setting_changed)
def _forget_language_switch(*, setting: str, **kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "ROOT_URLCONF"}:
        _language_switch_parts.cache_clear()


@register.simple_tag(takes_context=True)
def language_switch(context) -> str:
    """The language switch (a form posting to `set_language`) with this request's CSRF token and address; the
    rest is rendered once per language (a template render on every page cost about 0.3 ms)."""
    request = context.get("request")  # none for a page rendered outside a request (an error page)
    token = context.get("csrf_token") or (get_token(request) if request else "")  # the page's own
    address = request.get_full_path() if request else ""
    before, middle, after = _language_switch_parts(get_language())
    return mark_safe(before + escape(str(token)) + middle + escape(address) + after)  # noqa: S308
