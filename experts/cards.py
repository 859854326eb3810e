"""The experts suggested on a result page, as ready-to-show cards: the same ranking as `experts_for_pillars`
(`matching.rank`), read in three plain queries and with every label computed once, so the page renders them
without touching a model (`templates/experts/includes/matching_experts.html`; a test keeps each card equal to
`expert_card.html`)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from experts.matching import Candidate, Need, rank
from experts.models import Expert, ExpertKind, ExpertSpecialty
from experts.selectors import SPECIALTY_LABELS, available_experts, province_label
from experts.templatetags.experts_tags import rating_label, stars

SHOWN_PROVINCES = 4


@dataclass(frozen=True)
class ExpertCard:
    """A certified expert as the result page shows them (certified: the pool holds no other)."""

    pk: int
    name: str
    url: str
    kind_label: str
    headline: str
    stars: str  # '' when nobody has rated them yet
    rating_text: str
    specialty_labels: list[str]
    provinces_text: str
    match_score: Decimal
    match_reasons: list[str]


@functools.lru_cache(maxsize=8)
def _labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The specialties' and the kinds' labels in a language, as text (translations change only with a deploy)."""
    with translation.override(language):
        return (
            {code: str(label) for code, label in SPECIALTY_LABELS.items()},
            {kind: str(label) for kind, label in ExpertKind.choices},
        )


def _provinces_text(names: list[str]) -> str:
    text = ", ".join(names[:SHOWN_PROVINCES])
    more = len(names) - SHOWN_PROVINCES
    if more > 0:
        text += " " + ngettext("và %(n)s tỉnh khác", "và %(n)s tỉnh khác", more) % {"n": more}
    return text


@dataclass
class CardRows:
    """What the cards are made of: the candidates (certified experts with room for more work who know at least
    one of the pillars: id, name, kind, headline, rating average and count, open load), each one's specialty
    codes in the order its card lists them and its provinces (code, name) in code order."""

    experts: list[tuple]
    specialties: dict[int, list[str]] = field(default_factory=dict)
    provinces: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


def card_rows(codes: tuple[str, ...]) -> CardRows:
    """The candidates' rows through the ORM (the hand-written twin for the result page:
    `assessment.result_sql.expert_card_rows`)."""
    experts = list(
        available_experts()
        .filter(pk__in=ExpertSpecialty.objects.filter(code__in=codes).values("expert_id"))
        .values_list("pk", "name", "kind", "headline", "rating_avg", "rating_count", "open_load")
        .order_by("pk")
    )
    ids = [row[0] for row in experts]
    rows = CardRows(experts, defaultdict(list), defaultdict(list))
    for expert_id, code in ExpertSpecialty.objects.filter(expert_id__in=ids).values_list("expert_id", "code"):
        rows.specialties[expert_id].append(code)
    for expert_id, code, name in (
        Expert.provinces.through.objects.filter(expert_id__in=ids)
        .values_list("expert_id", "province_id", "province__name")
        .order_by("expert_id", "province_id")
    ):
        rows.provinces[expert_id].append((code, name))
    return rows


def expert_cards_for_pillars(
    pillar_codes: Iterable[str], *, province=None, limit: int = 3, read: Callable = card_rows
) -> list[ExpertCard]:
    """The best `limit` certified experts sharing at least one of the pillars, ranked for the business's
    `province` (a Province or None), best first. `read`: how the rows are read (`card_rows` or its hand-written
    twin)."""
    codes = tuple(dict.fromkeys(pillar_codes))
    if not codes:
        return []
    rows = read(codes)
    specialties, provinces = rows.specialties, rows.provinces
    pool = [
        Candidate(
            expert_id=pk,
            name=name,
            specialties=frozenset(specialties.get(pk, ())),
            province_ids=frozenset(code for code, _name in provinces.get(pk, ())),
            sector_ids=frozenset(),
            rating_avg=rating_avg,
            rating_count=rating_count,
            open_load=open_load,
        )
        for pk, name, _kind, _headline, rating_avg, rating_count, open_load in rows.experts
    ]
    specialty_labels, kind_labels = _labels(translation.get_language())
    need = Need(
        specialties=codes,
        province_id=province.pk if province is not None else None,
        province_name=province_label(province),
        specialty_labels=specialty_labels,
    )
    shown = {row[0]: row for row in rows.experts}
    cards = []
    for match in rank(pool, need, limit=limit):
        pk, name, kind, headline, rating_avg, rating_count, _load = shown[match.expert_id]
        cards.append(
            ExpertCard(
                pk=pk,
                name=name,
                url=reverse("experts:profile", kwargs={"pk": pk}),
                kind_label=kind_labels[kind],
                headline=headline,
                stars=stars(rating_avg) if rating_count else "",
                rating_text=rating_label(rating_avg, rating_count),
                specialty_labels=[specialty_labels.get(code, code) for code in specialties.get(pk, ())],
                provinces_text=_provinces_text([name for _code, name in provinces.get(pk, ())]),
                match_score=match.score,
                match_reasons=match.reasons,
            )
        )
    return cards
