"""Dashboard summary tables, kept current inside the transaction of each change to a business.

Every service that creates a business, changes one of its counted fields (province, ward, kind, sector,
programmes) or records a survey result calls `stats_apply(before=..., after=...)` with the business's facts
before and after. The upsert adds or subtracts one business (and its score) per grain; it is the same SQL on
PostgreSQL and SQLite (`INSERT … ON CONFLICT … DO UPDATE`). `stats_recount()` compares the tables with a recount
from the business rows, and `stats_rebuild()` rewrites them (the `check_business_stats` command).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from businesses.models import Business, PillarStat, ProvinceStat, SubmissionStat, WardStat

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


def _upsert(table: str, key: dict, increments: dict) -> None:
    columns = [*key, *increments]
    conflict = ", ".join(key)
    updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in increments)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "  # noqa: S608 - names are ours
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key.values(), *increments.values()])


def _count(facts: BusinessFacts, sign: int) -> None:
    dimensions = {
        "kind": facts.kind,
        "sector_id": facts.sector_id,
        "level": facts.level,
        "in_smedx": facts.in_smedx,
        "in_rdx": facts.in_rdx,
    }
    increments = {"businesses": sign, "score_sum": facts.score * sign}
    _upsert(ProvinceStat._meta.db_table, {"province_id": facts.province_id, **dimensions}, increments)
    _upsert(
        WardStat._meta.db_table,
        {"province_id": facts.province_id, "ward_code": facts.ward_code, **dimensions},
        increments,
    )
    for pillar, score in facts.pillar_scores:
        _upsert(
            PillarStat._meta.db_table,
            {"province_id": facts.province_id, "pillar": pillar},
            {"businesses": sign, "score_sum": score * sign},
        )


def stats_apply(*, before: BusinessFacts | None, after: BusinessFacts | None) -> None:
    """Move one business from its old cell to its new one. Call inside the change's transaction."""
    if before == after:
        return
    if before is not None:
        _count(before, -1)
    if after is not None:
        _count(after, +1)


def stats_record_submission(*, province_id: int, submitted_at: datetime.datetime, level: str) -> None:
    month = timezone.localtime(submitted_at).date().replace(day=1)  # the month in Vietnam, not in UTC
    _upsert(
        SubmissionStat._meta.db_table,
        {"month": month, "province_id": province_id, "level": level},
        {"submissions": 1},
    )


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
    """Copy a submitted survey's result onto the business and count it in the summary tables.

    Called by the survey's submit service, inside its transaction, so dashboards never lag behind.
    """
    locked = Business.objects.select_for_update().get(pk=business.pk)
    before = BusinessFacts.of(locked)
    locked.latest_level = level
    locked.latest_score = score
    locked.latest_pillar_scores = {code: str(value) for code, value in pillar_scores.items()}
    locked.latest_assessed_at = submitted_at
    locked.save(
        update_fields=[
            "latest_level",
            "latest_score",
            "latest_pillar_scores",
            "latest_assessed_at",
            "updated_at",
        ]
    )
    stats_apply(before=before, after=BusinessFacts.of(locked))
    stats_record_submission(province_id=locked.province_id, submitted_at=submitted_at, level=level)
    return locked
