"""Variants and comparisons: `dcc sweep` (one design, several values of its `let`s) and
`dcc compare` (several designs side by side).

Both compile each variant with the normal pipeline and read the key figures shown in comparisons
(capex, opex, power, PUE, energy, counts, and the unit costs a planner compares first: capex per
GPU and per kW of IT; ``dcdsl.emit.key_figures``) from its `summary.json`.
A sweep writes `sweep.csv`, `sweep.json` and one SVG plot per figure (cost, power, PUE against
the swept value) into an output folder owned by dcc (as `dcc build` does); `compare` prints
markdown, CSV or JSON.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from dcdsl.diagnostics import Diagnostic, error
from dcdsl.diff import fmt_value
from dcdsl.elaborate.overrides import UNKNOWN_NAME, expand_shorthand
from dcdsl.emit.escape import md_text
from dcdsl.emit.key_figures import BY_KEY, COMPARE, shown_in

MAX_VARIANTS = 64  # each variant is a full compilation


@attrs.frozen
class Variant:
    label: str  # "gpus=1024" or a file name
    settings: Mapping[str, str]
    summary: dict[str, Any] | None  # None: the variant does not compile
    errors: int
    first_error: str

    def figure(self, key: str) -> float | None:
        found = BY_KEY.get(key)
        return found.read(self.summary) if found is not None else None


def _columns() -> list[tuple[str, str, str]]:
    """(key, label, kind) of every figure a table shows."""
    return [(f.key, f.label, f.kind) for f in shown_in(COMPARE)]


# --- running variants -----------------------------------------------------------------------------


class VariantError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def sweep_settings(specs: Sequence[str]) -> list[dict[str, str]]:
    """`["gpus=1k,10k", "tariff=0.05 USD/kWh,0.08 USD/kWh"]` → every combination, in order."""
    axes: list[tuple[str, list[str]]] = []
    for spec in specs:
        name, sep, values = spec.partition("=")
        name = name.strip()
        choices = [expand_shorthand(v) for v in values.split(",") if v.strip()]
        if not sep or not name.isidentifier() or not choices:
            raise VariantError(
                error(
                    UNKNOWN_NAME,
                    f"`--set {spec}` is not NAME=VALUE,VALUE,…",
                    help="write e.g. `dcc sweep pod.dc --set gpus=1k,10k,100k`",
                )
            )
        axes.append((name, choices))
    if not axes:
        raise VariantError(
            error(
                UNKNOWN_NAME,
                "a sweep needs at least one `--set NAME=VALUE,VALUE,…`",
                help="e.g. `dcc sweep pod.dc --set gpus=1k,10k,100k`",
            )
        )
    combinations = math.prod(len(values) for _, values in axes)
    if combinations > MAX_VARIANTS:
        raise VariantError(
            error(
                UNKNOWN_NAME,
                f"the sweep asks for {combinations:,} variants; at most {MAX_VARIANTS} are run",
                help="sweep fewer values at once",
            )
        )
    names = [name for name, _ in axes]
    return [
        dict(zip(names, combo, strict=True)) for combo in itertools.product(*(v for _, v in axes))
    ]


def run_variant(
    path: Path, settings: Mapping[str, str], label: str, compile_one: Callable[..., Any]
) -> tuple[Variant, list[Diagnostic]]:
    from dcdsl.emit.summary import summary

    compilation = compile_one(path, None, dict(settings))
    errors = [d for d in compilation.diagnostics if d.is_error]
    document = (
        summary(compilation) if compilation.model is not None and compilation.results else None
    )
    first = f"{errors[0].code}: {errors[0].message}" if errors else ""
    return Variant(label, dict(settings), document, len(errors), first), compilation.diagnostics


# --- tables ---------------------------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.10g}" if not float(value).is_integer() else str(int(value))


def render_csv(variants: Sequence[Variant], settings: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = _columns()
    header = ["variant", *(f"set_{s}" for s in settings), *(key for key, _, _ in columns)]
    writer.writerow([*header, "compiled", "first_error"])
    for v in variants:
        writer.writerow(
            [
                _csv_cell(v.label),
                *(_csv_cell(v.settings.get(s, "")) for s in settings),
                *(_number(v.figure(key)) for key, _, _ in columns),
                "yes" if v.summary is not None else "no",
                _csv_cell(v.first_error),
            ]
        )
    return buffer.getvalue()


def _csv_cell(text: str) -> str:
    """A spreadsheet reads a cell starting with = + - @ as a formula: never from our input."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_markdown(variants: Sequence[Variant], title: str) -> str:
    columns = _columns()
    head = "| figure | " + " | ".join(md_text(v.label) for v in variants) + " |"
    rule = "|:--|" + "--:|" * len(variants)
    rows = [
        f"| {label} | " + " | ".join(_shown(v.figure(key), kind) for v in variants) + " |"
        for key, label, kind in columns
    ]
    failed = [v for v in variants if v.summary is None]
    notes = [f"- {md_text(v.label)} does not compile: {md_text(v.first_error)}" for v in failed]
    return (
        "\n".join([f"## {md_text(title)}", "", head, rule, *rows, *(["", *notes] if notes else [])])
        + "\n"
    )


def _shown(value: float | None, kind: str) -> str:
    return fmt_value(value, kind)


def render_json(variants: Sequence[Variant]) -> str:
    document = {
        "format_version": "1.0",
        "variants": [
            {
                "label": v.label,
                "settings": dict(v.settings),
                "compiled": v.summary is not None,
                "errors": v.errors,
                "figures": {key: v.figure(key) for key, _, _ in _columns()},
            }
            for v in variants
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- plots ----------------------------------------------------------------------------------------

PLOTS: tuple[tuple[str, str, tuple[tuple[str, str], ...], float, str], ...] = (
    # file, title, ((figure, legend), …), divisor, axis unit
    ("cost.svg", "Cost", (("capex", "capex"), ("opex", "opex per year")), 1e6, "M USD"),
    ("power.svg", "Power", (("it_kw", "IT"), ("facility_kw", "facility")), 1e3, "MW"),
    ("pue.svg", "PUE", (("pue", "PUE"),), 1.0, ""),
)


def render_plots(variants: Sequence[Variant], axis: str) -> dict[str, str]:
    """One SVG per plot: each figure against the swept value (the first `--set`), or against
    the variant's position when that value is not a plain number."""
    from dcdsl.emit.plots import chart_text, figure, svg

    xs_raw = [v.settings.get(axis, "") for v in variants]
    numeric = all(_is_number(x) for x in xs_raw)
    xs = [float(x) if numeric else float(i) for i, x in enumerate(xs_raw)]
    plots: dict[str, str] = {}
    for name, title, series, divisor, unit in PLOTS:
        fig = figure(6.0, 3.2)
        ax = fig.add_subplot()
        for key, legend in series:
            points = [(x, v.figure(key)) for x, v in zip(xs, variants, strict=True)]
            shown = [(x, y / divisor) for x, y in points if y is not None]
            if shown:
                ax.plot(*zip(*shown, strict=True), marker="o", label=chart_text(legend))
        ax.set_title(chart_text(title))
        ax.set_xlabel(chart_text(axis))
        if unit:
            ax.set_ylabel(unit)
        if numeric and len(xs) > 1 and min(xs) > 0 and max(xs) / min(xs) >= 50:
            ax.set_xscale("log")
        if not numeric:
            ax.set_xticks(xs, [chart_text(x) for x in xs_raw])
        if len(series) > 1:
            ax.legend(frameon=False)
        ax.grid(True, alpha=0.3)
        plots[name] = str(svg(fig)) + "\n"
    return plots


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
