"""The design's key figures, each defined once: name, unit, how it is computed, where it is shown.

`summary.json` writes each figure at its ``path`` from ``compute`` (the analysis result field it
comes from); the report's key-figure tiles compute it the same way; `dcc diff` (its Summary table
and ``--fail-on``) and `dcc compare`/`dcc sweep` read it back from two or more summaries by its
``path``. A unit figure (capex per GPU) is the quotient of two others, so it always agrees with
them. Numbers are written by ``dcdsl.number_format`` (``figure`` for comparison tables, by
``kind``). ``tests/test_key_figures.py`` checks that each figure is where ``shown`` says.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from dcdsl.analysis.cost import CostResult
from dcdsl.analysis.facility import FacilityResult
from dcdsl.analysis.load import LoadResult
from dcdsl.diagnostics import counts
from dcdsl.pipeline import Compilation

# Where a figure is shown: summary.json, the report's key-figure tiles, dcc diff's Summary
# table (and --fail-on), dcc compare and dcc sweep tables.
SUMMARY, REPORT, DIFF, COMPARE = "summary", "report", "diff", "compare"
EVERYWHERE = frozenset({SUMMARY, REPORT, DIFF, COMPARE})


@attrs.frozen
class KeyFigure:
    key: str  # its name in --fail-on, in compare and sweep columns and in the sweep's CSV/JSON
    label: str  # its name in tables ("Capex"); the report's tiles write it in lower case
    kind: str  # its unit: usd, kw, kwh, litre, l_per_kwh, ratio, count
    path: tuple[str, ...]  # where summary.json holds it; ("fabrics", "*", x) sums over fabrics
    how: str  # how it is computed, in words (docs/outputs.md)
    shown: frozenset[str]
    # from a compilation: the analysis result field it comes from (None: read from the summary)
    compute: Callable[[Compilation], float | int | None] | None = None
    digits: int = 3  # decimals kept in summary.json
    per: tuple[str, str] | None = None  # a unit figure: this figure / that one

    @property
    def tile_label(self) -> str:
        """The label with a lower-case first letter (`capex per GPU`), an acronym kept (`IT power`)."""
        keep = self.label[1:2].isupper()
        return self.label if keep else self.label[:1].lower() + self.label[1:]

    def of(self, compilation: Compilation) -> float | int | None:
        """The figure computed from a compilation's results."""
        if self.per is not None:
            top, bottom = (BY_KEY[k].of(compilation) for k in self.per)
            return top / bottom if top is not None and bottom else None
        return self.compute(compilation) if self.compute is not None else None

    def read(self, summary: dict[str, Any] | None) -> float | None:
        """The figure read back from a summary.json document."""
        if self.per is not None:
            top, bottom = (BY_KEY[k].read(summary) for k in self.per)
            return top / bottom if top is not None and bottom else None
        return lookup(summary, self.path)


# --- how each figure is computed from the results ------------------------------------------------


def _it_kw(c: Compilation) -> float | None:
    """The power analysis's IT load (at the rating basis), else the load analysis's."""
    results = c.results
    if results is None:
        return None
    if results.power is not None and results.power.it_kw is not None:
        return float(results.power.it_kw)
    return float(results.load.it_kw) if results.load is not None else None


def _load(field: Callable[[LoadResult], int]) -> Callable[[Compilation], int]:
    def compute(c: Compilation) -> int:
        load = c.results.load if c.results is not None else None
        return field(load) if load is not None else 0

    return compute


def _halls(c: Compilation) -> int:
    return len(c.model.halls) if c.model is not None else 0


def _facility(
    field: Callable[[FacilityResult], float | None],
) -> Callable[[Compilation], float | None]:
    def compute(c: Compilation) -> float | None:
        facility = c.results.facility if c.results is not None else None
        value = field(facility) if facility is not None else None
        return float(value) if value is not None else None

    return compute


def _cost(field: Callable[[CostResult], dict[str, float]]) -> Callable[[Compilation], float | None]:
    def compute(c: Compilation) -> float | None:
        cost = c.results.cost if c.results is not None else None
        totals = field(cost) if cost is not None else {}
        return totals.get("total") if totals else None

    return compute


def _diagnostics(severity: str) -> Callable[[Compilation], int]:
    return lambda c: counts(c.diagnostics)[severity]


FIGURES: tuple[KeyFigure, ...] = (
    KeyFigure(
        "capex",
        "Capex",
        "usd",
        ("cost", "capex_usd", "total"),
        "the BOM's one-off lines and the design's capex cost lines, summed (results.cost.capex_usd)",
        EVERYWHERE,
        _cost(lambda r: r.capex_usd),
    ),
    KeyFigure(
        "opex",
        "Opex per year",
        "usd",
        ("cost", "opex_usd_per_year", "total"),
        "energy, maintenance, staff and recurring lines per year (results.cost.opex_usd_per_year)",
        EVERYWHERE,
        _cost(lambda r: r.opex_usd_per_year),
    ),
    KeyFigure(
        "it_kw",
        "IT power",
        "kw",
        ("power", "it_kw"),
        "the IT load at the power chain's rating basis (results.power.it_kw), else the racks' "
        "summed load (results.load.it_kw)",
        EVERYWHERE,
        _it_kw,
    ),
    KeyFigure(
        "facility_kw",
        "Facility power",
        "kw",
        ("power", "facility_kw"),
        "IT plus cooling, electrical losses and other loads at design load "
        "(results.facility.facility_kw)",
        EVERYWHERE,
        _facility(lambda r: r.facility_kw),
    ),
    KeyFigure(
        "pue",
        "PUE",
        "ratio",
        ("power", "pue"),
        "facility power / IT power at design load (results.facility.pue)",
        EVERYWHERE,
        _facility(lambda r: r.pue),
        digits=4,
    ),
    KeyFigure(
        "energy",
        "Energy per year",
        "kwh",
        ("energy_kwh_per_year",),
        "the facility's energy over 8,760 h at the average load (results.facility)",
        EVERYWHERE,
        _facility(lambda r: r.energy_kwh_per_year),
        digits=0,
    ),
    KeyFigure(
        "water",
        "Water per year",
        "litre",
        ("water_l_per_year",),
        "the site's water use per year (results.facility.water_l_per_year)",
        frozenset({SUMMARY, REPORT, DIFF}),
        _facility(lambda r: r.water_l_per_year),
        digits=0,
    ),
    KeyFigure(
        "gpus",
        "GPUs",
        "count",
        ("counts", "gpus"),
        "GPUs in all racks (results.load.gpus)",
        EVERYWHERE,
        _load(lambda r: r.gpus),
    ),
    KeyFigure(
        "nodes",
        "Nodes",
        "count",
        ("counts", "nodes"),
        "servers in all racks (results.load.nodes)",
        frozenset({SUMMARY, REPORT, DIFF}),
        _load(lambda r: r.nodes),
    ),
    KeyFigure(
        "racks",
        "Racks",
        "count",
        ("counts", "racks"),
        "racks in all halls (results.load.rack_count)",
        EVERYWHERE,
        _load(lambda r: r.rack_count),
    ),
    KeyFigure(
        "halls",
        "Halls",
        "count",
        ("counts", "halls"),
        "halls in the design",
        frozenset({SUMMARY, REPORT, DIFF}),
        _halls,
    ),
    *(
        KeyFigure(
            name,
            name.capitalize(),
            "count",
            ("fabrics", "*", name),
            f"{name} of every fabric, summed (summary.json fabrics.*.{name})",
            frozenset({DIFF}),
        )
        for name in ("switches", "links", "cables", "transceivers")
    ),
    *(
        KeyFigure(
            name,
            name.capitalize(),
            "count",
            ("diagnostics", name),
            f"{name} among the diagnostics",
            frozenset({SUMMARY, REPORT, DIFF} | ({COMPARE} if name == "errors" else set())),
            _diagnostics(name),
        )
        for name in ("errors", "warnings")
    ),
    KeyFigure(
        "notes",
        "Notes",
        "count",
        ("diagnostics", "notes"),
        "notes among the diagnostics",
        frozenset({SUMMARY, REPORT}),
        _diagnostics("notes"),
    ),
    KeyFigure(
        "capex_per_gpu",
        "Capex per GPU",
        "usd",
        (),
        "capex / GPUs",
        frozenset({REPORT, COMPARE}),
        per=("capex", "gpus"),
    ),
    KeyFigure(
        "capex_per_kw_it",
        "Capex per kW of IT",
        "usd",
        (),
        "capex / IT power",
        frozenset({REPORT, COMPARE}),
        per=("capex", "it_kw"),
    ),
)
BY_KEY: dict[str, KeyFigure] = {f.key: f for f in FIGURES}


def shown_in(where: str) -> tuple[KeyFigure, ...]:
    return tuple(f for f in FIGURES if where in f.shown)


def finite_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def lookup(summary: dict[str, Any] | None, path: Sequence[str]) -> float | None:
    """A number in summary.json by path; ``*`` sums over the keys at that level."""
    if summary is None:
        return None
    node: Any = summary
    for index, key in enumerate(path):
        if key == "*":
            if not isinstance(node, dict):
                return None
            values = [lookup(child, path[index + 1 :]) for child in node.values()]
            present = [v for v in values if v is not None]
            return sum(present) if present else None
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return finite_number(node)
