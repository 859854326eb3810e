"""The result page's hand-written reads: the business's submitted results (with each one's criteria set,
verification and plan) and the rows of the experts' cards.

Written by hand because, measured on the page (one request at a time, warm caches), Django's building of these
queries — joins, a subquery, an EXISTS, an aggregate — cost about half of the page's CPU, far more than the
database's work. Each has an ORM twin (`assessment.timeline.business_results`, `experts.cards.card_rows`) that
`tests/assessment/test_result_sql.py` keeps returning the same rows. Every table and column name comes from the
models' `_meta`, quoted by the connection; values are parameters.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from assessment.models import Assessment, AssessmentStatus, CriteriaSet, DxPlan, ResultVerification
from businesses.models import Membership, MembershipStatus, Province
from experts.cards import CardRows
from experts.models import Consultation, Expert, ExpertSpecialty, ExpertStatus
from experts.models.consultations import OPEN_STATUSES
from smedx_portal.db import converted, fetch_rows, from_row, select_list
from smedx_portal.models import Certificate, CertificateStatus


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: type[Model]) -> str:
    return _quote(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    return _quote(model._meta.get_field(name).column)


def _fields(model: type[Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields]


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


# --- the business's submitted results -------------------------------------------------------------------------


@functools.cache
def _results_statement(vendor: str) -> str:
    """The statement (names from `_meta` never change while the process runs; one per database vendor)."""
    a, c, v = Assessment, CriteriaSet, ResultVerification
    return (
        f"SELECT {select_list(a, _fields(a), 'a')}, {select_list(c, _fields(c), 'c')}, "  # noqa: S608 - names only
        f"{select_list(v, _fields(v), 'v')}, "
        f"(SELECT p.{_column(DxPlan, 'id')} FROM {_table(DxPlan)} p "
        f"WHERE p.{_column(DxPlan, 'business')} = a.{_column(a, 'business')} "
        f"AND p.{_column(DxPlan, 'programme')} = a.{_column(a, 'programme')} "
        f"AND p.{_column(DxPlan, 'assessment')} = a.{_column(a, 'id')}), "
        f"EXISTS (SELECT 1 FROM {_table(Membership)} m "
        f"WHERE m.{_column(Membership, 'business')} = a.{_column(a, 'business')} "
        f"AND m.{_column(Membership, 'user')} = %s AND m.{_column(Membership, 'status')} = %s) "
        f"FROM {_table(a)} a "
        f"INNER JOIN {_table(c)} c ON c.{_column(c, 'id')} = a.{_column(a, 'criteria_set')} "
        f"LEFT OUTER JOIN {_table(v)} v ON v.{_column(v, 'assessment')} = a.{_column(a, 'id')} "
        f"WHERE a.{_column(a, 'business')} = %s AND a.{_column(a, 'status')} = %s "
        f"ORDER BY a.{_column(a, 'submitted_at')}"
    )


def business_results(business, *, user) -> list[Assessment]:
    """`timeline.business_results(business, user=user)`, in one hand-written SELECT."""
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    rows = fetch_rows(
        _results_statement(connection.vendor),
        [user_id, MembershipStatus.ACTIVE, business.pk, AssessmentStatus.SUBMITTED],
    )
    results = []
    sizes = [len(_fields(model)) for model in (Assessment, CriteriaSet, ResultVerification)]
    for row in rows:
        values, start = [], 0
        for size in sizes:
            values.append(row[start : start + size])
            start += size
        result = from_row(Assessment, _fields(Assessment), values[0])
        result.criteria_set = from_row(CriteriaSet, _fields(CriteriaSet), values[1])
        present = values[2][0] is not None  # no verification: its LEFT JOIN's columns are all NULL
        result.decision = (
            from_row(ResultVerification, _fields(ResultVerification), values[2]) if present else None
        )
        result.plan_id, result.can_plan = row[start], bool(row[start + 1])
        results.append(result)
    return results


# --- the experts' cards -----------------------------------------------------------------------------------------

_EXPERT_FIELDS = ("id", "name", "kind", "headline", "rating_avg", "rating_count")


@functools.cache
def _candidates_statement(vendor: str, codes: int) -> str:
    """The statement for `codes` wanted specialties."""
    e, k, s, c = Expert, Certificate, ExpertSpecialty, Consultation
    load = (
        f"(SELECT COUNT(*) FROM {_table(c)} o WHERE o.{_column(c, 'expert')} = e.{_column(e, 'id')} "  # noqa: S608
        f"AND o.{_column(c, 'status')} IN ({_marks(OPEN_STATUSES)}))"
    )
    return (
        f"SELECT * FROM (SELECT {select_list(e, _EXPERT_FIELDS, 'e')}, {load} AS open_load "  # noqa: S608
        f"FROM {_table(e)} e INNER JOIN {_table(k)} k ON k.{_column(k, 'id')} = e.{_column(e, 'certificate')} "
        f"WHERE e.{_column(e, 'status')} = %s AND k.{_column(k, 'status')} = %s "
        f"AND k.{_column(k, 'valid_from')} <= %s "
        f"AND (k.{_column(k, 'valid_until')} IS NULL OR k.{_column(k, 'valid_until')} >= %s) "
        f"AND EXISTS (SELECT 1 FROM {_table(s)} s WHERE s.{_column(s, 'expert')} = e.{_column(e, 'id')} "
        f"AND s.{_column(s, 'code')} IN ({_marks(range(codes))}))) candidates "
        f"WHERE open_load < %s ORDER BY 1"
    )


def _candidates_params(codes: tuple[str, ...]) -> list[Any]:
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    return [
        *OPEN_STATUSES,
        ExpertStatus.ACTIVE,
        CertificateStatus.ACTIVE,
        today,
        today,
        *codes,
        settings.EXPERTS_MAX_OPEN_CONSULTATIONS,
    ]


def expert_card_rows(codes: tuple[str, ...]) -> CardRows:
    """`experts.cards.card_rows(codes)` in three hand-written SELECTs (the candidates, their specialties, their
    provinces)."""
    rows = CardRows([], defaultdict(list), defaultdict(list))
    s, through = ExpertSpecialty, Expert.provinces.through
    for row in fetch_rows(_candidates_statement(connection.vendor, len(codes)), _candidates_params(codes)):
        rows.experts.append((*converted(Expert, _EXPERT_FIELDS, row[:-1]), row[-1]))
    ids = [row[0] for row in rows.experts]
    if not ids:
        return rows
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_column(s, 'expert')}, {_column(s, 'code')} FROM {_table(s)} "  # noqa: S608 - names only
            f"WHERE {_column(s, 'expert')} IN ({_marks(ids)}) ORDER BY {_column(s, 'id')}",
            ids,
        )
        for expert_id, code in cursor.fetchall():
            rows.specialties[expert_id].append(code)
        expert, province = _column(through, "expert"), _column(through, "province")
        cursor.execute(
            f"SELECT t.{expert}, t.{province}, p.{_column(Province, 'name')} "  # noqa: S608 - names only
            f"FROM {_table(through)} t INNER JOIN {_table(Province)} p ON p.{_column(Province, 'code')} = t.{province} "
            f"WHERE t.{expert} IN ({_marks(ids)}) ORDER BY t.{expert}, t.{province}",
            ids,
        )
        for expert_id, code, name in cursor.fetchall():
            rows.provinces[expert_id].append((code, name))
    return rows
