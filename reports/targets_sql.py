"""The yearly targets' actual figures owned by other apps, in one hand-written statement, and its ORM twin (kept
equal by `tests/reports/test_targets_sql.py` on PostgreSQL and SQLite).

The national page sets each target beside its actual figure: the businesses that tried a platform of the
programme in the year (`platforms.selectors.count_businesses_that_tried`), the certified experts
(`experts.selectors.certified_expert_count`) and the surveyed RDX businesses using a platform
(`reports.selectors.platform_adoption(surveyed_only=True)`). Through the ORM these were three queries of well
under a millisecond in the database and about 4 ms of Python building them, an eighth of the page's 30 ms
budget at a million businesses (issue 21, `tests/bench/reports.py`). Here they are one `UNION ALL` of
(figure, count) rows, its text built once per shape from the models' `_meta` (names quoted by the connection);
the conditions are the ORM's, the year's bounds in the current time zone as its `__year` lookup takes them.
Each part's text is cached per database vendor (`vendor`, only a cache key: the names come from the models).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import cache

from django.apps import apps
from django.db import connection
from django.utils import timezone

BUSINESS_FLAGS = {"SMEDX": "in_smedx", "RDX": "in_rdx"}


def _model(label: str):
    return apps.get_model(label)


def _name(label: str, field: str | None = None) -> str:
    meta = _model(label)._meta
    return connection.ops.quote_name(meta.get_field(field).column if field else meta.db_table)


@cache
def _tried(vendor: str, programme: str) -> str:
    """Distinct businesses with a trial confirmed or a usage activated in the programme in the year; parameters:
    programme, start, end, programme, active, start, end."""
    trial, usage = "platforms.Trial", "platforms.UsageRegistration"
    listing, group, business = "platforms.Listing", "platforms.CategoryGroup", "businesses.Business"
    flag = _name(business, BUSINESS_FLAGS[programme])
    return (
        f"SELECT 'tried:{programme}', COUNT(*) FROM ("  # noqa: S608 - names from _meta, values as parameters
        f"SELECT t.{_name(trial, 'business')} AS business FROM {_name(trial)} t "
        f"INNER JOIN {_name(listing)} l ON t.{_name(trial, 'listing')} = l.{_name(listing, 'id')} "
        f"INNER JOIN {_name(group)} g ON l.{_name(listing, 'group')} = g.{_name(group, 'id')} "
        f"WHERE g.{_name(group, 'programme')} = %s AND t.{_name(trial, 'tried_at')} >= %s "
        f"AND t.{_name(trial, 'tried_at')} < %s "
        f"UNION SELECT u.{_name(usage, 'business')} FROM {_name(usage)} u "
        f"LEFT OUTER JOIN {_name(listing)} l ON u.{_name(usage, 'listing')} = l.{_name(listing, 'id')} "
        f"LEFT OUTER JOIN {_name(group)} g ON l.{_name(listing, 'group')} = g.{_name(group, 'id')} "
        f"INNER JOIN {_name(business)} b ON u.{_name(usage, 'business')} = b.{_name(business, 'id')} "
        f"WHERE (g.{_name(group, 'programme')} = %s OR (u.{_name(usage, 'listing')} IS NULL AND b.{flag})) "
        f"AND u.{_name(usage, 'status')} = %s AND u.{_name(usage, 'confirmed_at')} >= %s "
        f"AND u.{_name(usage, 'confirmed_at')} < %s) tried"
    )


@cache
def _experts(vendor: str) -> str:
    """Experts with a valid certificate on a day; parameters: active, active, day, day."""
    expert, certificate = "experts.Expert", "core.Certificate"
    valid_until = f"c.{_name(certificate, 'valid_until')}"
    return (
        f"SELECT 'experts', COUNT(*) FROM {_name(expert)} e "  # noqa: S608 - names from _meta
        f"INNER JOIN {_name(certificate)} c ON e.{_name(expert, 'certificate')} = c.{_name(certificate, 'id')} "
        f"WHERE e.{_name(expert, 'status')} = %s AND c.{_name(certificate, 'status')} = %s "
        f"AND c.{_name(certificate, 'valid_from')} <= %s AND ({valid_until} IS NULL OR {valid_until} >= %s)"
    )


@cache
def _surveyed(vendor: str, programme: str) -> str:
    """The programme's surveyed businesses with an activated platform (any year); parameters: programme,
    active."""
    usage, business, result = (
        "platforms.UsageRegistration",
        "businesses.Business",
        "businesses.BusinessResult",
    )
    return (
        f"SELECT 'surveyed', COUNT(DISTINCT u.{_name(usage, 'business')}) FROM {_name(usage)} u "  # noqa: S608
        f"INNER JOIN {_name(business)} b ON u.{_name(usage, 'business')} = b.{_name(business, 'id')} "
        f"INNER JOIN {_name(result)} r ON r.{_name(result, 'business')} = b.{_name(business, 'id')} "
        f"WHERE b.{_name(business, BUSINESS_FLAGS[programme])} AND r.{_name(result, 'programme')} = %s "
        f"AND u.{_name(usage, 'status')} = %s AND u.{_name(usage, 'confirmed_at')} IS NOT NULL"
    )


def _year(year: int) -> tuple:
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    return connection.ops.adapt_datetimefield_value(start), connection.ops.adapt_datetimefield_value(end)


def target_figures(
    *, year: int, tried: Sequence[str] = (), experts_on: datetime.date | None = None, surveyed: str = ""
) -> dict[str, int]:
    """{"tried:<programme>": businesses that tried a platform of each programme in `tried` in the year,
    "experts": certified experts on `experts_on` (if given), "surveyed": `surveyed`'s surveyed businesses with
    an activated platform (if given)}: one query (none when nothing is asked)."""
    from experts.models import ExpertStatus
    from platforms.models import UsageStatus
    from smedx_portal.models import CertificateStatus

    parts, params = [], []
    start, end = _year(year)
    for programme in tried:
        parts.append(_tried(connection.vendor, programme))
        params += [programme, start, end, programme, UsageStatus.ACTIVE.value, start, end]
    if experts_on is not None:
        day = connection.ops.adapt_datefield_value(experts_on)
        parts.append(_experts(connection.vendor))
        params += [ExpertStatus.ACTIVE.value, CertificateStatus.ACTIVE.value, day, day]
    if surveyed:
        parts.append(_surveyed(connection.vendor, surveyed))
        params += [surveyed, UsageStatus.ACTIVE.value]
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {name: int(count) for name, count in cursor.fetchall()}


def target_figures_orm(
    *, year: int, tried: Sequence[str] = (), experts_on: datetime.date | None = None, surveyed: str = ""
) -> dict[str, int]:
    """`target_figures`' ORM twin: the other apps' selectors, one query each."""
    from platforms.selectors import count_businesses_that_tried
    from reports.selectors.other_apps import platform_adoption

    figures = {
        f"tried:{programme}": count_businesses_that_tried(programme=programme, year=year)
        for programme in tried
    }
    if experts_on is not None:
        figures["experts"] = _model("experts.Expert").objects.certified(on=experts_on).count()
    if surveyed:
        figures["surveyed"] = platform_adoption(programme=surveyed, surveyed_only=True)["businesses"]
    return figures
