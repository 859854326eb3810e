"""The dashboards' count of results scored under the portal's retired trial criteria sets (the note "bộ tiêu chí
thử nghiệm của cổng" beside the figures), stored per programme and province (`reports.TrialResultCount`).

`trial_counts_refresh()` recounts every programme and province in one GROUP BY (a task runs it with the count of
people reached, every REPORTS_RECOUNT_SECONDS); `trial_result_count_stored()` reads one or two rows (the count and
when it was counted, which the dashboards show), and recounts first when they are missing or twice as old. Reports
read the live count (`reports.selectors.trial_result_count`).
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from businesses.models import BusinessResult
from reports.models import TrialResultCount
from smedx_portal.programmes import Programme
from smedx_portal.trial_sets import trial_set_query

NATION = 0


class StoredCount(NamedTuple):
    results: int
    computed_at: datetime.datetime


def trial_counts_refresh(*, now: datetime.datetime | None = None) -> dict[tuple[str, int], int]:
    """Recount and store the trial results per (programme, province), the nation under province 0, as counted at
    `now` (this moment if not given)."""
    counts = {(programme, NATION): 0 for programme in Programme.values}
    query = trial_set_query()
    if query is not None:
        rows = (
            BusinessResult.objects.filter(criteria_set_id__in=query)
            .values_list("programme", "business__province_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for programme, province, n in rows:
            counts[(programme, province)] = n
            counts[(programme, NATION)] = counts.get((programme, NATION), 0) + n
    now = now or timezone.now()
    with transaction.atomic():
        TrialResultCount.objects.bulk_create(
            [
                TrialResultCount(programme=programme, province_code=province, results=n, computed_at=now)
                for (programme, province), n in counts.items()
            ],
            update_conflicts=True,
            unique_fields=["programme", "province_code"],
            update_fields=["results", "computed_at"],
        )
        TrialResultCount.objects.filter(computed_at__lt=now).delete()  # provinces left without any
    return counts


def trial_result_count_stored(*, programme: str, province_id: int | None = None) -> StoredCount:
    """The programme's trial results (in the province, if given) as last counted, and when: one query, or a
    recount when the stored counts are missing or older than twice REPORTS_RECOUNT_SECONDS."""
    place = NATION if province_id is None else province_id
    now = timezone.now()
    oldest = now - datetime.timedelta(seconds=2 * settings.REPORTS_RECOUNT_SECONDS)
    rows = {
        code: StoredCount(results, computed_at)
        for code, results, computed_at in TrialResultCount.objects.filter(
            programme=programme, province_code__in={NATION, place}, computed_at__gte=oldest
        ).values_list("province_code", "results", "computed_at")
    }
    if NATION not in rows:  # the nation's row is always written: none means never counted, or stale
        return StoredCount(trial_counts_refresh(now=now).get((programme, place), 0), now)
    # a province without any is left without a row; the nation's was written by the same count
    return StoredCount(rows[place].results if place in rows else 0, rows[NATION].computed_at)
