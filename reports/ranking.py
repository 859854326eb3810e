"""Province ranking for the yearly review of one programme: share surveyed, average level, progress → score
→ group.

The method, shown on the ranking page as it is written here (every figure in the chosen programme only):

* share surveyed = businesses whose latest survey in the programme was submitted in the year ÷ businesses
  registered in the programme by the end of the year (× 100);
* average level = mean level of the programme's survey submissions of the year (Sẵn sàng = 1, Tăng trưởng = 2,
  Đột phá = 3), from the monthly submission counts (`SubmissionStat`);
* progress = average level of the year − average level of the year before (none without both years);
* score = WEIGHTS · (share surveyed, (average level − 1) ÷ 2 × 100, 50 + 50 × progress clamped to ±1), on
  0–100 each, so 50 progress points means no change;
* provinces are ranked by score (ties: share surveyed, then average level, then province code) and split
  into three equal groups: Nhóm A (first third), B, C.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from businesses.models import Business, Province, SubmissionStat
from reports.selectors import programme_filter, with_programme_result
from smedx_portal.levels import LEVEL_RANK, Level

WEIGHTS = {"surveyed_share": Decimal("0.5"), "average_level": Decimal("0.3"), "progress": Decimal("0.2")}
CENT = Decimal("0.01")


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class RankedProvince:
    province_id: int
    name: str
    registered: int
    surveyed: int
    surveyed_share: Decimal
    submissions: int
    average_level: Decimal | None
    previous_average: Decimal | None
    progress: Decimal | None
    score: Decimal
    rank: int = 0
    group: str = ""


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def _average_levels(year: int, programme: str) -> dict[tuple[int, int], tuple[int, Decimal | None]]:
    """(year, province) → (submissions, average level) in `programme` for `year` and the year before."""
    sums: dict[tuple[int, int], list[int]] = {}
    rows = (
        SubmissionStat.objects.filter(
            programme=programme,
            month__gte=datetime.date(year - 1, 1, 1),
            month__lt=datetime.date(year + 1, 1, 1),
        )
        .values("month", "province_id", "level")
        .annotate(n=Sum("submissions"))
        .order_by()
    )
    for row in rows:
        if row["level"] not in Level.values:
            continue
        cell = sums.setdefault((row["month"].year, row["province_id"]), [0, 0])
        cell[0] += row["n"] or 0
        cell[1] += (row["n"] or 0) * LEVEL_RANK[Level(row["level"])]
    return {
        key: (count, _q(Decimal(total) / count) if count else None) for key, (count, total) in sums.items()
    }


def score_of(share: Decimal, average: Decimal | None, progress: Decimal | None) -> Decimal:
    share_points = min(Decimal(100), share)
    level_points = (average - 1) / 2 * 100 if average is not None else Decimal(0)
    progress_points = (
        50 + 50 * max(Decimal(-1), min(Decimal(1), progress)) if progress is not None else Decimal(50)
    )
    return _q(
        WEIGHTS["surveyed_share"] * share_points
        + WEIGHTS["average_level"] * level_points
        + WEIGHTS["progress"] * progress_points
    )


def group_of(rank: int, total: int) -> str:
    if rank <= math.ceil(total / 3):
        return "A"
    if rank <= math.ceil(2 * total / 3):
        return "B"
    return "C"


def ranking_compute(year: int, programme: str) -> list[RankedProvince]:
    """Every province ranked in `programme` for `year` (three queries: provinces, businesses per province,
    submissions)."""
    start, end = year_bounds(year)
    businesses = with_programme_result(Business.objects.all(), programme).filter(programme_filter(programme))
    assessed = Q(programme_result__assessed_at__gte=start, programme_result__assessed_at__lt=end)
    counts = {
        row["province_id"]: row
        for row in businesses.values("province_id")
        .annotate(registered=Count("id", filter=Q(created_at__lt=end)), surveyed=Count("id", filter=assessed))
        .order_by()
    }
    levels = _average_levels(year, programme)
    ranked = []
    for code, name in Province.objects.values_list("code", "name"):
        row = counts.get(code, {"registered": 0, "surveyed": 0})
        share = (
            _q(Decimal(row["surveyed"] * 100) / row["registered"]) if row["registered"] else Decimal("0.00")
        )
        submissions, average = levels.get((year, code), (0, None))
        _previous_count, previous = levels.get((year - 1, code), (0, None))
        progress = average - previous if average is not None and previous is not None else None
        ranked.append(
            RankedProvince(
                province_id=code,
                name=name,
                registered=row["registered"],
                surveyed=row["surveyed"],
                surveyed_share=share,
                submissions=submissions,
                average_level=average,
                previous_average=previous,
                progress=progress,
                score=score_of(share, average, progress),
            )
        )
    ranked.sort(
        key=lambda item: (
            -item.score,
            -item.surveyed_share,
            -(item.average_level or Decimal(0)),
            item.province_id,
        )
    )
    for index, item in enumerate(ranked, start=1):
        item.rank = index
        item.group = group_of(index, len(ranked))
    return ranked
