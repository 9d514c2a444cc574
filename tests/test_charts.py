"""report.html's bar charts, written as SVG by dcdsl/emit/charts.py: bars in proportion to their
values, round ticks, every name escaped, long names cut and given whole on hover."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from dcdsl.emit.charts import MAX_LABEL, bar_chart, density_chart, ticks

SVG = "{http://www.w3.org/2000/svg}"


def _bars(svg: str) -> list[float]:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    return [float(r.get("width", "0")) for r in root.iter(f"{SVG}rect")]


def test_bars_are_in_proportion_and_values_shown() -> None:
    chart = bar_chart(["compute", "network", "storage"], [4.5e9, 1.5e9, 3e9], "USD", "Capex")
    assert chart is not None
    widths = _bars(str(chart))
    assert abs(widths[0] / widths[1] - 3.0) < 0.01 and abs(widths[2] / widths[1] - 2.0) < 0.01
    texts = [t.text for t in ET.fromstring(str(chart)).iter(f"{SVG}text")]
    assert {"compute", "network", "storage", "4.5", "1.5", "3", "B USD", "Capex"} <= set(texts)


def test_nothing_to_draw() -> None:
    assert bar_chart([], [], "USD", "Capex") is None
    assert bar_chart(["a"], [0.0], "USD", "Capex") is None
    assert density_chart([]) is None


def test_names_are_escaped_and_long_ones_cut() -> None:
    hostile = '<script>alert("x")</script>\x1b[31m & ' + "h" * 60
    chart = str(bar_chart([hostile], [10.0], "kW", "IT <power>"))
    assert "<script>" not in chart and "\x1b" not in chart
    root = ET.fromstring(chart)
    shown = [t.text or "" for t in root.iter(f"{SVG}text")]
    label = next(t for t in shown if t.startswith("<script>"))
    assert len(label) == MAX_LABEL and label.endswith("…")
    tooltips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any(t.startswith('<script>alert("x")</script>\\x1b[31m & ' + "h" * 60) for t in tooltips)
    assert "IT <power>" in tooltips


def test_density_marks_limit_and_warning() -> None:
    rows = [
        {"label": "hot", "kw": 60.0, "limit_kw": 50.0, "warn_kw": 40.0},
        {"label": "warm", "kw": 45.0, "limit_kw": 50.0, "warn_kw": 40.0},
        {"label": "cool", "kw": 10.0, "limit_kw": None, "warn_kw": None},
    ]
    root = ET.fromstring(str(density_chart(rows)))
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills == ["#c00000", "#ffc000", "#4472c4"]
    marks = [line for line in root.iter(f"{SVG}line") if line.get("stroke") != "#333"]
    assert len(marks) == 4  # a limit and a warning for each of the first two rows
    assert sum(1 for line in marks if line.get("stroke-dasharray")) == 2


def test_charts_are_deterministic() -> None:
    args = (["a", "b"], [1.0, 2.0], "kW", "t")
    assert str(bar_chart(*args)) == str(bar_chart(*args))
    assert not re.search(r'id="', str(bar_chart(*args)))


@given(st.floats(min_value=1e-6, max_value=1e15))
def test_ticks_are_round_and_cover_the_axis(high: float) -> None:
    found = ticks(high)
    assert found[0] == 0.0 and found[-1] <= high * (1 + 1e-9)
    assert 3 <= len(found) <= 6
    step = found[1] - found[0]
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-12)
    assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < 1e-6


@given(st.text())
def test_xml_text_is_saxutils_escape(text: str) -> None:
    """dcdsl.emit.escape.xml_text escapes as xml.sax.saxutils does (not imported: it loads
    urllib, http and email)."""
    from xml.sax.saxutils import escape

    from dcdsl.diagnostics import escape_controls
    from dcdsl.emit.escape import xml_text

    assert xml_text(text) == escape(escape_controls(text), {'"': "&quot;"})
