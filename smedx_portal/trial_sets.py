"""The portal's own trial criteria sets (invented before the official texts were used, now retired). Results
scored under them keep their version and are labelled `TRIAL_LABEL` wherever they are shown: pages, reports
(PDF, Excel, CSV), dashboards and the API.

A business's result per programme keeps only its criteria set's id (a plain value: businesses cannot depend on
assessment), so the assessment app registers, in its `ready()`, a query of the trial sets' ids; apps below it
ask here (as a subquery for `criteria_set_id__in`, or as a set of ids)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

TRIAL_LABEL = _("bộ tiêu chí thử nghiệm của cổng")

_finder: list[Callable[[], QuerySet]] = []


def register_trial_finder(finder: Callable[[], QuerySet]) -> None:
    """`finder()` returns a one-column queryset of the trial sets' ids (`values_list("pk", flat=True)`)."""
    _finder[:] = [finder]


def trial_set_query() -> QuerySet | None:
    """The trial sets' ids as a lazy queryset, to embed as a subquery (no query of its own)."""
    return _finder[0]() if _finder else None


def trial_set_ids() -> frozenset[int]:
    """The ids of the trial criteria sets (one query)."""
    query = trial_set_query()
    return frozenset(query) if query is not None else frozenset()
