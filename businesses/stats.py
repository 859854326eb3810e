"""Dashboard summary tables, kept current inside the transaction of each change to a business.

Every service that creates a business, changes one of its counted fields (province, ward, kind, sector,
programmes) or records a survey result calls `stats_apply(before=..., after=...)` with the business's facts
before and after. One upsert per table adds or subtracts one business (and its score) per cell; it is the same
SQL on PostgreSQL and SQLite (`INSERT … ON CONFLICT … DO UPDATE`). `stats_recount()` compares the tables with a recount
from the business rows, and `stats_rebuild()` rewrites them (the `check_business_stats` command).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from businesses.models import Business, PillarStat, ProvinceStat, SubmissionStat, WardStat
from smedx_portal.db import Statement, run_together, update_row_statement

ZERO = Decimal("0")


@dataclass(frozen=True)
class BusinessFacts:
    """The values of a business that the summary tables count."""

    province_id: int
    ward_code: int
    kind: str
    sector_id: int
    level: str
    in_smedx: bool
    in_rdx: bool
    score: Decimal = ZERO
    pillar_scores: tuple[tuple[str, Decimal], ...] = field(default=())

    @classmethod
    def of(cls, business: Business) -> BusinessFacts:
        return cls(
            province_id=business.province_id,
            ward_code=business.ward_id or 0,
            kind=business.kind,
            sector_id=business.sector_id or 0,
            level=business.latest_level or "",
            in_smedx=business.in_smedx,
            in_rdx=business.in_rdx,
            score=Decimal(business.latest_score or 0),
            pillar_scores=tuple(
                sorted((code, Decimal(str(value))) for code, value in business.latest_pillar_scores.items())
            ),
        )


class _Increments:
    """What one change adds to each summary cell, merged per cell so that one statement per table applies it
    (an upsert may not touch a row twice, and a business that stays in its cell nets out)."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[tuple, dict[str, Any]]] = {}

    def add(self, table: str, key: dict[str, Any], increments: dict[str, Any]) -> None:
        cell = self.tables.setdefault(table, {}).setdefault(tuple(key.items()), dict.fromkeys(increments, 0))
        for name, value in increments.items():
            cell[name] += value

    def statements(self) -> list[Statement]:
        statements = []
        for table, cells in self.tables.items():
            rows = [(dict(key), increments) for key, increments in cells.items() if any(increments.values())]
            if rows:
                statements.append(_upsert(table, rows))
        return statements


def _upsert(table: str, rows: list[tuple[dict, dict]]) -> Statement:
    key, increments = rows[0]
    columns = [*key, *increments]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in increments)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {placeholders} "  # noqa: S608 - names are ours
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )
    return Statement(
        sql, [value for key, increments in rows for value in (*key.values(), *increments.values())]
    )


def _count(cells: _Increments, facts: BusinessFacts, sign: int) -> None:
    dimensions = {
        "kind": facts.kind,
        "sector_id": facts.sector_id,
        "level": facts.level,
        "in_smedx": facts.in_smedx,
        "in_rdx": facts.in_rdx,
    }
    increments = {"businesses": sign, "score_sum": facts.score * sign}
    cells.add(ProvinceStat._meta.db_table, {"province_id": facts.province_id, **dimensions}, increments)
    cells.add(
        WardStat._meta.db_table,
        {"province_id": facts.province_id, "ward_code": facts.ward_code, **dimensions},
        increments,
    )
    for pillar, score in facts.pillar_scores:
        cells.add(
            PillarStat._meta.db_table,
            {"province_id": facts.province_id, "pillar": pillar},
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
    """Move one business from its old cell to its new one. Call inside the change's transaction."""
    run_together(stats_statements(before=before, after=after))


def _submission_statement(*, province_id: int, submitted_at: datetime.datetime, level: str) -> Statement:
    month = timezone.localtime(submitted_at).date().replace(day=1)  # the month in Vietnam, not in UTC
    key = {"month": month, "province_id": province_id, "level": level}
    return _upsert(SubmissionStat._meta.db_table, [(key, {"submissions": 1})])


def business_result_statements(
    *,
    business: Business,
    level: str,
    score: Decimal,
    pillar_scores: dict[str, Decimal],
    submitted_at: datetime.datetime,
) -> list[Statement]:
    """The writes that copy a submitted survey's result onto `business` and count it in the summary tables.

    The caller holds the business row's lock (select_for_update) and runs them in its transaction, with its
    own writes (one round trip on PostgreSQL). `business` is updated in memory too. The latest result is
    derived data (the assessment is the record), so it is written without a history row.
    """
    before = BusinessFacts.of(business)
    business.latest_level = level
    business.latest_score = score
    business.latest_pillar_scores = {code: str(value) for code, value in pillar_scores.items()}
    business.latest_assessed_at = submitted_at
    business.updated_at = timezone.now()
    fields = ("latest_level", "latest_score", "latest_pillar_scores", "latest_assessed_at", "updated_at")
    return [
        update_row_statement(Business, business.pk, **{name: getattr(business, name) for name in fields}),
        *stats_statements(before=before, after=BusinessFacts.of(business)),
        _submission_statement(province_id=business.province_id, submitted_at=submitted_at, level=level),
    ]


# --- checking and rebuilding ---------------------------------------------------------------------------
_DIMENSIONS = ["province_id", "kind", "sector_id", "level", "in_smedx", "in_rdx"]


def _recount_rows(with_ward: bool) -> dict[tuple, tuple[int, Decimal]]:
    """The summary cells recounted from the business rows, keyed like the tables (0 / "" for none)."""
    fields = ["province_id", "ward_id", "kind", "sector_id", "latest_level", "in_smedx", "in_rdx"]
    if not with_ward:
        fields.remove("ward_id")
    rows = Business.objects.values(*fields).annotate(n=Count("id"), s=Sum("latest_score")).order_by()
    cells: dict[tuple, tuple[int, Decimal]] = {}
    for row in rows:
        row.update(
            ward_id=row.get("ward_id") or 0,
            sector_id=row["sector_id"] or 0,
            latest_level=row["latest_level"] or "",
        )
        cells[tuple(row[name] for name in fields)] = (row["n"], Decimal(row["s"] or 0))
    return cells


def _table_rows(model, with_ward: bool) -> dict[tuple, tuple[int, Decimal]]:
    fields = ["province_id", "ward_code", *_DIMENSIONS[1:]] if with_ward else _DIMENSIONS
    return {
        tuple(row[name] for name in fields): (row["businesses"], Decimal(row["score_sum"]))
        for row in model.objects.filter(businesses__gt=0).values(*fields, "businesses", "score_sum")
    }


def _pillar_recount() -> dict[tuple, tuple[int, Decimal]]:
    totals: dict[tuple, tuple[int, Decimal]] = {}
    rows = Business.objects.exclude(latest_pillar_scores={}).values_list(
        "province_id", "latest_pillar_scores"
    )
    for province_id, scores in rows.iterator(chunk_size=5000):
        for pillar, score in scores.items():
            count, total = totals.get((province_id, pillar), (0, ZERO))
            totals[(province_id, pillar)] = (count + 1, total + Decimal(str(score)))
    return totals


def _normalise(rows: dict) -> dict:
    return {key: (count, total.quantize(Decimal("0.01"))) for key, (count, total) in rows.items() if count}


def stats_recount() -> dict[str, int]:
    """Differences between each summary table and a recount from the business rows (0 everywhere = correct)."""
    pillar_table = {
        (row["province_id"], row["pillar"]): (row["businesses"], Decimal(row["score_sum"]))
        for row in PillarStat.objects.filter(businesses__gt=0).values(
            "province_id", "pillar", "businesses", "score_sum"
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
    """Rewrite the business summary tables from the business rows (SubmissionStat belongs to the survey)."""
    for model in (ProvinceStat, WardStat, PillarStat):
        model.objects.all().delete()
    ProvinceStat.objects.bulk_create(
        ProvinceStat(
            province_id=key[0],
            kind=key[1],
            sector_id=key[2],
            level=key[3],
            in_smedx=key[4],
            in_rdx=key[5],
            businesses=count,
            score_sum=total,
        )
        for key, (count, total) in _recount_rows(False).items()
    )
    WardStat.objects.bulk_create(
        (
            WardStat(
                province_id=key[0],
                ward_code=key[1],
                kind=key[2],
                sector_id=key[3],
                level=key[4],
                in_smedx=key[5],
                in_rdx=key[6],
                businesses=count,
                score_sum=total,
            )
            for key, (count, total) in _recount_rows(True).items()
        ),
        batch_size=5000,
    )
    PillarStat.objects.bulk_create(
        PillarStat(province_id=key[0], pillar=key[1], businesses=count, score_sum=total)
        for key, (count, total) in _pillar_recount().items()
    )


@transaction.atomic
def business_record_assessment(
    *,
    business: Business,
    level: str,
    score: Decimal,
    pillar_scores: dict[str, Decimal],
    submitted_at: datetime.datetime,
) -> Business:
    """Copy a submitted survey's result onto the business and count it in the summary tables, in the caller's
    transaction (dashboards never lag behind). The survey's submit runs `business_result_statements` itself."""
    locked = Business.objects.select_for_update().get(pk=business.pk)
    run_together(
        business_result_statements(
            business=locked, level=level, score=score, pillar_scores=pillar_scores, submitted_at=submitted_at
        )
    )
    return locked
