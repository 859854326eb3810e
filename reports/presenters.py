"""Charts for the dashboard figures, shared by the pages and the PDF report (`smedx_portal.charts`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from smedx_portal.charts import (
    LEVEL_COLOURS,
    PALETTE,
    WIDTH,
    bar_chart,
    column_chart,
    escape,
    line_chart,
    stacked_bar_chart,
)
from smedx_portal.levels import Level
from smedx_portal.numbers import plain, separators

CHART_ROWS = 34  # every province fits; a province's wards beyond this are in the table


def level_segments() -> list[tuple[str, str]]:
    return [(str(label), LEVEL_COLOURS[code]) for code, label in Level.choices] + [
        (_("Chưa khảo sát"), LEVEL_COLOURS[""])
    ]


def level_rows(rows: list[dict], limit: int = CHART_ROWS) -> list[tuple[str, list[int]]]:
    return [(row["label"], [*row["level_list"], row["not_surveyed"]]) for row in rows[:limit]]


def dashboard_charts(data: dict, *, area_name: str, width: int = WIDTH, tables: bool = True) -> dict:
    """The SVG charts of a dashboard (or of a report's figures, which have the same shape).

    Pages get phone-sized charts, each followed by its data table; a PDF asks for `width=640, tables=False`
    (its own tables follow the charts)."""
    by_area = data["by_area"]
    by_share = sorted(by_area, key=lambda row: (-row["share"], row["label"]))
    total = data["total"]
    charts = {
        "area_registered": bar_chart(
            [(row["label"], row["registered"]) for row in by_area[:CHART_ROWS]],
            title=_("Doanh nghiệp đăng ký theo %(area)s") % {"area": area_name},
            width=width,
            table=tables,
        ),
        "area_share": bar_chart(
            [(row["label"], row["share"]) for row in by_share[:CHART_ROWS]],
            title=_("Tỷ lệ đã khảo sát theo %(area)s (%%)") % {"area": area_name},
            width=width,
            table=tables,
            decimals=1,
            suffix=" %",
            max_value=100,
            color=PALETTE[2],
        ),
        "area_levels": stacked_bar_chart(
            level_rows(by_area),
            segments=level_segments(),
            title=_("Mức độ theo %(area)s") % {"area": area_name},
            width=width,
            table=tables,
        ),
        "kind_levels": stacked_bar_chart(
            level_rows(data["by_kind"]),
            segments=level_segments(),
            title=_("Mức độ theo loại hình"),
            width=width,
            table=tables,
        ),
        "sector_levels": stacked_bar_chart(
            level_rows(data["by_sector"]),
            segments=level_segments(),
            title=_("Mức độ theo ngành nghề"),
            width=width,
            table=tables,
        ),
        "levels": column_chart(
            [(str(label), total["levels"][code]) for code, label in Level.choices],
            title=_("Phân bố mức độ chuyển đổi số"),
            width=width,
            height=220,
            table=tables,
        ),
    }
    if "pillars" in data:
        charts["pillars"] = bar_chart(
            [(row["label"], row["average"]) for row in data["pillars"]],
            title=_("Điểm trung bình theo trụ cột (0–100)"),
            width=width,
            table=tables,
            decimals=1,
            max_value=100,
            color=PALETTE[1],
        )
    if "trend" in data:
        trend = data["trend"]
        series = [(_("Tổng"), PALETTE[0], trend["total"])] + [
            (str(label), LEVEL_COLOURS[code], trend["levels"][code]) for code, label in Level.choices
        ]
        charts["trend"] = line_chart(
            trend["labels"], series, title=_("Số lượt đánh giá theo tháng"), width=width, table=tables
        )
    return charts


def level_table(
    rows: list[dict], *, first_header: str, caption: str, link_provinces: bool = False
) -> SafeString:
    """A dashboard's table of rows by level (`reports/_level_table.html`, written here: the template engine
    took 9 ms for a page's three tables, this takes under one; numbers as a template writes them)."""
    cells = [
        f'<th scope="col">{escape(first_header)}</th>',
        *(
            f'<th scope="col" class="num">{escape(label)}</th>'
            for label in (
                _("Đăng ký"),
                _("Đã khảo sát"),
                _("Tỷ lệ"),
                *(label for _code, label in Level.choices),
            )
        ),
        f'<th scope="col" class="num">{escape(_("Điểm TB"))}</th>',
    ]
    body = []
    language = separators()
    for row in rows:
        label = escape(row["label"])
        if link_provinces:
            label = f'<a href="{escape(reverse("reports:province", args=[row["key"]]))}">{label}</a>'
        average = row["average_score"]
        figures = [
            plain(row["registered"], language),
            plain(row["surveyed"], language),
            f"{plain(row['share'], language)} %",
            *(plain(count, language) for count in row["level_list"]),
            "–" if average is None else plain(average, language),
        ]
        body.append(
            f'<tr><th scope="row">{label}</th>'
            + "".join(f'<td class="num">{escape(figure)}</td>' for figure in figures)
            + "</tr>"
        )
    if not body:
        body.append(f'<tr><td colspan="8">{escape(_("Chưa có doanh nghiệp nào."))}</td></tr>')
    return format_html(
        '<div class="table-wrap" tabindex="0" role="region" aria-label="{}">'
        '<table class="report-table"><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>',
        _("Bảng có thể cuộn ngang"),
        caption,
        mark_safe("".join(cells)),  # noqa: S308 - every label above went through escape()
        mark_safe("".join(body)),  # noqa: S308 - every label and figure above went through escape()
    )
