"""Form fields every app shares: numbers and dates typed the Vietnamese way."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from smedx_portal.text import vietnamese_sort_key

# 1200000000, 1.200.000.000, 1 200 000 000 (also with no-break spaces) and 1,200,000,000 (English): one
# separator used throughout, groups of three.
GROUPED = re.compile(r"\d{1,3}(?P<sep>[. ,])\d{3}(?:(?P=sep)\d{3})*")
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_grouped_integer(text: str) -> int | None:
    """The whole number in `text`, or None when it is not one written with or without grouping."""
    text = SPACES.sub(" ", text).strip()
    if text.isdigit():
        return int(text)
    if GROUPED.fullmatch(text):
        return int(re.sub(r"[. ,]", "", text))
    return None


class GroupedNumberInput(forms.TextInput):
    """A text box with the phone's digit keyboard that shows a stored number grouped (1.200.000.000)."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str) or value is None:  # what the person typed comes back as typed
            return super().format_value(value)
        return number_format(int(value), use_l10n=True, force_grouping=True)


class GroupedIntegerField(forms.IntegerField):
    """Money in đồng and counts: accepts "1.200.000.000", "1 200 000 000" and "1200000000" alike."""

    widget = GroupedNumberInput
    default_error_messages = {
        "invalid": _("Nhập một số nguyên, ví dụ 1.200.000.000 hoặc 1200000000 (không có phần lẻ)."),
    }

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        number = parse_grouped_integer(str(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # no min/max/step attributes: they belong to <input type="number">, which refuses grouped text
        return {}


# Dates are typed and shown dd/mm/yyyy (06/12/2026); ISO (2026-12-06) is still accepted, so links, old
# bookmarks and browsers' autofill keep working. "-" and "." are accepted as separators too.
DATE_SHOWN = "%d/%m/%Y"
DATE_ACCEPTED = (DATE_SHOWN, "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_date(text: str) -> datetime.date | None:
    """The date in `text` written dd/mm/yyyy (or ISO), or None when it is not one."""
    text = (text or "").strip()
    for pattern in DATE_ACCEPTED:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class DateInput(forms.DateInput):
    """A text box that shows a date dd/mm/yyyy whatever the browser's language (the browser's date picker shows
    the browser's own order, mm/dd/yyyy in an English browser, and can't be typed the Vietnamese way)."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        defaults = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "size": 10, "maxlength": 10}
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_SHOWN)


class DateField(forms.DateField):
    """A date typed dd/mm/yyyy ("06/12/2026"), shown back the same way; ISO still accepted."""

    widget = DateInput
    input_formats = list(DATE_ACCEPTED)
    default_error_messages = {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 06/12/2026.")}


# A moment is typed and shown "06/12/2026 09:30" (24-hour clock); ISO with a "T" (what a browser's picker or an
# old form sent) is still accepted.
DATETIME_SHOWN = f"{DATE_SHOWN} %H:%M"
DATETIME_ACCEPTED = tuple(
    f"{date}{sep}{time}"
    for date in DATE_ACCEPTED
    for sep in (" ", "T")
    for time in ("%H:%M", "%H:%M:%S")
    if not (sep == "T" and date != "%Y-%m-%d")
)


class DateTimeInput(forms.DateTimeInput):
    """A text box that shows a moment dd/mm/yyyy hh:mm whatever the browser's language."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        defaults = {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off", "size": 16, "maxlength": 19}
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATETIME_SHOWN)


class DateTimeField(forms.DateTimeField):
    """A moment typed "06/12/2026 09:30" (Vietnam time), shown back the same way; ISO still accepted."""

    widget = DateTimeInput
    input_formats = list(DATETIME_ACCEPTED)
    default_error_messages = {
        "invalid": _("Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 06/12/2026 09:30."),
    }


class VietnameseOrderIterator(forms.models.ModelChoiceIterator):
    """A model choice list in Vietnamese alphabetical order of the choices' names (places, sectors, people)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted(
            self.queryset, key=lambda item: vietnamese_sort_key(self.field.label_from_instance(item))
        ):
            yield self.choice(obj)


class PlaceChoiceField(forms.ModelChoiceField):
    """A province or ward picker sorted the Vietnamese way (Cà Mau before Cao Bằng, Đ after D)."""

    iterator = VietnameseOrderIterator


class PlaceMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = VietnameseOrderIterator
