"""`oneline.svg`: the single-line diagram, drawn with standard symbols (``dcdsl.emit.symbols``).

Layout: one row per level of the chain (sources at the top, racks at the bottom); in each row
the element sides of path A on the left, shared elements in the middle, path B on the right, each
placed under the elements that feed it; a generator beside the transformer it backs up, on the
outer side. Each element side is drawn as its incoming breaker (rating: 125 % of the element's
rated input current, rounded up to the next standard breaker size), its symbol, its label (units
× rating, voltages, loading in normal operation and under the worst claimed failure), and its
output bus (voltage and available fault current). Racks are grouped as in ``oneline.dot``.
Deterministic: the same design gives the same bytes. Bounded: above ``MAX_CELLS`` element sides
and rack groups the drawing is skipped with a note (DC-POWER-013).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from dcdsl import number_format
from dcdsl.analysis import electrical as el
from dcdsl.analysis.generation import ROMAN
from dcdsl.analysis.power import ElementResult, PowerResult, format_kva, format_kw, format_pct
from dcdsl.analysis.power.elements import is_transformer
from dcdsl.analysis.power.fault_levels import IMPEDANCE, INFINITE_BUS
from dcdsl.emit import symbols as sym
from dcdsl.emit.escape import xml_text
from dcdsl.model import Model, RackGroup
from dcdsl.model.part_kinds import part_kind

MAX_CELLS = 400
CELL_W = 300.0
ROW_H = 150.0
TOP = 70.0
LEFT = 30.0
PATH_COLOURS = {"A": "#1f5fbf", "B": "#d9730d", "C": "#2e8b57", "D": "#8e44ad"}
SHARED = "#444444"
MAIN_BREAKER_KINDS = frozenset({"switchgear", "switchboard", "rpp", "busway"})
FILL_OK, FILL_NEAR, FILL_OVER = "#1e7d32", "#b26a00", "#b00020"

# Standard breaker ratings, A: NEC 240.6(A) (ANSI) and IEC 60947-2 frame ratings (IEC).
ANSI_BREAKERS = (
    15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 110, 125, 150, 175, 200, 225, 250, 300,
    350, 400, 450, 500, 600, 700, 800, 1000, 1200, 1600, 2000, 2500, 3000, 4000, 5000, 6000,
)  # fmt: skip
IEC_BREAKERS = (
    16, 20, 25, 32, 40, 50, 63, 80, 100, 125, 160, 200, 250, 320, 400, 500, 630, 800, 1000,
    1250, 1600, 2000, 2500, 3200, 4000, 5000, 6300,
)  # fmt: skip


def breaker_a(rated_a: float, standard: str) -> float | None:
    """125 % of the rated current, up to the next standard size (None above the largest)."""
    sizes = IEC_BREAKERS if standard == el.IEC else ANSI_BREAKERS
    need = 1.25 * rated_a
    return next((float(s) for s in sizes if s + el.EPSILON >= need), None)


def _colour(e: ElementResult | None) -> str:
    return PATH_COLOURS.get((e.side or "") if e else "", SHARED)


def _rank(side: str | None) -> int:
    return {"A": 0, None: 1, "B": 2}.get(side, 3)


def _v(volts: float | None) -> str:
    if volts is None:
        return "? V"
    return number_format.volts(volts)


class Cell:
    """One element side or one rack group, placed at (x, level)."""

    def __init__(self, key: str, level: int, rank: int, feeds: list[int]) -> None:
        self.key, self.level, self.rank, self.feeds = key, level, rank, feeds
        self.x = 0.0
        self.desired: float | None = None


def _levels(power: PowerResult) -> list[int]:
    elements = power.elements
    level = [0] * len(elements)
    for e in elements:  # flow order: feeds first
        level[e.index] = 1 + max((level[f] for f in e.feeds), default=-1)
    consumers: dict[int, list[int]] = {}
    for e in elements:
        for f in e.feeds:
            consumers.setdefault(f, []).append(e.index)
    for e in elements:  # a source sits just above what it feeds (a generator beside its peer)
        if not e.feeds and consumers.get(e.index):
            level[e.index] = max(0, min(level[c] for c in consumers[e.index]) - 1)
    return level


def _place_row(cells: list[Cell]) -> None:
    """Sort by (path, desired x) and pack CELL_W apart, centred on the desired positions."""
    for c in cells:
        if c.desired is None:
            c.desired = 0.0
    cells.sort(key=lambda c: (c.rank, c.desired or 0.0, c.key))
    x = -math.inf
    previous_rank = None
    for c in cells:
        gap = CELL_W + (40.0 if previous_rank is not None and c.rank != previous_rank else 0.0)
        c.x = max(c.desired or 0.0, x + gap)
        x, previous_rank = c.x, c.rank
    shift = sum((c.desired or 0.0) - c.x for c in cells) / len(cells)
    for c in cells:
        c.x += shift


def layout(power: PowerResult, loads: int, load_feeds: list[tuple[int, ...]]) -> list[Cell]:
    """Cells for the element sides (by index) followed by the rack groups."""
    level = _levels(power)
    cells = [Cell(e.key, level[e.index], _rank(e.side), list(e.feeds)) for e in power.elements]
    bottom = max(level, default=-1) + 1
    cells += [
        Cell(f"racks {i}", bottom, 1, list(feeds)) for i, feeds in enumerate(load_feeds[:loads])
    ]
    consumers: dict[int, list[int]] = {}
    for i, c in enumerate(cells):
        for f in c.feeds:
            consumers.setdefault(f, []).append(i)
    for lvl in range(bottom + 1):
        row = [c for c in cells if c.level == lvl]
        for c in row:
            if c.feeds:
                c.desired = sum(cells[f].x for f in c.feeds) / len(c.feeds)
        for i, c in enumerate(cells):
            if c.level != lvl or c.feeds:
                continue
            peers = [
                cells[f]
                for k in consumers.get(i, [])
                for f in cells[k].feeds
                if f != i and cells[f].level == lvl and cells[f].desired is not None
            ]
            if peers:
                outward = -CELL_W if c.rank == 0 else CELL_W
                c.desired = (peers[0].desired or 0.0) + outward
        if row:
            _place_row(row)
    return cells


def _breaker_label(e: ElementResult, standard: str) -> str:
    """A line-up's main breaker at its own rating; a feeder breaker at 125 % of rated current."""
    rated = e.rated_current_a
    voltage_in = e.voltage_in_v or e.voltage_v
    if e.node.kind in MAIN_BREAKER_KINDS and rated:
        parts = [f"main {rated:,.0f} A"]
    else:
        if is_transformer(e.node) and e.rating_kva and voltage_in:
            rated = el.full_load_current_a(e.rating_kva, voltage_in)
        size = breaker_a(rated, standard) if rated else None
        parts = [f"CB {size:,.0f} A" if size else "CB"]
    if e.interrupting_ka:
        parts.append(f"{e.interrupting_ka:g} kA")
    return " · ".join(parts)


def _loading_lines(e: ElementResult) -> list[tuple[str, str]]:
    state = e.normal
    if state is None or state.loading is None:
        return [("no rating: loading not checked", "#666666")]
    worst = max(e.stress(state), e.stress(e.claimed))
    colour = FILL_OVER if worst > 1.0 + el.EPSILON else FILL_NEAR if worst > 0.9 else FILL_OK
    lines = [
        (
            f"load {format_pct(state.loading)} of {state.basis} (limit {format_pct(state.limit)})",
            colour,
        )
    ]
    if e.claimed is not None and e.claimed.loading is not None:
        lines.append((f"claimed failure: {format_pct(e.claimed.loading)}", colour))
    return lines


def _label_lines(e: ElementResult) -> list[tuple[str, str]]:
    node = e.node
    rating = " / ".join(
        x
        for x in (
            format_kw(e.rating_kw) if e.rating_kw else "",
            format_kva(e.rating_kva) if e.rating_kva else "",
        )
        if x
    )
    arrangement = "split A/B" if e.inherited_split else str(node.redundancy)
    if e.shared_spares:  # 2N+k: the k spares both paths share
        arrangement += f", {e.shared_spares} shared spare" + ("s" if e.shared_spares > 1 else "")
    units = f"{e.units} of {node.count}" if e.split else f"{e.units}"
    lines = [
        (f"{e.label} · {node.kind}", "#000000"),
        (f"{units} × {rating or 'unrated'} ({arrangement})", "#222222"),
    ]
    if is_transformer(node):
        z = f" · Z {e.impedance * 100:g} %" if e.impedance else ""
        lines.append((f"{_v(e.voltage_in_v)} → {_v(e.voltage_v)}{z}", "#222222"))
    elif e.voltage_v:
        amps = f" · {e.rated_current_a:,.0f} A" if e.rated_current_a else ""
        lines.append((f"{_v(e.voltage_v)}{amps}", "#222222"))
    lines.extend(_loading_lines(e))
    return lines


def _standby_on_left(e: ElementResult, inputs: Sequence[float], power: PowerResult) -> bool:
    """Whether the generator feed lands on the ATS's left input (the blade rests on normal)."""
    pairs = sorted(zip(inputs, e.feeds, strict=True))
    return bool(pairs) and power.elements[pairs[0][1]].is_standby


def _symbol(
    e: ElementResult, x: float, y: float, iec: bool, inputs: Sequence[float], power: PowerResult
) -> str:
    kind = e.node.kind
    entry = part_kind(kind)
    drawing = "utility" if kind == "utility" else (entry.symbol if entry else None)
    if drawing == "utility":
        return sym.utility(x, y)
    if drawing == "generator":
        return sym.generator(x, y)
    if drawing == "transformer":
        return sym.transformer(x, y, iec)
    if drawing == "ats":
        left, right = (min(inputs), max(inputs)) if len(inputs) > 1 else (x - 17, x + 17)
        return sym.ats(x, y, left, right, normal_left=not _standby_on_left(e, inputs, power))
    if drawing == "ups":
        return sym.ups(x, y)
    if drawing == "pdu":
        return sym.pdu(x, y, is_transformer(e.node), iec)
    if drawing == "rpp":
        return sym.rpp(x, y)
    if drawing == "busway":
        return sym.busway(x, y)
    # a line-up (switchgear, switchboard; dcdsl.model.part_kinds) drawn as its output bus
    return (
        f'<g class="sym-{kind}"><rect x="{x - 22}" y="{y - 20}" width="44" height="40" '
        'fill="none" stroke="#777" stroke-dasharray="4,3"/>'
        f'<line x1="{x}" y1="{y - 24}" x2="{x}" y2="{y + 24}" stroke="#222" stroke-width="1.6"/>'
        "</g>"
    )


def empty(model: Model) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="80" viewBox="0 0 480 80" '
        'font-family="Helvetica, Arial, sans-serif"><rect width="480" height="80" fill="#fff"/>'
        + sym.text(LEFT, 30, f"{model.design.name}: single-line diagram", 14)
        + sym.text(LEFT, 55, "no power chain in this design", 11)
        + "</svg>\n"
    )


def render(
    model: Model,
    power: PowerResult,
    aggregates: list[tuple[str, tuple[int, ...], list[RackGroup]]],
    load_labels: list[list[str]],
) -> str | None:
    """The SVG text, or None above the drawing's bound."""
    if len(power.elements) + len(aggregates) > MAX_CELLS:
        return None
    iec = power.standard == el.IEC
    cells = layout(power, len(aggregates), [feeds for _, feeds, _ in aggregates])
    min_x = min(c.x for c in cells) - CELL_W / 2
    for c in cells:
        c.x += LEFT - min_x + 40
    n = len(power.elements)
    max_level = max(c.level for c in cells)

    def row_top(level: int) -> float:
        return TOP + level * ROW_H

    drops: dict[int, list[float]] = {}
    for i, c in enumerate(cells):
        for f, x in zip(c.feeds, _inputs(power, cells, i), strict=True):
            drops.setdefault(f, []).append(x)

    # Buses that reach beyond their own column get their own height in the row (18 px apart,
    # path A first), so two buses never run along the same line.
    wide = [i for i in drops if any(abs(x - cells[i].x) > CELL_W / 2 for x in drops[i])]
    offset: dict[int, float] = {}
    for lvl in {cells[i].level for i in wide}:
        in_row = sorted(
            (i for i in wide if cells[i].level == lvl), key=lambda i: (cells[i].rank, cells[i].x)
        )
        offset.update({i: 18.0 * k for k, i in enumerate(in_row)})

    def bus_y(i: int) -> float:
        source = 10 if i < n and power.elements[i].is_source and cells[i].level > 0 else 0
        return row_top(cells[i].level) + ROW_H - 30 + offset.get(i, 0.0) + source

    out: list[str] = []
    for i, c in enumerate(cells):
        load = i >= n
        for f, x in zip(c.feeds, _inputs(power, cells, i), strict=True):
            colour = _colour(power.elements[f])
            ats = not load and power.elements[i].node.kind == "ats"
            top = row_top(c.level) + (14 if load else 44 if ats else 6)  # an ATS's own inputs
            arrow = (
                f'<path d="M{x - 4:.1f},{top - 7:.1f} l4,7 l4,-7 z" fill="{colour}"/>'
                if load
                else ""
            )
            out.append(
                f'<line class="feed" x1="{x:.1f}" y1="{bus_y(f):.1f}" x2="{x:.1f}" '
                f'y2="{top - (7 if load else 0):.1f}" stroke="{colour}" stroke-width="1.6"/>'
                f'<circle cx="{x:.1f}" cy="{bus_y(f):.1f}" r="3" fill="{colour}"/>{arrow}'
            )
    for i, e in enumerate(power.elements):
        out.append(
            _element(
                e,
                cells[i].x,
                row_top(cells[i].level),
                bus_y(i),
                drops.get(i, []),
                iec,
                power,
                _inputs(power, cells, i),
            )
        )
    for k in range(len(aggregates)):
        c = cells[n + k]
        y = row_top(c.level) + 14
        out.append(sym.load(c.x, y, CELL_W - 50, 62, arrow=False))
        for j, line in enumerate(load_labels[k]):
            out.append(sym.text(c.x, y + 16 + 14 * j, line, 11 if j == 0 else 10, "middle"))
    legend_chars = max(len(line) for line in _legend(model, power, 0.0, iec))
    width = max(max(c.x for c in cells) + 300, LEFT + 5.6 * legend_chars + 20)
    legend_y = row_top(max_level) + 90
    legend = _legend(model, power, legend_y, iec)
    height = legend_y + 16 * len(legend) + 20
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Helvetica, Arial, sans-serif">',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        sym.text(
            LEFT, 28, f"{model.design.name}: single-line diagram", 16, extra=' font-weight="bold"'
        ),
        sym.text(
            LEFT,
            48,
            f"symbols: {'IEC 60617' if iec else 'IEEE 315'} · loads at {power.load_basis} · "
            f"fault levels: {_fault_heading(power)}",
            11,
        ),
    ]
    tail = [sym.text(LEFT, legend_y + 16 * j + 12, line, 10) for j, line in enumerate(legend)]
    return "\n".join([*head, *out, *tail, "</svg>"]) + "\n"


def _inputs(power: PowerResult, cells: list[Cell], i: int) -> list[float]:
    """Where each feed lands: the element's axis, an ATS's two inputs, a rack group's cords."""
    c = cells[i]
    count = len(c.feeds)
    if count <= 1:
        return [c.x] * count
    spread = 34.0 if i < len(power.elements) else 40.0
    order = sorted(range(count), key=lambda j: cells[c.feeds[j]].x)
    xs = [0.0] * count
    for position, j in enumerate(order):
        xs[j] = c.x - spread / 2 + spread * position / (count - 1)
    return xs


def _element(
    e: ElementResult,
    x: float,
    top: float,
    bus_y: float,
    drops: list[float],
    iec: bool,
    power: PowerResult,
    inputs: list[float],
) -> str:
    colour = _colour(e)
    key = xml_text(e.key)
    parts = [f'<g class="element" data-key="{key}">']
    y_sym = top + 62
    kind = e.node.kind
    if len(inputs) > 1 and kind != "ats":  # several feeds land on one input: join them
        parts.append(
            f'<line x1="{min(inputs):.1f}" y1="{top + 6}" x2="{max(inputs):.1f}" y2="{top + 6}" '
            'stroke="#222" stroke-width="1.6"/>'
        )
    if not e.is_source and kind != "ats":
        parts.append(
            f'<line x1="{x}" y1="{top + 6}" x2="{x}" y2="{y_sym - 24}" stroke="#222" stroke-width="1.6"/>'
        )
        parts.append(sym.breaker(x, top + 20, iec))
        parts.append(
            sym.text(x + 12, top + 24, _breaker_label(e, power.standard), 9, extra=' fill="#333"')
        )
    parts.append(_symbol(e, x, y_sym, iec, inputs, power))
    parts.append(
        f'<line x1="{x}" y1="{y_sym + 24}" x2="{x}" y2="{bus_y}" stroke="#222" stroke-width="1.6"/>'
    )
    if e.is_source and drops:
        parts.append(sym.breaker(x, y_sym + 36, iec))
    for j, (line, fill) in enumerate(_label_lines(e)):
        weight = ' font-weight="bold"' if j == 0 else ""
        parts.append(
            sym.text(x + 44, y_sym - 22 + 13 * j, line, 10, extra=f' fill="{fill}"{weight}')
        )
    if drops:
        x1 = min(x - 14, min(drops) - 4)
        x2 = max(x + 14, max(drops) + 4)
        parts.append(sym.bus(x1, x2, bus_y, colour))
        at_least = "≥ " if e.fault_partial else "≤ " if e.fault_method == INFINITE_BUS else ""
        fault = f" · {at_least}{e.fault_out_ka:,.1f} kA" if e.fault_out_ka else ""
        parts.append(
            sym.text(x + 6, bus_y - 6, f"{_v(e.voltage_v)}{fault}", 9, extra=f' fill="{colour}"')
        )
    parts.append("</g>")
    return "".join(parts)


def _fault_heading(power: PowerResult) -> str:
    methods = {e.fault_method for e in power.elements if e.fault_out_ka is not None}
    if methods == {IMPEDANCE}:
        return "IEC 60909-0 impedance method"
    if IMPEDANCE in methods:
        return (
            "IEC 60909-0 impedance method, ≤ infinite-bus upper bound where the utility states none"
        )
    return "infinite-bus method (upper bound)"


def _legend(model: Model, power: PowerResult, y: float, iec: bool) -> list[str]:
    lines = [
        "CB: breaker at 125 % of the element's rated input current, next standard size "
        + ("(IEC 60947-2 ratings)" if iec else "(NEC 215.3, 240.6(A))")
        + "; kA: its interrupting rating",
        "bus labels: voltage · prospective three-phase fault current I''k (IEC 60909-0 "
        "impedance method; ≤: infinite-bus upper bound I_FL / Z, the utility states no fault "
        "level; passed through UPS static bypass; ≥: a source above states no fault level)",
        "loading: green ≤ 90 % of the limit, amber ≤ 100 %, red over; lines: blue path A, "
        "orange path B, grey shared",
        f"loads at {power.load_basis}; energy at {power.energy_basis}; power factor "
        f"{power.power_factor:g}; IT {format_kw(power.rating_it_kw)}",
    ]
    if power.tier is not None:
        claim = f"claimed Tier {ROMAN[power.tier_claim]}; " if power.tier_claim in ROMAN else ""
        reached = f"Tier {ROMAN[power.tier]}" if power.tier else "no tier"
        lines.append(f"{claim}the topology reaches {reached}: {power.tier_reason}")
    return lines
