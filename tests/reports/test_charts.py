from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation

from smedx_portal.charts import bar_chart, column_chart, fmt, line_chart, nice_ticks, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ElementTree.fromstring(str(svg))


def texts(root):
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_bar_chart_is_valid_svg_with_escaped_labels_and_vietnamese_numbers():
    with translation.override("vi"):
        svg = bar_chart(
            [("Hà Nội <b>", 1234567), ("Huế & Đà Nẵng", Decimal("617283.45"))],
            title="Doanh nghiệp",
            decimals=1,
        )
        assert fmt(Decimal("56.67"), 1) == "56,7"
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Doanh nghiệp"
    labels = texts(root)
    assert "Hà Nội <b>Hà Nội <b>" in labels  # label + its <title>, escaped in the markup
    assert "Huế & Đà Nẵng" in str(labels) and "&amp;" in str(svg)
    assert "1.234.567,0" in labels and "617.283,5" in labels  # rounded half up, grouped
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > 0
    assert "style=" not in str(svg) and "<script" not in str(svg)  # strict CSP


@translation.override("vi")
def test_column_stacked_and_line_charts():
    root = parse(column_chart([("Sẵn sàng", 3), ("Tăng trưởng", 0)], title="Mức độ"))
    assert len(list(root.iter(f"{SVG}rect"))) == 2
    stacked = parse(
        stacked_bar_chart(
            [("Hà Nội", [1, 1, 2]), ("Huế", [0, 0, 0])],
            segments=[("A", "#f00"), ("B", "#0f0"), ("C", "#00f")],
            title="Phân bố",
        )
    )
    bars = [rect for rect in stacked.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert [rect.find(f"{SVG}title").text for rect in bars] == [
        "A: 1 (25,0 %)",
        "B: 1 (25,0 %)",
        "C: 2 (50,0 %)",
    ]
    line = parse(line_chart(["01/2026", "02/2026"], [("Tổng", "#000", [1, 3])], title="Xu hướng"))
    assert len(list(line.iter(f"{SVG}polyline"))) == 1


def test_empty_charts_say_so():
    with translation.override("vi"):
        assert "Chưa có dữ liệu" in bar_chart([], title="x")
        assert "Chưa có dữ liệu" in line_chart([], [], title="x")
    assert fmt(None) == "–"


def test_axis_ticks_are_round_and_never_repeat():
    assert nice_ticks(1) == [0, 1]  # counts: never "0, 1, 1"
    assert nice_ticks(2) == [0, 1, 2]
    assert nice_ticks(1234) == [0, 500, 1000, 1500]
    assert nice_ticks(0.8, integer=False) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8])
    with translation.override("vi"):
        line = parse(line_chart(["01/2026", "02/2026", "03/2026"], [("Tổng", "#000", [0, 1, 1])], title="x"))
    ticks = [t for t in texts(line) if "/" not in t and t != "Tổng"]
    assert ticks == ["0", "1"]


def test_charts_are_phone_sized_and_their_text_stays_readable():
    """320 units shown in a ~302 px box (360 px phone): 14-unit text is ≥ 12 px; labels never squeezed."""
    with translation.override("vi"):
        svg = bar_chart(
            [("Thành phố Hồ Chí Minh và các vùng lân cận rất dài", Decimal("41.666"))], title="x", decimals=1
        )
    root = parse(svg)
    assert root.get("width") == "320" and root.get("font-size") == "14"
    assert all(node.get("font-size") in (None, "14") for node in root.iter(f"{SVG}text"))
    assert "41,7" in texts(root)  # rounded, not cut
    assert max(len(t) for t in texts(root)) <= 320 / 8 + 60  # clipped label (its full text is in the <title>)


def test_a_chart_can_carry_its_data_table():
    with translation.override("vi"):
        html = str(column_chart([("Sẵn sàng", 3), ("Đột phá", 1200)], title="Mức độ", table=True))
    assert html.startswith("<svg") and '</svg><details class="chart-data">' in html
    assert "<caption>Mức độ</caption>" in html and '<td class="num">1.200</td>' in html
