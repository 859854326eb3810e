"""The survey's questions as HTML: rendered once per criteria version and language, filled in on each request.

A published criteria version never changes, so the markup of each of its questions (text, help, options, the
follow-up note, every translated label) is rendered by `assessment/includes/question.html` once per process and
language and kept on the version's cached `Structure`. What belongs to the person taking the survey (the options
chosen, the number typed, an error on it, whether a follow-up question is shown) is left in that rendering as
slots and filled, escaped, on every request: a page of the survey costs a few string joins instead of a template
loop over every option. A draft set (never cached) is rendered afresh on each request, the same way.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessment.models import OptionRole, QuestionType
from assessment.structure import Structure

TEMPLATE = "assessment/includes/question.html"
MULTIPLE_CHOICE = {QuestionType.MULTIPLE, QuestionType.TOOLS}
# Private-use characters: never in criteria text, and left alone by HTML escaping.
_OPEN, _CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{_OPEN}([a-z_]+)(?::(\\d+))?{_CLOSE}")
_LOCK = threading.Lock()


def _slot(kind: str, key: int | None = None) -> str:
    return f"{_OPEN}{kind}{'' if key is None else f':{key}'}{_CLOSE}"


@dataclass(frozen=True)
class CompiledQuestion:
    """A question's markup split at its slots: `texts[0] + value(slots[0]) + texts[1] + …`."""

    texts: tuple[str, ...]
    slots: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class Answered:
    """What the person has given for one question on this request."""

    option_ids: frozenset[int]
    number: Any
    hidden: bool
    error: str


def _marked_item(structure: Structure, question) -> dict[str, Any]:
    """The template's `item` for one question, every personal value replaced by its slot."""
    parent = structure.options.get(question.show_if_id) if question.show_if_id else None
    options = [option for option in question.option_list if option.role != OptionRole.LINK]
    links = [option for option in question.option_list if option.role == OptionRole.LINK]
    return {
        "q": question,
        "input": "checkbox" if question.type in MULTIPLE_CHOICE else "radio",
        "show_if": f"{structure.questions[parent.question_id].code}={parent.code}" if parent else "",
        "show_if_text": (
            _("Trả lời vì bạn đã chọn “%(option)s”.") % {"option": parent.display_label} if parent else ""
        ),
        "options": [{"o": option, "checked": _slot("checked", option.pk)} for option in options],
        "links": [{"o": option, "checked": _slot("checked", option.pk)} for option in links],
        "slots": {
            kind: _slot(kind)
            for kind in ("hidden", "error_class", "described_by", "error", "number", "invalid", "shown")
        },
    }


def _compile(structure: Structure, question) -> CompiledQuestion:
    html = render_to_string(TEMPLATE, {"item": _marked_item(structure, question)})
    pieces = _SLOT.split(html)
    # split() with two groups yields text, kind, key, text, kind, key, …, text
    texts = tuple(pieces[0::3])
    slots = tuple(
        (kind, int(key) if key else None) for kind, key in zip(pieces[1::3], pieces[2::3], strict=True)
    )
    return CompiledQuestion(texts=texts, slots=slots)


def compiled_question(structure: Structure, question) -> CompiledQuestion:
    """The question's compiled markup in the active language, kept on the structure when its set is frozen."""
    key = (get_language(), question.pk)
    compiled = structure.compiled_questions.get(key)
    if compiled is None:
        compiled = _compile(structure, question)
        if structure.criteria_set.is_frozen:
            with _LOCK:
                structure.compiled_questions[key] = compiled
    return compiled


def _values(question, answered: Answered) -> dict[str, str]:
    error, code = answered.error, question.code
    number = answered.number
    return {
        "hidden": " hidden" if answered.hidden else "",
        "error_class": " has-error" if error else "",
        "described_by": f' aria-describedby="err-{escape(code)}"' if error else "",
        "error": format_html('<p class="errorlist" id="err-{}">{}</p>', code, error) if error else "",
        "number": escape(floatformat(number, "-2")) if number is not None and number != "" else "",
        "invalid": ' aria-invalid="true"' if error else "",
        "shown": ""
        if answered.hidden
        else format_html('<input type="hidden" name="shown" value="{}">', code),
    }


def question_html(structure: Structure, question, answered: Answered) -> str:
    """The question's markup for this person: the compiled text with their answer, error and visibility."""
    compiled = compiled_question(structure, question)
    values = _values(question, answered)
    out = [compiled.texts[0]]
    for (kind, key), text in zip(compiled.slots, compiled.texts[1:], strict=True):
        if kind == "checked":
            out.append(" checked" if key in answered.option_ids else "")
        else:
            out.append(values[kind])
        out.append(text)
    return "".join(out)
