"""The bar charts of report.html, written as SVG text (no plotting library).

Horizontal bars, one row each, a category's name at the left and its value at the bar's end, an
x axis with round ticks (1, 2 or 5 × a power of ten) and its unit. Names are shown up to
``MAX_LABEL`` characters (a longer one is cut with `…` and given whole in the row's tooltip);
every text from the design is XML-escaped with its control characters shown. Deterministic:
fixed number formats, no ids, no dates. Drawing them with matplotlib cost a `dcc build` about
0.4 s to import it and 0.3 s to lay out four charts, more than the whole check of a design.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import markupsafe

from dcdsl import number_format
from dcdsl.diagnostics import escape_controls
from dcdsl.emit.escape import xml_text

PALETTE = ("#4472c4", "#ed7d31", "#a5a5a5", "#ffc000", "#5b9bd5", "#70ad47", "#264478", "#9e480e")
WIDTH = 614  # px: 6.4 in at 96 dpi
ROW = 26  # px a bar's row
TOP = 30  # px above the first bar (the title)
BOTTOM = 44  # px below the last bar (ticks and the axis's label)
CHAR = 6.6  # px, an average character of the 12 px sans-serif font (for the label column)
MAX_LABEL = 40  # characters of a name shown
FONT = 'font-family="sans-serif" font-size="12"'


def _scale(values: Sequence[float], unit: str) -> tuple[float, str]:
    top = max((abs(v) for v in values), default=0.0)
    if unit == "USD":
        for factor, name in ((1e9, "B USD"), (1e6, "M USD"), (1e3, "k USD")):
            if top >= factor:
                return factor, name
        return 1.0, "USD"
    if unit == "kW":
        return (1000.0, "MW") if top >= 1000 else (1.0, "kW")
    return 1.0, unit


def ticks(high: float) -> list[float]:
    """Round ticks from 0 to ``high``: 3 to 6 of them, a step of 1, 2 or 5 × 10^k."""
    if not high > 0 or not math.isfinite(high):
        return [0.0]
    raw = high / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(high / step + 1e-9) + 1)]


def _label(text: str) -> str:
    """A name as shown at its bar: control characters shown escaped, cut to MAX_LABEL."""
    text = escape_controls(text)
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _f(value: float) -> str:
    return f"{value:.1f}"


class _Chart:
    """An SVG of horizontal bars on a common x scale from 0 to ``high``."""

    def __init__(self, labels: Sequence[str], high: float, title: str, axis: str) -> None:
        self.labels = [str(label) for label in labels]
        self.high = high if high > 0 and math.isfinite(high) else 1.0
        self.left = 12 + CHAR * max((len(_label(t)) for t in self.labels), default=0) + 8
        self.plot = WIDTH - self.left - 24
        self.height = TOP + ROW * len(self.labels) + BOTTOM
        self.out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{self.height}" '
            f'viewBox="0 0 {WIDTH} {self.height}" role="img" {FONT}>',
            f"<title>{xml_text(title)}</title>",
            f'<text x="8" y="18" font-size="13">{xml_text(title)}</text>',
        ]
        self.axis = axis

    def x(self, value: float) -> float:
        return self.left + self.plot * min(max(value, 0.0), self.high) / self.high

    def y(self, row: int) -> float:
        return TOP + ROW * row

    def bar(self, row: int, value: float, colour: str, tooltip: str) -> None:
        y, width = self.y(row), self.x(value) - self.left
        name = self.labels[row]
        self.out.append(
            f'<g><title>{xml_text(tooltip)}</title><rect x="{_f(self.left)}" y="{_f(y + 4)}" '
            f'width="{_f(width)}" height="{ROW - 8}" fill="{colour}"/>'
            f'<text x="{_f(self.left - 6)}" y="{_f(y + ROW / 2 + 4)}" text-anchor="end">'
            f"{xml_text(_label(name))}</text></g>"
        )

    def mark(self, row: int, value: float, colour: str, dashed: bool) -> None:
        x, y = _f(self.x(value)), self.y(row)
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        self.out.append(
            f'<line x1="{x}" y1="{_f(y + 1)}" x2="{x}" y2="{_f(y + ROW - 1)}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )

    def text(self, row: int, value: float, text: str) -> None:
        self.out.append(
            f'<text x="{_f(self.x(value) + 4)}" y="{_f(self.y(row) + ROW / 2 + 4)}" '
            f'font-size="11">{xml_text(text)}</text>'
        )

    def finish(self) -> markupsafe.Markup:
        base = self.y(len(self.labels))
        self.out.append(
            f'<line x1="{_f(self.left)}" y1="{_f(TOP)}" x2="{_f(self.left)}" y2="{_f(base)}" '
            'stroke="#333"/>'
        )
        self.out.append(
            f'<line x1="{_f(self.left)}" y1="{_f(base)}" x2="{_f(self.left + self.plot)}" '
            f'y2="{_f(base)}" stroke="#333"/>'
        )
        for tick in ticks(self.high):
            x = _f(self.x(tick))
            self.out.append(
                f'<line x1="{x}" y1="{_f(base)}" x2="{x}" y2="{_f(base + 4)}" stroke="#333"/>'
                f'<text x="{x}" y="{_f(base + 17)}" text-anchor="middle" font-size="11">'
                f"{number_format.number(tick, 3)}</text>"
            )
        self.out.append(
            f'<text x="{_f(self.left + self.plot / 2)}" y="{_f(base + 36)}" '
            f'text-anchor="middle">{xml_text(self.axis)}</text>'
        )
        self.out.append("</svg>")
        return markupsafe.Markup("\n".join(self.out))  # every design text escaped above


def bar_chart(
    labels: Sequence[str], values: Sequence[float], unit: str, title: str
) -> markupsafe.Markup | None:
    """A horizontal bar chart with the value printed at each bar (None: nothing to draw)."""
    if not values or not any(values):
        return None
    factor, shown = _scale(values, unit)
    scaled = [v / factor for v in values]
    top = max(scaled)
    chart = _Chart(labels, top * 1.18, title, shown)
    for row, value in enumerate(scaled):
        text = number_format.number(value, 3)
        chart.bar(row, value, PALETTE[row % len(PALETTE)], f"{labels[row]}: {text} {shown}")
        chart.text(row, max(value, 0.0) + top * 0.01, text)
    return chart.finish()


def density_colour(row: dict[str, Any]) -> str:
    limit, warn = row["limit_kw"], row["warn_kw"]
    if limit is not None and row["kw"] > limit:
        return "#c00000"
    if warn is not None and row["kw"] > warn:
        return "#ffc000"
    return "#4472c4"


def density_chart(rows: Sequence[dict[str, Any]]) -> markupsafe.Markup | None:
    """kW per rack for each rack group, with its cooling tier's warning and limit marked."""
    if not rows:
        return None
    highest = max([r["kw"] for r in rows] + [r["limit_kw"] or 0.0 for r in rows] + [1.0])
    chart = _Chart(
        [r["label"] for r in rows],
        highest * 1.1,
        "Rack density against the cooling limit",
        "kW per rack (solid red: tier limit; dashed amber: warning)",
    )
    for index, row in enumerate(rows):
        kw = number_format.number(row["kw"], 3)
        limits = "".join(
            f"; {name} {number_format.number(row[key], 3)} kW"
            for name, key in (("warning", "warn_kw"), ("limit", "limit_kw"))
            if row[key] is not None
        )
        chart.bar(index, row["kw"], density_colour(row), f"{row['label']}: {kw} kW{limits}")
        chart.text(index, row["kw"], kw)
        if row["limit_kw"] is not None:
            chart.mark(index, row["limit_kw"], "#c00000", dashed=False)
        if row["warn_kw"] is not None:
            chart.mark(index, row["warn_kw"], "#ffc000", dashed=True)
    return chart.finish()
