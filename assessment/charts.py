"""The per-pillar score chart of a result, as inline SVG drawn on the server.

Horizontal bars (they fit a phone), one per pillar, 0–100, with dashed lines at the level thresholds.
Only presentation attributes (the strict CSP allows them); every label is escaped; a <title> and <desc>
describe the chart for screen readers, and the page shows the same figures in a table.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

LEVEL_COLOURS = {"san_sang": "#f0b429", "tang_truong": "#0969da", "dot_pha": "#1a7f37"}
INK, MUTED, GRID = "#1f2328", "#57606a", "#d0d7de"
FONT = "Noto Sans, DejaVu Sans, sans-serif"


def _num(value: Decimal) -> str:
    return number_format(value, decimal_pos=1, use_l10n=True)


def pillar_chart(
    rows: list[tuple[str, Decimal, str]],
    *,
    thresholds: list[tuple[str, Decimal]],
    title: str,
    previous: dict[str, Decimal] | None = None,
) -> SafeString:
    """rows: (label, score 0–100, level code for the bar's colour); thresholds: (label, value)."""
    width, label_h, bar_h, gap, left, right = 640, 22, 22, 16, 8, 64
    top = 28
    plot_w = width - left - right
    height = top + len(rows) * (label_h + bar_h + gap) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pillar-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="pc-title pc-desc" font-family="{FONT}" font-size="14">',
        f'<title id="pc-title">{escape(title)}</title>',
        '<desc id="pc-desc">'
        + escape("; ".join(f"{label}: {_num(value)}/100" for label, value, _level in rows))
        + "</desc>",
    ]
    for label, value in thresholds:
        x = left + plot_w * float(value) / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 4}" stroke="{MUTED}" '
            f'stroke-dasharray="4 4" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle" fill="{MUTED}" font-size="12">'
            f"{escape(label)} {_num(value)}</text>"
        )
    y = top
    for label, value, level in rows:
        parts.append(f'<text x="{left}" y="{y + 16}" fill="{INK}">{escape(label)}</text>')
        bar_y = y + label_h
        parts.append(
            f'<rect x="{left}" y="{bar_y}" width="{plot_w}" height="{bar_h}" rx="4" fill="#f6f8fa" '
            f'stroke="{GRID}"/>'
        )
        bar_w = plot_w * float(value) / 100
        if bar_w > 0:
            colour = LEVEL_COLOURS.get(level, "#b3261e")
            parts.append(
                f'<rect x="{left}" y="{bar_y}" width="{bar_w:.1f}" height="{bar_h}" rx="4" fill="{colour}"/>'
            )
        if previous and label in previous:
            px = left + plot_w * float(previous[label]) / 100
            parts.append(
                f'<line x1="{px:.1f}" y1="{bar_y - 3}" x2="{px:.1f}" y2="{bar_y + bar_h + 3}" stroke="{INK}" '
                f'stroke-width="3"><title>{escape(_("Lần trước"))}: {_num(previous[label])}</title></line>'
            )
        parts.append(
            f'<text x="{width - right + 8}" y="{bar_y + 16}" fill="{INK}" font-weight="bold">{_num(value)}</text>'
        )
        y += label_h + bar_h + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label above is escaped
