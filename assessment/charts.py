"""The per-pillar score chart of a result, as inline SVG drawn on the server.

Horizontal bars (they fit a phone), one per pillar, 0–100, with dashed lines at the level thresholds.
Only presentation attributes (the strict CSP allows them); every label is escaped; a <title> and <desc>
describe the chart for screen readers, and the page shows the same figures in a table.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from smedx_portal.charts import fmt

LEVEL_COLOURS = {"san_sang": "#f0b429", "tang_truong": "#0969da", "dot_pha": "#1a7f37"}
INK, MUTED, GRID = "#1f2328", "#57606a", "#d0d7de"
FONT = "Noto Sans, DejaVu Sans, sans-serif"


def _num(value: Decimal) -> str:
    return fmt(value, 1)


def pillar_chart(
    rows: list[tuple[str, Decimal, str]],
    *,
    thresholds: list[tuple[str, Decimal]],
    title: str,
    previous: dict[str, Decimal] | None = None,
) -> SafeString:
    """rows: (label, score 0–100, level code for the bar's colour); thresholds: (label, value).

    320 units wide and shown at most at that width (phone first: 14-unit text stays ≥ 12 px at 360 px); each
    threshold's label has its own line above the plot, so two close thresholds never overlap."""
    width, label_h, bar_h, gap, right = 320, 20, 20, 14, 48
    plot_w = width - right
    top = len(thresholds) * label_h + 8
    height = top + len(rows) * (label_h + bar_h + gap) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pillar-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="pc-title pc-desc" '
        f'font-family="{FONT}" font-size="14">',
        f'<title id="pc-title">{escape(title)}</title>',
        '<desc id="pc-desc">'
        + escape("; ".join(f"{label}: {_num(value)}/100" for label, value, _level in rows))
        + "</desc>",
    ]
    for index, (label, value) in enumerate(thresholds):
        x = plot_w * float(value) / 100
        anchor, dx = ("end", -3) if x > plot_w / 2 else ("start", 3)
        parts.append(
            f'<line x1="{x:.1f}" y1="{index * label_h + 4}" x2="{x:.1f}" y2="{height - 4}" stroke="{MUTED}" '
            f'stroke-dasharray="4 4" stroke-width="1"/>'
            f'<text x="{x + dx:.1f}" y="{index * label_h + 16}" text-anchor="{anchor}" fill="{MUTED}">'
            f"{escape(label)} {_num(value)}</text>"
        )
    y = top
    for label, value, level in rows:
        parts.append(f'<text x="0" y="{y + 15}" fill="{INK}">{escape(label)}</text>')
        bar_y = y + label_h
        parts.append(
            f'<rect x="0" y="{bar_y}" width="{plot_w}" height="{bar_h}" rx="4" fill="#f6f8fa" stroke="{GRID}"/>'
        )
        bar_w = plot_w * float(value) / 100
        if bar_w > 0:
            colour = LEVEL_COLOURS.get(level, "#b3261e")
            parts.append(
                f'<rect x="0" y="{bar_y}" width="{bar_w:.1f}" height="{bar_h}" rx="4" fill="{colour}"/>'
            )
        if previous and label in previous:
            px = plot_w * float(previous[label]) / 100
            parts.append(
                f'<line x1="{px:.1f}" y1="{bar_y - 3}" x2="{px:.1f}" y2="{bar_y + bar_h + 3}" stroke="{INK}" '
                f'stroke-width="3"><title>{escape(_("Lần trước"))}: {_num(previous[label])}</title></line>'
            )
        parts.append(
            f'<text x="{width}" y="{bar_y + 15}" text-anchor="end" fill="{INK}" font-weight="bold">'
            f"{_num(value)}</text>"
        )
        y += label_h + bar_h + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label above is escaped
