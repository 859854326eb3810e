"""Numbers written as the active language writes them, without Django's per-number overhead.

`django.utils.formats.number_format` looks the language and three format settings up again for every number
(about 15 µs each); a dashboard writes over a thousand numbers (its charts and tables), which cost more than
its queries. Here the separators are looked up once per language (they come from the format modules, fixed
at start; the lookup is cleared when a test changes a setting) and the digits are grouped by `format()`.
The output is Django's: `grouped` is `number_format(value, decimal_pos, use_l10n=True,
force_grouping=True)`, `plain` is what a template writes for `{{ value }}` (`formats.localize`); a grouping
other than 3 falls back to Django's own functions.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.dispatch import receiver
from django.test.signals import setting_changed
from django.utils.formats import get_format, localize, number_format
from django.utils.translation import get_language

Number = int | float | Decimal
ZERO = Decimal(0)
Separators = tuple[dict[int, str], bool]
_separators: dict[str | None, Separators] = {}


def separators() -> Separators:
    """The active language's `str.translate` table from Python's "," and "." to its own separators, and
    whether its digits group by three (`format(…, ",")` does only that). A caller writing many numbers
    looks it up once and passes it on."""
    language = get_language()
    found = _separators.get(language)
    if found is None:
        decimal_sep = get_format("DECIMAL_SEPARATOR", language, True)
        thousand_sep = get_format("THOUSAND_SEPARATOR", language, True)
        grouping = get_format("NUMBER_GROUPING", language, True)
        found = ({ord(","): thousand_sep, ord("."): decimal_sep}, grouping == 3)
        _separators[language] = found
    return found


@receiver(setting_changed)
def _forget_separators(**kwargs) -> None:
    _separators.clear()


def grouped(value: Decimal, decimals: int = 0, language: Separators | None = None) -> str:
    """`value` (already rounded to `decimals`) with grouped thousands: 1.234.567,5 in Vietnamese."""
    table, by_three = language or separators()
    if not by_three:
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if not value:
        value = ZERO  # Django writes -0.0 as 0,0
    return format(value, f",.{decimals}f").translate(table)


def plain(value: Number, language: Separators | None = None) -> str:
    """What a template writes for `{{ value }}`: 1234567, 12,5 (localised decimal separator)."""
    if settings.USE_THOUSAND_SEPARATOR or isinstance(value, bool):
        return str(localize(value))
    if isinstance(value, int):
        return str(value)
    table, _by_three = language or separators()
    if isinstance(value, float):
        text = str(value)
        if "e" in text.lower():
            return str(localize(value))
        return text.translate(table)
    if isinstance(value, Decimal):
        _sign, digits, exponent = value.as_tuple()
        if isinstance(exponent, int) and abs(exponent) + len(digits) <= 200:
            return format(value, "f").translate(table)
    return str(localize(value))
