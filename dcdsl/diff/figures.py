"""The figures `dcc diff` compares: the headline metrics and how each is read from summary.json."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs


@attrs.frozen
class Metric:
    key: str  # the name --fail-on uses
    label: str
    path: tuple[str, ...]  # into summary.json; ("fabrics", "*", x) sums over fabrics
    kind: str  # usd, kw, kwh, litre, ratio, count


HEADLINE: tuple[Metric, ...] = (
    Metric("capex", "Capex", ("cost", "capex_usd", "total"), "usd"),
    Metric("opex", "Opex per year", ("cost", "opex_usd_per_year", "total"), "usd"),
    Metric("it_kw", "IT power", ("power", "it_kw"), "kw"),
    Metric("facility_kw", "Facility power", ("power", "facility_kw"), "kw"),
    Metric("pue", "PUE", ("power", "pue"), "ratio"),
    Metric("energy", "Energy per year", ("energy_kwh_per_year",), "kwh"),
    Metric("water", "Water per year", ("water_l_per_year",), "litre"),
    Metric("gpus", "GPUs", ("counts", "gpus"), "count"),
    Metric("nodes", "Nodes", ("counts", "nodes"), "count"),
    Metric("racks", "Racks", ("counts", "racks"), "count"),
    Metric("halls", "Halls", ("counts", "halls"), "count"),
    Metric("switches", "Switches", ("fabrics", "*", "switches"), "count"),
    Metric("links", "Links", ("fabrics", "*", "links"), "count"),
    Metric("cables", "Cables", ("fabrics", "*", "cables"), "count"),
    Metric("transceivers", "Transceivers", ("fabrics", "*", "transceivers"), "count"),
    Metric("errors", "Errors", ("diagnostics", "errors"), "count"),
    Metric("warnings", "Warnings", ("diagnostics", "warnings"), "count"),
)
ALIASES = {m.key: m for m in HEADLINE} | {
    "power": HEADLINE[3],  # facility power: what the utility must deliver
    "cost": HEADLINE[0],
}
FABRIC_KEYS = ("endpoints", "tiers", "switches", "links", "cables", "transceivers")


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
