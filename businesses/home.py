"""The owner's home ("Doanh nghiệp của tôi"): each business with a row per programme — its level (from
`BusinessResult`, in the programme's words), and what the apps above fill in: the result, the certificate or
its state, the DX plan and the next step.

Businesses cannot import those apps (they depend on businesses), so an app above registers a *filler* in its
`AppConfig.ready()`: a function that receives every row of the page at once and fills them with a bounded
number of queries (never one per business).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from businesses.models import Business, BusinessKind, BusinessResult
from smedx_portal.programmes import Programme, short_name


@dataclass
class NextStep:
    """One action: a link (GET) or a small form (POST with hidden fields)."""

    label: str
    url: str
    post: dict[str, str] | None = None


@dataclass
class ProgrammeRow:
    business: Business
    programme: str
    result: BusinessResult | None
    name: str = ""
    # filled by the apps above
    result_url: str = ""
    version_label: str = ""
    is_trial: bool = False
    scale_label: str = ""
    certificate_number: str = ""
    certificate_url: str = ""
    certificate_state: str = ""
    awaiting_confirmation: bool = False
    plan_url: str = ""
    plan_progress: str = ""
    next_step: NextStep | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = self.name or short_name(self.programme)


RowFiller = Callable[[list[ProgrammeRow]], None]
_fillers: list[RowFiller] = []


def register_row_filler(filler: RowFiller) -> RowFiller:
    """Called once by an app above businesses (in its `ready()`); registering twice keeps one."""
    if filler not in _fillers:
        _fillers.append(filler)
    return filler


def business_programmes(business: Business) -> list[str]:
    """The programmes the business takes part in; by its kind when it ticked none (stores: RDX)."""
    programmes = list(business.programmes)
    for result in business.results.all():
        if result.programme not in programmes:
            programmes.append(result.programme)
    if programmes:
        return sorted(programmes, key=Programme.values.index)
    if business.kind in (BusinessKind.RETAIL_STORE, BusinessKind.HOUSEHOLD):
        return [Programme.RDX]
    return [Programme.SMEDX]


def attach_programme_rows(businesses: Iterable[Business]) -> list[ProgrammeRow]:
    """Set `business.programme_rows` on each business (with `results` prefetched) and fill them."""
    rows: list[ProgrammeRow] = []
    for business in businesses:
        business.programme_rows = [
            ProgrammeRow(business=business, programme=programme, result=business.result_for(programme))
            for programme in business_programmes(business)
        ]
        rows.extend(business.programme_rows)
    for filler in _fillers:
        filler(rows)
    return rows
