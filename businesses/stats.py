"""Dashboard summary tables, kept current inside the transaction of each change to a business, per programme.

A business counts once in each programme it takes part in (its `in_smedx` / `in_rdx` flag) or has a result in
(`BusinessResult`), with that programme's level and score only: an RDX survey never moves a business's SMEdx
figures. Every service that creates a business, changes one of its counted fields (province, ward, kind, sector,
programmes) or records a survey result calls `stats_apply(before=..., after=...)` with the business's facts
before and after. One upsert per table adds or subtracts one business (and its score) per cell; it is the same
SQL on PostgreSQL and SQLite (`INSERT … ON CONFLICT … DO UPDATE`). `stats_recount()` compares the tables with a
recount from the business and result rows, and `stats_rebuild()` rewrites them (the `check_business_stats`
command).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, FilteredRelation, Model, Q, Sum
from django.utils import timezone

from businesses.models import (
    Business,
    BusinessResult,
    PillarStat,
    ProvinceStat,
    SubmissionStat,
    WardStat,
)
from businesses.stats_sql import increment_statement, result_statement
from smedx_portal.db import Statement, run_together
from smedx_portal.programmes import Programme

ZERO = Decimal("0")
PROGRAMME_FLAGS = {Programme.SMEDX: "in_smedx", Programme.RDX: "in_rdx"}


@dataclass(frozen=True)
class ProgrammeFacts:
    """A business's standing in one programme: its level there ("" until surveyed), score and pillar scores."""

    programme: str
    level: str = ""
    score: Decimal = ZERO
    pillar_scores: tuple[tuple[str, Decimal], ...] = ()

    @classmethod
    def of_result(cls, programme: str, result: BusinessResult | None) -> ProgrammeFacts:
        if result is None:
            return cls(programme=programme)
        return cls(
            programme=programme,
            level=result.level,
            score=Decimal(result.score),
            pillar_scores=pillar_tuple(result.pillar_scores),
        )


def pillar_tuple(scores: dict) -> tuple[tuple[str, Decimal], ...]:
    return tuple(sorted((code, Decimal(str(value))) for code, value in scores.items()))


@dataclass(frozen=True)
class BusinessFacts:
    """The values of a business that the summary tables count: where it is, what it is, and its standing in
    each programme it is counted in."""

    province_id: int
    ward_code: int
    kind: str
    sector_id: int
    programmes: tuple[ProgrammeFacts, ...] = ()

    @classmethod
    def of(cls, business: Business, results: Iterable[BusinessResult] | None = None) -> BusinessFacts:
        """The facts of `business`; its results are read unless given (a new business has none)."""
        by_programme = {
            result.programme: result
            for result in (business.results.all() if results is None and business.pk else results or ())
        }
        return cls(
            province_id=business.province_id,
            ward_code=business.ward_id or 0,
            kind=business.kind,
            sector_id=business.sector_id or 0,
            programmes=tuple(
                ProgrammeFacts.of_result(programme, by_programme.get(programme))
                for programme, flag in PROGRAMME_FLAGS.items()
                if getattr(business, flag) or programme in by_programme
            ),
        )


class _Increments:
    """What one change adds to each summary cell, merged per cell so that one statement per table applies it
    (an upsert may not touch a row twice, and a business that stays in its cell nets out)."""

    def __init__(self) -> None:
        self.tables: dict[type[Model], dict[tuple, dict[str, Any]]] = {}

    def add(self, model: type[Model], key: dict[str, Any], increments: dict[str, Any]) -> None:
        cell = self.tables.setdefault(model, {}).setdefault(tuple(key.items()), dict.fromkeys(increments, 0))
        for name, value in increments.items():
            cell[name] += value

    def statements(self) -> list[Statement]:
        statements = []
        for model, cells in self.tables.items():
            rows = [(dict(key), increments) for key, increments in cells.items() if any(increments.values())]
            if rows:
                statements.append(increment_statement(model, rows))
        return statements


def _count(cells: _Increments, facts: BusinessFacts, sign: int) -> None:
    for standing in facts.programmes:
        dimensions = {
            "kind": facts.kind,
            "sector_id": facts.sector_id,
            "programme": standing.programme,
            "level": standing.level,
        }
        increments = {"businesses": sign, "score_sum": standing.score * sign}
        cells.add(ProvinceStat, {"province_id": facts.province_id, **dimensions}, increments)
        cells.add(
            WardStat,
            {"province_id": facts.province_id, "ward_code": facts.ward_code, **dimensions},
            increments,
        )
        for pillar, score in standing.pillar_scores:
            cells.add(
                PillarStat,
                {"province_id": facts.province_id, "programme": standing.programme, "pillar": pillar},
                {"businesses": sign, "score_sum": score * sign},
            )


def stats_statements(*, before: BusinessFacts | None, after: BusinessFacts | None) -> list[Statement]:
    """The upserts (one per summary table) that move one business from its old cells to its new ones."""
    cells = _Increments()
    if before != after:
        if before is not None:
            _count(cells, before, -1)
        if after is not None:
            _count(cells, after, +1)
    return cells.statements()


def stats_apply(*, before: BusinessFacts | None, after: BusinessFacts | None) -> None:
    """Move one business from its old cells to its new ones. Call inside the change's transaction."""
    run_together(stats_statements(before=before, after=after))


def _submission_statement(
    *, province_id: int, programme: str, submitted_at: datetime.datetime, level: str
) -> Statement:
    month = timezone.localtime(submitted_at).date().replace(day=1)  # the month in Vietnam, not in UTC
    key = {"month": month, "province_id": province_id, "programme": programme, "level": level}
    return increment_statement(SubmissionStat, [(key, {"submissions": 1})])


def business_result_statements(
    *, business: Business, previous: BusinessResult | None, result: BusinessResult
) -> list[Statement]:
    """The writes that record a submitted survey's result as the business's result in its programme and count
    it in that programme's summary cells (one statement per table; the other programme is not touched).

    `previous` is the business's result in the same programme before this one (None if first). The caller
    holds the business row's lock (select_for_update) and runs them in its transaction, with its own writes.
    """
    programme = result.programme
    member = getattr(business, PROGRAMME_FLAGS[programme]) or previous is not None
    place = {
        "province_id": business.province_id,
        "ward_code": business.ward_id or 0,
        "kind": business.kind,
        "sector_id": business.sector_id or 0,
    }
    before = BusinessFacts(
        **place, programmes=(ProgrammeFacts.of_result(programme, previous),) if member else ()
    )
    after = BusinessFacts(**place, programmes=(ProgrammeFacts.of_result(programme, result),))
    return [
        result_statement(result),
        *stats_statements(before=before, after=after),
        _submission_statement(
            province_id=business.province_id,
            programme=programme,
            submitted_at=result.assessed_at,
            level=result.level,
        ),
    ]


# --- checking and rebuilding ---------------------------------------------------------------------------
def _recount_rows(with_ward: bool) -> dict[tuple, tuple[int, Decimal]]:
    """The summary cells recounted from the business and result rows, keyed like the tables (field order of
    the table's key; 0 / "" for none)."""
    cells: dict[tuple, tuple[int, Decimal]] = {}
    place = (
        ["province_id", "ward_id", "kind", "sector_id"] if with_ward else ["province_id", "kind", "sector_id"]
    )
    for programme, flag in PROGRAMME_FLAGS.items():
        rows = (
            Business.objects.annotate(
                result=FilteredRelation("results", condition=Q(results__programme=programme))
            )
            .filter(Q(**{flag: True}) | Q(result__isnull=False))
            .values(*place, "result__level")
            .annotate(n=Count("id"), s=Sum("result__score"))
            .order_by()
        )
        for row in rows:
            key = tuple(row[name] or (0 if name.endswith("_id") else row[name]) for name in place)
            cells[(*key, programme, row["result__level"] or "")] = (row["n"], Decimal(row["s"] or 0))
    return cells


def _table_rows(model, with_ward: bool) -> dict[tuple, tuple[int, Decimal]]:
    place = (
        ["province_id", "ward_code", "kind", "sector_id"]
        if with_ward
        else ["province_id", "kind", "sector_id"]
    )
    fields = [*place, "programme", "level"]
    return {
        tuple(row[name] for name in fields): (row["businesses"], Decimal(row["score_sum"]))
        for row in model.objects.filter(businesses__gt=0).values(*fields, "businesses", "score_sum")
    }


def _pillar_recount() -> dict[tuple, tuple[int, Decimal]]:
    totals: dict[tuple, tuple[int, Decimal]] = {}
    rows = BusinessResult.objects.exclude(pillar_scores={}).values_list(
        "business__province_id", "programme", "pillar_scores"
    )
    for province_id, programme, scores in rows.iterator(chunk_size=5000):
        for pillar, score in scores.items():
            count, total = totals.get((province_id, programme, pillar), (0, ZERO))
            totals[(province_id, programme, pillar)] = (count + 1, total + Decimal(str(score)))
    return totals


def _normalise(rows: dict) -> dict:
    return {key: (count, total.quantize(Decimal("0.01"))) for key, (count, total) in rows.items() if count}


def stats_recount() -> dict[str, int]:
    """Differences between each summary table and a recount from the business and result rows, per programme
    (0 everywhere = correct)."""
    pillar_table = {
        (row["province_id"], row["programme"], row["pillar"]): (row["businesses"], Decimal(row["score_sum"]))
        for row in PillarStat.objects.filter(businesses__gt=0).values(
            "province_id", "programme", "pillar", "businesses", "score_sum"
        )
    }
    pairs = {
        "province": (_recount_rows(False), _table_rows(ProvinceStat, False)),
        "ward": (_recount_rows(True), _table_rows(WardStat, True)),
        "pillar": (_pillar_recount(), pillar_table),
    }
    differences = {}
    for name, (expected, actual) in pairs.items():
        expected, actual = _normalise(expected), _normalise(actual)
        differences[name] = sum(
            1 for key in expected.keys() | actual.keys() if expected.get(key) != actual.get(key)
        )
    return differences


@transaction.atomic
def stats_rebuild() -> None:
    """Rewrite the business summary tables from the business and result rows (SubmissionStat belongs to the
    survey)."""
    for model in (ProvinceStat, WardStat, PillarStat):
        model.objects.all().delete()
    names = ["province_id", "kind", "sector_id", "programme", "level"]
    ProvinceStat.objects.bulk_create(
        ProvinceStat(**dict(zip(names, key, strict=True)), businesses=count, score_sum=total)
        for key, (count, total) in _recount_rows(False).items()
    )
    names = ["province_id", "ward_code", "kind", "sector_id", "programme", "level"]
    WardStat.objects.bulk_create(
        (
            WardStat(**dict(zip(names, key, strict=True)), businesses=count, score_sum=total)
            for key, (count, total) in _recount_rows(True).items()
        ),
        batch_size=5000,
    )
    PillarStat.objects.bulk_create(
        PillarStat(province_id=key[0], programme=key[1], pillar=key[2], businesses=count, score_sum=total)
        for key, (count, total) in _pillar_recount().items()
    )


@transaction.atomic
def business_record_assessment(
    *,
    business: Business,
    programme: str,
    level: str,
    score: Decimal,
    pillar_scores: dict[str, Decimal],
    submitted_at: datetime.datetime,
    criteria_set_id: int = 0,
    criteria_version: int = 0,
) -> BusinessResult:
    """Record a submitted survey's result as the business's result in `programme` and count it in the summary
    tables, in the caller's transaction (dashboards never lag behind). The survey's submit runs
    `business_result_statements` itself, in its own round trip."""
    locked = Business.objects.select_for_update().get(pk=business.pk)
    result = BusinessResult(
        business=locked,
        programme=programme,
        level=level,
        score=score,
        pillar_scores={code: str(value) for code, value in pillar_scores.items()},
        criteria_set_id=criteria_set_id,
        criteria_version=criteria_version,
        assessed_at=submitted_at,
    )
    previous = BusinessResult.objects.filter(business=locked, programme=programme).first()
    run_together(business_result_statements(business=locked, previous=previous, result=result))
    return BusinessResult.objects.get(business=locked, programme=programme)
