"""What a report covers (`ReportSpec`), its aggregates, their table rows, and the PDF (WeasyPrint, aggregates only)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.models import Province, Ward
from reports.presenters import dashboard_charts
from reports.selectors import (
    kind_labels,
    pillar_averages,
    programme_or_default,
    report_cuts,
    report_submissions,
    sector_labels,
    total_of,
    trial_result_count,
)
from smedx_portal.levels import Level
from smedx_portal.programmes import short_name

Progress = Callable[[int], None]
CHUNK = 5000


@dataclass(frozen=True)
class ReportSpec:
    """What a report covers (a `ReportJob`'s parameters, or a benchmark's)."""

    province_id: int | None
    programme: str
    period_from: datetime.date
    period_to: datetime.date
    grouping: str = "area"

    @classmethod
    def of(cls, job) -> ReportSpec:
        return cls(job.province_id, job.programme, job.period_from, job.period_to, job.grouping)


def no_progress(_percent: int) -> None:
    return None


# --- figures ---------------------------------------------------------------------------------------------
def report_figures(spec: ReportSpec) -> dict:
    """The aggregates of a report: by area (province or ward), sector and kind, with levels, as of period end."""
    common = {
        "province_id": spec.province_id,
        "programme": spec.programme,
        "period_from": spec.period_from,
        "period_to": spec.period_to,
    }
    if spec.province_id is None:
        area_field, area_labels = "province_id", dict(Province.objects.values_list("code", "name"))
        area_name, area_missing = _("tỉnh/thành phố"), "?"
    else:
        area_field = "ward_id"
        area_labels = dict(Ward.objects.filter(province_id=spec.province_id).values_list("code", "name"))
        area_name, area_missing = _("xã/phường"), _("Chưa rõ xã/phường")
    cuts = report_cuts(
        **common,
        cuts={
            "area": (area_field, area_labels, area_missing),
            "sector": ("sector_id", sector_labels(), _("Chưa phân ngành")),
            "kind": ("kind", kind_labels(), "?"),
        },
    )
    by_area, by_sector, by_kind = cuts["area"], cuts["sector"], cuts["kind"]
    total = total_of(by_area, _("Tổng cộng"))
    total["in_period"] = sum(row["in_period"] for row in by_area)
    province = Province.objects.get(pk=spec.province_id) if spec.province_id else None
    groupings = {"area": by_area, "sector": by_sector, "kind": by_kind}
    return {
        "spec": spec,
        "province": province,
        "scope_label": province.name if province else _("Toàn quốc"),
        "programme_label": short_name(programme_or_default(spec.programme)),
        "area_name": area_name,
        "total": total,
        "by_area": by_area,
        "by_sector": by_sector,
        "by_kind": by_kind,
        "main": groupings.get(spec.grouping, by_area),
        "pillars": pillar_averages(
            province_id=spec.province_id, programme=programme_or_default(spec.programme)
        ),
        "trend": report_submissions(
            province_id=spec.province_id,
            programme=spec.programme,
            period_from=spec.period_from,
            period_to=spec.period_to,
        ),
        "generated_at": timezone.localtime(),
        "trial_results": trial_result_count(programme=spec.programme, province_id=spec.province_id),
        "levels": [(code, str(label)) for code, label in Level.choices],
        "level_pairs": [(str(label), total["levels"][code]) for code, label in Level.choices],
    }


def table_header() -> list[str]:
    return [
        _("Tên"),
        _("Đăng ký"),
        _("Đã khảo sát"),
        _("Tỷ lệ khảo sát (%)"),
        _("Khảo sát trong kỳ"),
        *[str(label) for _code, label in Level.choices],
        _("Chưa khảo sát"),
        _("Điểm bình quân"),
        _("Mức bình quân (1–3)"),
    ]


def table_values(row: dict) -> list:
    return [
        row["label"],
        row["registered"],
        row["surveyed"],
        row["share"],
        row.get("in_period", 0),
        *row["level_list"],
        row["not_surveyed"],
        float(row["average_score"]) if row["average_score"] is not None else None,
        row["average_level"],
    ]


# --- PDF -------------------------------------------------------------------------------------------------
def render_report_pdf(spec: ReportSpec, progress: Progress = no_progress) -> bytes:
    from smedx_portal.pdf import render_pdf

    figures = report_figures(spec)
    progress(50)
    charts = dashboard_charts(figures, area_name=figures["area_name"], width=640, tables=False)
    return render_pdf("reports/report_pdf.html", {"r": figures, "charts": charts, "header": table_header()})
