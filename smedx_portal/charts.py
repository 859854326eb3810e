"""Server-side SVG charts, usable inline in HTML pages and in WeasyPrint PDFs alike.

Every function returns a `SafeString` holding one `<svg>` element with a `<title>` (screen readers) and
only presentation attributes (no `style` attribute, no script), so the strict CSP allows it and WeasyPrint
draws it. Labels are escaped here; numbers are formatted for the active language (1.234.567 in Vietnamese).

    bar_chart([("Hà Nội", 1200), ("Huế", 300)], title="Doanh nghiệp theo tỉnh")
    column_chart([("2025", 10), ("2026", 25)], title="...")
    stacked_bar_chart([("Hà Nội", [5, 3, 1])], segments=[("Sẵn sàng", "#f0b429"), ...], title="...")
    line_chart(["01/2026", "02/2026"], [("Tổng", "#b3261e", [4, 9])], title="...")
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

Number = int | float | Decimal

PALETTE = ["#b3261e", "#0969da", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#57606a", "#0a7a85"]
# Level colours (sẵn sàng, tăng trưởng, đột phá) and "not surveyed"; one place so every chart agrees.
LEVEL_COLOURS = {"san_sang": "#f0b429", "tang_truong": "#0969da", "dot_pha": "#1a7f37", "": "#d0d7de"}
FONT = "Noto Sans, DejaVu Sans, sans-serif"
INK, MUTED, GRID = "#1f2328", "#57606a", "#d0d7de"
_ids = itertools.count(1)


def fmt(value: Number | None, decimals: int = 0) -> str:
    """A number as the active language writes it (grouped thousands)."""
    if value is None:
        return "–"
    # Django's number_format truncates extra decimals; round half up first (56.67 → "56,7").
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _clip(label: str, limit: int) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _open(width: int, height: int, title: str, desc: str = "") -> list[str]:
    ident = f"chart-{next(_ids)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{ident}" '
        f'font-family="{FONT}" font-size="12" fill="{INK}">',
        f'<title id="{ident}">{escape(title)}</title>',
    ]
    if desc:
        parts.append(f"<desc>{escape(desc)}</desc>")
    return parts


def _close(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label above went through escape()


def _empty(width: int, title: str, message: str) -> SafeString:
    parts = _open(width, 40, title)
    parts.append(f'<text x="0" y="24" fill="{MUTED}">{escape(message)}</text>')
    return _close(parts)


def _nice_max(value: float) -> float:
    """A round axis maximum ≥ value (1, 2, 2.5, 5 × 10ⁿ)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    width: int = 640,
    color: str = PALETTE[0],
    decimals: int = 0,
    suffix: str = "",
    max_value: Number | None = None,
    label_width: int = 190,
    empty: str | None = None,
) -> SafeString:
    """Horizontal bars, one row per item, in the order given (sort before calling for a ranking)."""
    if not items:
        return _empty(width, title, empty or gettext("Chưa có dữ liệu"))
    row, bar = 22, 16
    height = row * len(items) + 8
    top = float(max_value) if max_value is not None else _nice_max(max(float(v or 0) for _, v in items))
    plot = width - label_width - 70
    parts = _open(width, height, title)
    for index, (label, value) in enumerate(items):
        y = 4 + index * row
        length = 0 if not top else max(0.0, float(value or 0)) / top * plot
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar - 4}" text-anchor="end">{escape(_clip(label, 30))}'
            f"<title>{escape(label)}</title></text>"
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" fill="{color}" rx="2"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 4}" fill="{MUTED}">'
            f"{escape(fmt(value, decimals) + suffix)}</text>"
        )
    return _close(parts)


def column_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    color: str = PALETTE[1],
    decimals: int = 0,
    suffix: str = "",
    max_value: Number | None = None,
    empty: str | None = None,
) -> SafeString:
    """Vertical columns with the value above each and the label below."""
    if not items:
        return _empty(width, title, empty or gettext("Chưa có dữ liệu"))
    left, bottom, top_pad = 8, 36, 18
    plot_h = height - bottom - top_pad
    slot = (width - left) / len(items)
    col = min(56.0, slot * 0.7)
    top = float(max_value) if max_value is not None else _nice_max(max(float(v or 0) for _, v in items))
    parts = _open(width, height, title)
    parts.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="{GRID}"/>'
    )
    limit = max(4, int(slot / 7))
    for index, (label, value) in enumerate(items):
        h = 0 if not top else max(0.0, float(value or 0)) / top * plot_h
        x = left + index * slot + (slot - col) / 2
        cx = left + index * slot + slot / 2
        y = height - bottom - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h:.1f}" fill="{color}" rx="2"/>'
            f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(fmt(value, decimals) + suffix)}</text>"
            f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(_clip(label, limit))}'
            f"<title>{escape(label)}</title></text>"
        )
    return _close(parts)


def stacked_bar_chart(
    rows: Sequence[tuple[str, Sequence[Number]]],
    *,
    segments: Sequence[tuple[str, str]],
    title: str,
    width: int = 640,
    label_width: int = 190,
    empty: str | None = None,
) -> SafeString:
    """100 % horizontal bars: each row split into segments (e.g. the distribution of levels) with a legend."""
    if not rows:
        return _empty(width, title, empty or gettext("Chưa có dữ liệu"))
    row, bar, legend = 22, 16, 24
    height = legend + row * len(rows) + 8
    plot = width - label_width - 60
    parts = _open(width, height, title)
    x = 0.0
    for name, colour in segments:
        parts.append(
            f'<rect x="{x:.1f}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.1f}" y="14">{escape(name)}</text>'
        )
        x += 28 + 7 * len(str(name))
    for index, (label, values) in enumerate(rows):
        y = legend + 4 + index * row
        total = sum(float(v or 0) for v in values)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar - 4}" text-anchor="end">{escape(_clip(label, 30))}'
            f"<title>{escape(label)}</title></text>"
        )
        x = float(label_width)
        for (name, colour), value in zip(segments, values, strict=False):
            share = float(value or 0) / total if total else 0.0
            length = share * plot
            if length > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar}" fill="{colour}">'
                    f"<title>{escape(name)}: {escape(fmt(value))} ({escape(fmt(share * 100, 1))} %)</title></rect>"
                )
            x += length
        if not total:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{plot}" height="{bar}" fill="none" stroke="{GRID}"/>'
            )
        parts.append(
            f'<text x="{label_width + plot + 4}" y="{y + bar - 4}" fill="{MUTED}">{escape(fmt(total))}</text>'
        )
    return _close(parts)


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[Number]]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    decimals: int = 0,
    empty: str | None = None,
) -> SafeString:
    """Lines over time: `series` is (name, colour, values aligned with x_labels), with a legend."""
    if not x_labels or not series:
        return _empty(width, title, empty or gettext("Chưa có dữ liệu"))
    left, right, legend, bottom = 56, 12, 24, 32
    plot_w, plot_h = width - left - right, height - legend - bottom - 8
    top = _nice_max(max((float(v or 0) for _, _, values in series for v in values), default=0))
    step = plot_w / max(1, len(x_labels) - 1)
    base = legend + 8 + plot_h
    parts = _open(width, height, title)
    x = float(left)
    for name, colour, _values in series:
        parts.append(
            f'<rect x="{x:.1f}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.1f}" y="14">{escape(name)}</text>'
        )
        x += 28 + 7 * len(str(name))
    for fraction in (0, 0.5, 1):
        y = base - fraction * plot_h
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{escape(fmt(top * fraction, decimals if fraction else 0))}</text>"
        )
    every = max(1, len(x_labels) // 8)
    for index, label in enumerate(x_labels):
        if index % every == 0 or index == len(x_labels) - 1:
            parts.append(
                f'<text x="{left + index * step:.1f}" y="{base + 18}" text-anchor="middle" fill="{MUTED}">'
                f"{escape(label)}</text>"
            )
    for name, colour, values in series:
        points = " ".join(
            f"{left + index * step:.1f},{base - (float(v or 0) / top) * plot_h:.1f}"
            for index, v in enumerate(values)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(name)}</title></polyline>"
        )
        if len(values) == 1:
            parts.append(
                f'<circle cx="{left}" cy="{base - (float(values[0] or 0) / top) * plot_h:.1f}" r="3" fill="{colour}"/>'
            )
    return _close(parts)
