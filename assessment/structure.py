"""A criteria set's pillars, questions and options in memory, in order, with lookups by id and code.

A published (or retired) set never changes, so its structure is cached per process: saving a page or scoring a survey
reads no criteria rows. Drafts (being edited in admin) are always read fresh.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from assessment.models import CriteriaSet, Option, Pillar, Question

_CACHE: dict[tuple, Structure] = {}
_LOCK = threading.Lock()
_CACHE_SIZE = 32


@dataclass
class Structure:
    criteria_set: CriteriaSet
    pillars: list[Pillar]
    questions: dict[int, Question] = field(default_factory=dict)
    questions_by_code: dict[str, Question] = field(default_factory=dict)
    options: dict[int, Option] = field(default_factory=dict)
    # each question's markup per language, compiled once (assessment.question_html)
    compiled_questions: dict[tuple[str, int], object] = field(default_factory=dict)

    def pillar_at(self, position: int) -> Pillar | None:
        """The pillar shown on survey page `position` (1-based)."""
        if 1 <= position <= len(self.pillars):
            return self.pillars[position - 1]
        return None

    def page_of(self, pillar_id: int | None) -> int:
        for index, pillar in enumerate(self.pillars, start=1):
            if pillar.pk == pillar_id:
                return index
        return 1


def _build(criteria_set: CriteriaSet) -> Structure:
    pillars = list(criteria_set.pillars.order_by("position"))
    questions = list(
        Question.objects.filter(pillar__criteria_set=criteria_set).order_by("pillar__position", "position")
    )
    options = list(
        Option.objects.filter(question__pillar__criteria_set=criteria_set).order_by("question_id", "position")
    )
    structure = Structure(criteria_set=criteria_set, pillars=pillars)
    by_pillar: dict[int, list[Question]] = {pillar.pk: [] for pillar in pillars}
    for question in questions:
        question.option_list = []
        by_pillar[question.pillar_id].append(question)
        structure.questions[question.pk] = question
        structure.questions_by_code[question.code] = question
    for option in options:
        structure.questions[option.question_id].option_list.append(option)
        structure.options[option.pk] = option
    for pillar in pillars:
        pillar.question_list = by_pillar[pillar.pk]
    for question in questions:
        question.options_by_code = {option.code: option for option in question.option_list}
        question.show_if_question_id = (
            structure.options[question.show_if_id].question_id if question.show_if_id else None
        )
    return structure


def structure_for(criteria_set: CriteriaSet | int) -> Structure:
    """The structure of a criteria set (an instance or an id); cached when the set is published.

    The cache key includes the publication time, so a reused id (a test database rolled back) never
    returns another set's structure.
    """
    if isinstance(criteria_set, int):
        criteria_set = CriteriaSet.objects.get(pk=criteria_set)
    if not criteria_set.is_frozen:
        return _build(criteria_set)
    key = (criteria_set.pk, criteria_set.published_at)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    structure = _build(criteria_set)
    with _LOCK:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = structure
    return structure


def structure_for_key(criteria_set_id: int, published_at) -> Structure:
    """The structure by id and publication time (no query when cached)."""
    if published_at is not None:
        cached = _CACHE.get((criteria_set_id, published_at))
        if cached is not None:
            return cached
    return structure_for(criteria_set_id)


def clear_cache() -> None:
    _CACHE.clear()
