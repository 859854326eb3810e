"""Server-side SVG charts, usable inline in HTML pages and in WeasyPrint PDFs alike.

Phone first: a chart is drawn for a 320-unit-wide box by default and shown at its own width or narrower
(`max-width: 100%`), so its 14-unit text stays ≥ 12 CSS px on a 360 px phone; PDFs ask for `width=640`.
Labels sit above their bars (no label column to squeeze), axis ticks are round numbers (0, 1, 2 — never
0, 1, 1), long labels are clipped with the full text in a `<title>`, and x labels are thinned so none overlap.

Every function returns a `SafeString` holding one `<svg>` element with a `<title>` (screen readers) and
only presentation attributes (no `style` attribute, no script), so the strict CSP allows it and WeasyPrint
draws it. With `table=True` the same figures follow in a `<table>` inside a `<details>` ("Bảng số liệu")
for screen readers and anyone who prefers numbers. Labels are escaped here; numbers are formatted for
the active language (1.234.567 and 41,7 in Vietnamese) with the same decimals throughout a chart.

    bar_chart([("Hà Nội", 1200), ("Huế", 300)], title="Doanh nghiệp theo tỉnh")
    column_chart([("2025", 10), ("2026", 25)], title="...")
    stacked_bar_chart([("Hà Nội", [5, 3, 1])], segments=[("Sẵn sàng", "#f0b429"), ...], title="...")
    line_chart(["01/2026", "02/2026"], [("Tổng", "#b3261e", [4, 9])], title="...")
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from smedx_portal.numbers import Separators, grouped, separators

Number = int | float | Decimal

PALETTE = ["#b3261e", "#0969da", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#57606a", "#0a7a85"]
# Level colours (sẵn sàng, tăng trưởng, đột phá) and "not surveyed"; one place so every chart agrees.
LEVEL_COLOURS = {"san_sang": "#f0b429", "tang_truong": "#0969da", "dot_pha": "#1a7f37", "": "#d0d7de"}
FONT = "Noto Sans, DejaVu Sans, sans-serif"
INK, MUTED, GRID = "#1f2328", "#57606a", "#d0d7de"
WIDTH = 320  # phone first: 320 units shown in a ~300 px box keep 14-unit text above 12 px
FONT_SIZE = 14
LINE = 18  # one line of text
CHAR = 8.0  # a generous average glyph width at FONT_SIZE, to keep labels apart
BAR = 14
_ids = itertools.count(1)


def fmt(value: Number | None, decimals: int = 0, language: Separators | None = None) -> str:
    """A number as the active language writes it (grouped thousands), rounded half up to `decimals`.
    `language`: the active language's separators when the caller has them (a chart writes hundreds)."""
    if value is None:
        return "–"
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return grouped(value, decimals, language)


def escape(text: object) -> str:
    """Django's `escape` (the same characters, through the same `html.escape`), without its lazy-string
    wrapper and SafeString: a chart escapes thousands of short strings and marks the whole safe once."""
    return html.escape(str(text))


def nice_ticks(top: float, *, count: int = 4, integer: bool = True) -> list[float]:
    """Axis ticks from 0 to at least `top` in round steps (1, 2, 2.5, 5 × 10ⁿ); whole steps for counts."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = 10 * magnitude
    for multiple in (1, 2, 2.5, 5, 10):
        candidate = multiple * magnitude
        if candidate >= raw and (not integer or candidate == int(candidate)):
            step = candidate
            break
    if integer:
        step = max(1.0, float(step))
    return [index * step for index in range(math.ceil(top / step - 1e-9) + 1)]


def _decimals_of(step: float) -> int:
    return 0 if step == int(step) else (1 if step * 10 == int(step * 10) else 2)


def _clip(label: str, limit: int) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: max(1, limit - 1)].rstrip() + "…"


def _chars(width: float) -> int:
    return max(3, int(width / CHAR))


def _open(width: int, height: float, title: str) -> list[str]:
    ident = f"chart-{next(_ids)}"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" role="img" aria-labelledby="{ident}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}" fill="{INK}">',
        f'<title id="{ident}">{escape(title)}</title>',
    ]


def data_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The chart's figures as a table, in a <details> that anyone (and every screen reader) can open."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(f'<td class="num">{escape(cell)}</td>' for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<details class="chart-data"><summary>{escape(gettext("Bảng số liệu"))}</summary>'
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(title)}">'
        f"<table><caption>{escape(title)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
        "</table></div></details>"
    )


def _close(parts: list[str], table: str = "") -> SafeString:
    parts.append("</svg>")
    parts.append(table)
    return mark_safe("".join(parts))  # noqa: S308 - every label above went through escape()


def _empty(width: int, title: str, message: str) -> SafeString:
    parts = _open(width, 40, title)
    parts.append(f'<text x="0" y="24" fill="{MUTED}">{escape(message)}</text>')
    return _close(parts)


def _legend(parts: list[str], items: Sequence[tuple[str, str]], width: int) -> float:
    """Colour keys that wrap onto new lines; returns the height they take."""
    x, y = 0.0, 0.0
    for name, colour in items:
        span = 16 + len(str(name)) * CHAR + 12
        if x and x + span > width:
            x, y = 0.0, y + LINE + 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 3:.1f}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.1f}" y="{y + 14:.1f}">{escape(name)}</text>'
        )
        x += span
    return y + LINE + 6


def bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    width: int = WIDTH,
    color: str = PALETTE[0],
    decimals: int = 0,
    suffix: str = "",
    max_value: Number | None = None,
    empty: str | None = None,
    table: bool = False,
) -> SafeString:
    """Horizontal bars, one row per item (label above, value after the bar), in the order given."""
    if not items:
        return _empty(width, title, empty or gettext("Chưa có dữ liệu"))
    language = separators()
    values = [fmt(value, decimals, language) + suffix for _, value in items]
    top = float(max_value) if max_value is not None else nice_ticks(max(float(v or 0) for _, v in items))[-1]
    plot = width - max(len(text) for text in values) * CHAR - 8
    row = LINE + BAR + 8
    parts = _open(width, row * len(items), title)
    for index, ((label, value), text) in enumerate(zip(items, values, strict=True)):
        y = index * row
        length = 0 if not top else min(1.0, max(0.0, float(value or 0)) / top) * plot
        parts.append(
            f'<text x="0" y="{y + 14}">{escape(_clip(label, _chars(width)))}<title>{escape(label)}</title></text>'
            f'<rect x="0" y="{y + LINE}" width="{length:.1f}" height="{BAR}" fill="{color}" rx="2"/>'
            f'<text x="{length + 4:.1f}" y="{y + LINE + 12}" fill="{MUTED}">{escape(text)}</text>'
        )
    rows = [(str(label), text) for (label, _), text in zip(items, values, strict=True)]
    return _close(parts, data_table(title, ["", gettext("Giá trị")], rows) if table else "")


def column_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    width: int = WIDTH,
    height: int = 220,
    color: str = PALETTE[1],
    decimals: int = 0,
    suffix: str = "",
    max_value: Number | None = None,
    empty: str | None = None,
    table: bool = False,
) -> SafeString:
    """Vertical columns with the value above each and the label below (on two lines when long)."""
    if not items:
        return _empty(width, title, empty or gettext("Chưa có dữ liệu"))
    bottom, top_pad = 2 * LINE + 8, LINE + 4
    plot_h = height - bottom - top_pad
    slot = width / len(items)
    col = min(56.0, slot * 0.6)
    top = float(max_value) if max_value is not None else nice_ticks(max(float(v or 0) for _, v in items))[-1]
    limit = _chars(slot - 4)
    language = separators()
    values = [fmt(value, decimals, language) + suffix for _, value in items]
    parts = _open(width, height, title)
    parts.append(f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="{GRID}"/>')
    for index, ((label, value), text) in enumerate(zip(items, values, strict=True)):
        h = 0 if not top else min(1.0, max(0.0, float(value or 0)) / top) * plot_h
        cx = index * slot + slot / 2
        y = height - bottom - h
        parts.append(
            f'<rect x="{cx - col / 2:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h:.1f}" fill="{color}" rx="2"/>'
            f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="{MUTED}">{escape(text)}</text>'
        )
        lines = _wrap(str(label), limit)
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="{cx:.1f}" y="{height - bottom + 16 + number * LINE}" text-anchor="middle">'
                f"{escape(line)}<title>{escape(label)}</title></text>"
            )
    rows = [(str(label), text) for (label, _), text in zip(items, values, strict=True)]
    return _close(parts, data_table(title, ["", gettext("Giá trị")], rows) if table else "")


def _wrap(label: str, limit: int, lines: int = 2) -> list[str]:
    """Words onto at most `lines` lines of `limit` characters, the last one clipped."""
    out: list[str] = []
    for word in label.split():
        if out and len(out[-1]) + 1 + len(word) <= limit:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    return [_clip(line, limit) for line in out] or [""]


def stacked_bar_chart(
    rows: Sequence[tuple[str, Sequence[Number]]],
    *,
    segments: Sequence[tuple[str, str]],
    title: str,
    width: int = WIDTH,
    empty: str | None = None,
    table: bool = False,
) -> SafeString:
    """100 % horizontal bars: each row split into segments (e.g. the distribution of levels) with a legend."""
    if not rows:
        return _empty(width, title, empty or gettext("Chưa có dữ liệu"))
    totals = [sum(float(v or 0) for v in values) for _, values in rows]
    language = separators()
    plot = width - max(len(fmt(total, 0, language)) for total in totals) * CHAR - 8
    legend_parts: list[str] = []
    legend = _legend(legend_parts, segments, width)
    row = LINE + BAR + 8
    parts = _open(width, legend + row * len(rows), title) + legend_parts
    for index, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = legend + index * row
        parts.append(
            f'<text x="0" y="{y + 14:.1f}">{escape(_clip(label, _chars(width)))}<title>{escape(label)}</title></text>'
        )
        x, bar_y = 0.0, y + LINE
        for (name, colour), value in zip(segments, values, strict=False):
            share = float(value or 0) / total if total else 0.0
            if share > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{share * plot:.1f}" height="{BAR}" fill="{colour}">'
                    f"<title>{escape(name)}: {escape(fmt(value, 0, language))} ({escape(fmt(share * 100, 1, language))} %)</title></rect>"
                )
            x += share * plot
        if not total:
            parts.append(
                f'<rect x="0" y="{bar_y:.1f}" width="{plot:.1f}" height="{BAR}" fill="none" stroke="{GRID}"/>'
            )
        parts.append(
            f'<text x="{plot + 4:.1f}" y="{bar_y + 12:.1f}" fill="{MUTED}">{escape(fmt(total, 0, language))}</text>'
        )
    table_rows = [
        (str(label), *(fmt(v, 0, language) for v in values), fmt(total, 0, language))
        for (label, values), total in zip(rows, totals, strict=True)
    ]
    headers = ["", *(str(name) for name, _ in segments), gettext("Tổng")]
    return _close(parts, data_table(title, headers, table_rows) if table else "")


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[Number]]],
    *,
    title: str,
    width: int = WIDTH,
    height: int = 240,
    decimals: int = 0,
    empty: str | None = None,
    table: bool = False,
) -> SafeString:
    """Lines over time: `series` is (name, colour, values aligned with x_labels), with a legend."""
    if not x_labels or not series:
        return _empty(width, title, empty or gettext("Chưa có dữ liệu"))
    legend_parts: list[str] = []
    legend = _legend(legend_parts, [(name, colour) for name, colour, _ in series], width)
    highest = max((float(v or 0) for _, _, values in series for v in values), default=0)
    ticks = nice_ticks(highest, integer=decimals == 0)
    tick_decimals = _decimals_of(ticks[1] - ticks[0])
    language = separators()
    tick_texts = [fmt(tick, tick_decimals, language) for tick in ticks]
    left = max(len(text) for text in tick_texts) * CHAR + 8
    right, bottom = 12 + max(len(str(label)) for label in x_labels) * CHAR / 2, LINE + 8
    plot_w, plot_h = width - left - right, height - legend - bottom - 8
    top, base = ticks[-1], legend + 8 + plot_h
    step = plot_w / max(1, len(x_labels) - 1)
    parts = _open(width, height, title) + legend_parts
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = base - tick / top * plot_h
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 4:.1f}" y="{y + 5:.1f}" text-anchor="end" fill="{MUTED}">{escape(text)}</text>'
        )
    label_span = max(len(str(label)) for label in x_labels) * CHAR + 12
    every = max(1, math.ceil(label_span / step)) if len(x_labels) > 1 else 1
    shown = [index for index in range(len(x_labels)) if index % every == 0]
    for index in shown:
        parts.append(
            f'<text x="{left + index * step:.1f}" y="{base + LINE:.1f}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(x_labels[index])}</text>"
        )
    for name, colour, values in series:
        points = [
            (left + index * step, base - float(v or 0) / top * plot_h) for index, v in enumerate(values)
        ]
        parts.append(
            f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" '
            f'stroke="{colour}" stroke-width="2"><title>{escape(name)}</title></polyline>'
        )
        if len(points) == 1:
            parts.append(f'<circle cx="{points[0][0]:.1f}" cy="{points[0][1]:.1f}" r="3" fill="{colour}"/>')
    headers = ["", *(str(name) for name, _, _ in series)]
    table_rows = [
        (str(label), *(fmt(values[index], decimals, language) for _, _, values in series))
        for index, label in enumerate(x_labels)
    ]
    return _close(parts, data_table(title, headers, table_rows) if table else "")
