"""Sizing help and number formats for the power rules and the one-line: what would pass (the
next standard transformer size of the design's standard, a larger unit, more units)."""

from __future__ import annotations

from collections.abc import Iterable

from dcdsl import number_format
from dcdsl.analysis import electrical as el
from dcdsl.analysis.power.results import ElementResult, PowerResult, Scenario, SideState
from dcdsl.model import PowerNode, RackGroup


def failed_on_side(element: ElementResult, scenario: Scenario | None) -> int:
    if scenario is None:
        return 0
    return sum(n for i, n in scenario.failed_units if i == element.index)


def sides_of(result: PowerResult, node: PowerNode) -> int:
    return len(result.elements_of(node))


def sizing_help(
    result: PowerResult,
    element: ElementResult,
    state: SideState,
    scenario: Scenario | None,
    margin: float | None = None,
) -> str:
    """What would pass: the next standard transformer size, a larger unit, or more units.

    With ``margin``, what keeps the element within the owner's design margin instead.
    """
    node = element.node
    limit, kva_limit = element.limit, element.kva_limit
    if margin is not None:
        limit, kva_limit = margin, margin
    unit_kw_needed = state.unit_kw / limit
    unit_kva_needed = state.unit_kva / kva_limit
    per_side = 0
    if element.rating_kw:
        per_side = el.units_to_carry(state.load_kw, element.rating_kw, limit)
    if element.rating_kva:
        per_side = max(per_side, el.units_to_carry(state.load_kva, element.rating_kva, kva_limit))
    failed = failed_on_side(element, scenario)
    per_side += failed - min(element.shared_spares, failed)  # 2N+k: spares replace failed units
    if scenario is not None and element.side in scenario.failed_paths:
        per_side = 0
    sides = sides_of(result, node)
    count = per_side * sides + element.shared_spares
    pct = format_pct(kva_limit)
    options: list[str] = []
    if node.kind == "transformer" and element.rating_kva:
        series_name, series = el.standard_series(element.rating_kva, result.standard)
        size = el.next_standard_size(unit_kva_needed, series)
        if size is not None:
            options.append(
                f"use {_kva(size)} transformers (the next {series_name} standard size "
                f"≥ {_kva(unit_kva_needed)} = {_kva(state.unit_kva)} / {pct})"
            )
        else:
            options.append(
                f"{_kva(unit_kva_needed)} per unit is above the largest {series_name} standard "
                f"size ({_kva(series[-1])}): add units"
            )
    elif element.rating_kw and element.rating_kva:
        options.append(f"use units of at least {_kw(unit_kw_needed)} and {_kva(unit_kva_needed)}")
    elif element.rating_kw:
        options.append(f"use units of at least {_kw(unit_kw_needed)}")
    elif element.rating_kva:
        options.append(f"use units of at least {_kva(unit_kva_needed)}")
    if count > node.count:
        arrangement = "split A/B" if element.inherited_split else str(node.redundancy)
        options.append(f"install {count} units instead of {node.count} ({arrangement})")
    return " or ".join(options) if options else "reduce the load or raise the rating"


def _kw(value: float) -> str:
    return f"{_num(value)} kW"


def _kva(value: float) -> str:
    return f"{_num(value)} kVA"


def _num(value: float) -> str:
    return number_format.number(value, 1)


def format_kw(value: float) -> str:
    return _kw(value)


def format_kva(value: float) -> str:
    return _kva(value)


def format_pct(fraction: float) -> str:
    """88 %, 84.2 %: one decimal only when it says something."""
    return number_format.percent(fraction)


def describe_groups(groups: Iterable[RackGroup], limit: int = 3) -> str:
    names = []
    for group in groups:
        where = ".".join(
            x
            for x in (group.hall.name if group.hall else "", group.row.name if group.row else "")
            if x
        )
        names.append(f"{where} {group.names_summary}".strip())
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
