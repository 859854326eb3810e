"""Ranking experts for a need: a pure function over plain values, so the order is testable to the place.

Score = specialty match + serves the province + knows the sector + rating − open load. Weights live here only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

WEIGHTS: dict[str, Decimal] = {
    "specialty": Decimal("40"),  # all the wanted specialties matched; a share of it for some
    "province": Decimal("25"),  # serves the business's province
    "sector": Decimal("15"),  # knows the business's sector
    "rating": Decimal("10"),  # times average rating / 5
    "load": Decimal("4"),  # subtracted per open consultation (awaiting the expert or active)
}
NEUTRAL_RATING = Decimal("3")  # what an expert nobody has rated yet counts as


@dataclass(frozen=True)
class Candidate:
    expert_id: int
    name: str
    specialties: frozenset[str]
    province_ids: frozenset[int]
    sector_ids: frozenset[int]
    rating_avg: Decimal | None = None
    rating_count: int = 0
    open_load: int = 0


@dataclass(frozen=True)
class Need:
    specialties: tuple[str, ...]
    province_id: int | None = None
    province_name: str = ""
    sector_id: int | None = None
    sector_name: str = ""
    specialty_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Match:
    candidate: Candidate
    score: Decimal
    reasons: list[str]
    matched_specialties: tuple[str, ...] = ()
    serves_province: bool = False

    @property
    def expert_id(self) -> int:
        return self.candidate.expert_id


def _rating_text(avg: Decimal) -> str:
    return f"{avg.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}".replace(".", ",")


def _points(candidate: Candidate, need: Need, weights: dict[str, Decimal]) -> tuple:
    """(total, matched specialties, serves the province, knows the sector, rating counted)."""
    total = Decimal("0")
    matched = tuple(code for code in need.specialties if code in candidate.specialties)
    if need.specialties and matched:
        total += weights["specialty"] * Decimal(len(matched)) / Decimal(len(need.specialties))
    serves = need.province_id is not None and need.province_id in candidate.province_ids
    if serves:
        total += weights["province"]
    knows = need.sector_id is not None and need.sector_id in candidate.sector_ids
    if knows:
        total += weights["sector"]
    rating = (candidate.rating_avg or Decimal("0")) if candidate.rating_count else NEUTRAL_RATING
    total += weights["rating"] * rating / Decimal("5")
    if candidate.open_load:
        total -= weights["load"] * candidate.open_load
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), matched, serves, knows, rating


def score(candidate: Candidate, need: Need, weights: dict[str, Decimal] = WEIGHTS) -> Match:
    total, matched, serves, knows, rating = _points(candidate, need, weights)
    reasons: list[str] = []
    if need.specialties and matched:
        labels = ", ".join(str(need.specialty_labels.get(code, code)) for code in matched)
        reasons.append(_("Chuyên môn phù hợp: %(labels)s") % {"labels": labels})
    if serves:
        reasons.append(_("Phục vụ %(province)s") % {"province": need.province_name})
    if knows:
        reasons.append(_("Am hiểu ngành %(sector)s") % {"sector": need.sector_name})
    if candidate.rating_count:
        reasons.append(
            _("Được đánh giá %(avg)s/5 (%(count)s lượt)")
            % {"avg": _rating_text(rating), "count": candidate.rating_count}
        )
    else:
        reasons.append(_("Chưa có đánh giá"))
    if candidate.open_load:
        reasons.append(_("Đang tư vấn %(count)s yêu cầu") % {"count": candidate.open_load})
    else:
        reasons.append(_("Đang không có yêu cầu nào"))
    return Match(
        candidate=candidate,
        score=total,
        reasons=reasons,
        matched_specialties=matched,
        serves_province=serves,
    )


def rank(
    candidates: Iterable[Candidate],
    need: Need,
    *,
    limit: int | None = None,
    weights: dict[str, Decimal] = WEIGHTS,
) -> list[Match]:
    """Best first; ties by name then id so the order never depends on the database. The reasons are written
    for the kept candidates only."""
    ordered: Sequence[Candidate] = sorted(
        candidates,
        key=lambda candidate: (
            -_points(candidate, need, weights)[0],
            candidate.name.casefold(),
            candidate.expert_id,
        ),
    )
    return [score(candidate, need, weights) for candidate in ordered[:limit]]
