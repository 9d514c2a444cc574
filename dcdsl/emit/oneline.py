"""The electrical one-line diagram: `oneline.dot` (Graphviz source) and `oneline.svg`.

Drawn from ``results.power``: utility → switchgear → transformers → UPS → PDUs → rack groups,
each element side labelled with its units, rating, load and loading, filled by margin (green,
amber, red), A and B paths in two colours, and the worst failure marked (the failed element
dashed, the element it overloads outlined in red). Racks are aggregated per row and feed
("H1 · Row A: 8 racks × 40.8 kW"), or per hall when there are many rows, so the drawing stays
readable at thousands of racks. Output is deterministic: the same design gives the same bytes.

The SVG needs the Graphviz `dot` program; without it the `.dot` is still written and
``render_files`` returns a note saying the SVG was skipped.
"""

from __future__ import annotations

from typing import Any

from dcdsl.analysis.generation import ROMAN
from dcdsl.analysis.power import (
    ElementResult,
    PowerResult,
    RackBucket,
    format_kva,
    format_kw,
    format_pct,
)
from dcdsl.codes import code
from dcdsl.diagnostics import Diagnostic, note
from dcdsl.emit import singleline
from dcdsl.emit.escape import dot_string as _quote  # names: quoted, controls escaped
from dcdsl.emit.graphviz import render_svg
from dcdsl.model import Model, RackGroup

SVG_SKIPPED = code("DC-POWER-013")

MAX_ROW_NODES = 24  # more row aggregates than this: aggregate per hall instead
MAX_HALL_NODES = 24  # more hall aggregates than this: one node per set of feeds

PATH_COLOURS = {"A": "#1f5fbf", "B": "#d9730d", "C": "#2e8b57", "D": "#8e44ad"}
SHARED_COLOUR = "#444444"
FILL_OK, FILL_NEAR, FILL_OVER, FILL_UNRATED = "#d8f0dc", "#fff1c2", "#f7c9cc", "#eeeeee"
NEAR = 0.9  # above 90 % of the allowed limit: amber


def _attrs(**values: Any) -> str:
    return ", ".join(f"{key}={_quote(str(value))}" for key, value in values.items())


def _fill(element: ElementResult) -> str:
    """By the worse of normal operation and the failures the design claims to survive."""
    state = element.normal
    if state is None or state.loading is None:
        return FILL_UNRATED
    stress = max(element.stress(state), element.stress(element.claimed))
    if stress > 1.0 + 1e-9:
        return FILL_OVER
    return FILL_NEAR if stress > NEAR else FILL_OK


def _rating_text(element: ElementResult) -> str:
    parts = []
    if element.rating_kw:
        parts.append(format_kw(element.rating_kw))
    if element.rating_kva:
        parts.append(format_kva(element.rating_kva))
    rating = " / ".join(parts) if parts else "no rating"
    node = element.node
    arrangement = "split A/B" if element.inherited_split else str(node.redundancy)
    if element.shared_spares:  # 2N+k: the k spares both paths share
        arrangement += f", {element.shared_spares} shared spare"
        arrangement += "s" if element.shared_spares > 1 else ""
    if element.split:
        return f"{element.units} of {node.count} × {rating} ({arrangement})"
    return f"{element.units} × {rating} ({arrangement})"


def _element_label(element: ElementResult, power: PowerResult, failed: int, hit: bool) -> str:
    node = element.node
    lines = [f"{element.label} · {node.kind}", _rating_text(element)]
    state = element.normal
    if state is not None:
        load = f"{format_kw(state.load_kw)}"
        if state.loading is not None:
            load += (
                f" · {format_pct(state.loading)} of {state.basis} (limit {format_pct(state.limit)})"
            )
        lines.append(load)
        if state.current_a is not None and element.voltage_v:
            lines.append(f"{state.current_a:,.0f} A/unit at {element.voltage_v:,.0f} V")
    claimed = element.claimed
    if claimed is not None and claimed.loading is not None and element.claimed_scenario:
        lines.append(f"under claimed failure: {format_pct(claimed.loading)}")
    if failed:
        what = "fails" if failed >= element.units else f"{failed} of {element.units} units fail"
        lines.append(f"✕ {what} in the worst case")
    if hit:
        worst = power.worst.worst_state if power.worst is not None else None
        if worst is not None and worst.loading is not None:
            lines.append(f"⚠ worst case: {format_pct(worst.loading)}")
    return "\n".join(lines)


def _edge_colour(
    power: PowerResult, upstream: ElementResult, downstream: ElementResult | None
) -> str:
    tag = downstream.side if downstream is not None and downstream.side else upstream.side
    return PATH_COLOURS.get(tag or "", SHARED_COLOUR)


def _place(group: RackGroup) -> tuple[str, str]:
    return (group.hall.name if group.hall else "", group.row.name if group.row else "")


def _rack_aggregates(power: PowerResult) -> list[tuple[str, tuple[int, ...], list[RackGroup]]]:
    """Rack groups merged per row and feeds; per hall, or per feeds only, when there are many."""

    def merge(title_of: Any) -> list[tuple[str, tuple[int, ...], list[RackGroup]]]:
        merged: dict[tuple[str, tuple[int, ...]], list[RackGroup]] = {}
        for bucket in power.buckets:
            for group in bucket.groups:
                merged.setdefault((title_of(group), bucket.feeds), []).append(group)
        return [(title, feeds, groups) for (title, feeds), groups in merged.items()]

    def row_title(group: RackGroup) -> str:
        hall, row = _place(group)
        return f"{hall} · Row {row}" if row else hall or "racks"

    by_row = merge(row_title)
    if len(by_row) <= MAX_ROW_NODES:
        return by_row
    by_hall = merge(lambda group: f"Hall {_place(group)[0]}" if _place(group)[0] else "racks")
    if len(by_hall) <= MAX_HALL_NODES:
        return by_hall
    return merge(lambda group: "racks")


def _rack_label(
    title: str, groups: list[RackGroup], per_rack_kw: dict[int, float], network: float
) -> str:
    count = sum(g.count for g in groups)
    loads = {round(per_rack_kw.get(id(g), 0.0), 3) for g in groups}
    total = sum(per_rack_kw.get(id(g), 0.0) * g.count for g in groups)
    rows = {_place(g) for g in groups}
    head = title if len(rows) == 1 else f"{title} ({len(rows)} rows)"
    if len(loads) == 1:
        body = f"{count} racks × {format_kw(next(iter(loads)))}"
    else:
        body = f"{count} racks, {min(loads):,.1f}–{max(loads):,.1f} kW each"
    lines = [f"{head}: {body}", f"IT {format_kw(total)}"]
    if network > 0:
        lines.append(f"+ network {format_kw(network)}")
    return "\n".join(lines)


def oneline_dot(model: Model, power: PowerResult | None) -> str:
    """The Graphviz source of the one-line diagram."""
    out = [
        "digraph oneline {",
        f"  graph [{_attrs(label=f'{model.design.name}: electrical one-line', labelloc='t', rankdir='TB', fontname='Helvetica', fontsize='14', nodesep='0.35', ranksep='0.55')}];",
        f"  node [{_attrs(shape='box', style='rounded,filled', fontname='Helvetica', fontsize='10')}];",
        f"  edge [{_attrs(arrowsize='0.6', penwidth='1.4')}];",
    ]
    if power is None or not power.elements:
        out.append(
            f"  none [{_attrs(label='no power chain in this design', fillcolor=FILL_UNRATED)}];"
        )
        out.append("}")
        return "\n".join(out) + "\n"

    worst = power.worst
    failed_units = dict(worst.scenario.failed_units) if worst is not None else {}
    failed_paths = set(worst.scenario.failed_paths) if worst is not None else set()
    hit = worst.worst_index if worst is not None and worst.dropped_kw == 0 else None

    for chain in model.power_chains:
        members = [e for e in power.elements if e.node.chain == chain.name]
        if not members:
            continue
        out.append(f"  subgraph {_quote('cluster_' + chain.name)} {{")
        out.append(
            f"    graph [{_attrs(label=f'power {chain.name!r}', style='rounded', color='#999999', fontsize='11')}];"
        )
        for e in members:
            failed = failed_units.get(e.index, 0)
            if e.side in failed_paths and not e.is_source:
                failed = e.units
            is_hit = hit == e.index
            style = "rounded,filled" + (",dashed" if failed else "")
            colour = "#b00020" if is_hit or failed else PATH_COLOURS.get(e.side or "", "#333333")
            penwidth = "3" if is_hit else "2" if failed or e.side else "1"
            out.append(
                f"    e{e.index} [{_attrs(label=_element_label(e, power, failed, is_hit), fillcolor=_fill(e), color=colour, style=style, penwidth=penwidth)}];"
            )
        out.append("  }")

    for e in power.elements:
        for f in e.feeds:
            upstream = power.elements[f]
            colour = _edge_colour(power, upstream, e)
            style = "dashed" if upstream.is_standby else "solid"
            out.append(f"  e{f} -> e{e.index} [{_attrs(color=colour, style=style)}];")

    per_rack: dict[int, float] = {}
    for feed in power.racks:
        per_rack[id(feed.group)] = feed.rack_kw
    network_by_group: dict[int, float] = {}
    for bucket in power.buckets:
        _spread_network(bucket, network_by_group, per_rack)
    for number, (title, feeds, groups) in enumerate(_rack_aggregates(power)):
        network = sum(network_by_group.get(id(g), 0.0) for g in groups)
        label = _rack_label(title, groups, per_rack, network)
        out.append(
            f"  r{number} [{_attrs(label=label, shape='box3d', style='filled', fillcolor='#e8eef7')}];"
        )
        for f in feeds:
            colour = _edge_colour(power, power.elements[f], None)
            out.append(f"  e{f} -> r{number} [{_attrs(color=colour)}];")
    if power.unfed:
        count = sum(g.count for g in power.unfed)
        out.append(
            f"  unfed [{_attrs(label=f'no power feed: {count} racks', shape='box3d', style='filled,dashed', fillcolor=FILL_UNRATED)}];"
        )
    out.append(
        f"  legend [{_attrs(shape='note', style='filled', fillcolor='#ffffff', fontsize='9', label=_legend(power))}];"
    )
    out.append("}")
    return "\n".join(out) + "\n"


def _spread_network(bucket: RackBucket, into: dict[int, float], per_rack: dict[int, float]) -> None:
    """A bucket's network share, back onto its rack groups by their IT load."""
    if not bucket.network_kw or not bucket.it_kw:
        return
    for group in bucket.groups:
        into[id(group)] = (
            bucket.network_kw * per_rack.get(id(group), 0.0) * group.count / bucket.it_kw
        )


def _legend(power: PowerResult) -> str:
    lines = [
        "fill: green ≤ 90 % of the limit, amber ≤ 100 %, red over, grey unrated",
        "lines: blue path A, orange path B, grey shared; dashed from standby generators",
        f"rack load: {power.load_basis}; power factor {power.power_factor:g} "
        f"({power.power_factor_source}); IT {format_kw(power.it_kw)}, "
        f"losses {format_kw(power.losses_kw)}",
    ]
    worst = power.worst
    if worst is not None:
        if worst.dropped_kw > 0:
            lines.append(
                f"worst failure: {worst.scenario.name} ({format_kw(worst.dropped_kw)} of racks lose power)"
            )
        elif worst.worst_index is not None and worst.worst_state is not None:
            e = power.elements[worst.worst_index]
            loading = worst.worst_state.loading or 0.0
            lines.append(
                f"worst failure: {worst.scenario.name} → {e.key} at {format_pct(loading)} (red outline)"
            )
    if power.tier is not None:
        reached = f"Uptime Tier {ROMAN[power.tier]}" if power.tier in ROMAN else "no Uptime tier"
        lines.append(f"topology: {reached} (informational)")
    return "\n".join(lines)


dot_to_svg = render_svg  # kept for callers of the earlier name


def _load_labels(
    power: PowerResult, aggregates: list[tuple[str, tuple[int, ...], list[RackGroup]]]
) -> list[list[str]]:
    per_rack = {id(feed.group): feed.rack_kw for feed in power.racks}
    network: dict[int, float] = {}
    for bucket in power.buckets:
        _spread_network(bucket, network, per_rack)
    labels = []
    for title, feeds, groups in aggregates:
        text = _rack_label(title, groups, per_rack, sum(network.get(id(g), 0.0) for g in groups))
        cords = "A/B feeds" if len(feeds) > 1 else "one feed"
        pdus = sorted({str(g.pdu_redundancy) for g in groups if g.pdu_redundancy is not None})
        if pdus:  # the rack PDUs' own redundancy (`pdu_redundancy`), beside the feeds
            cords += f", rack PDUs {'/'.join(pdus)}"
        labels.append([*text.split("\n"), cords])
    return labels


def single_line_svg(model: Model, power: PowerResult | None) -> str | None:
    """The single-line SVG with standard symbols (None when the design is beyond its bound)."""
    if power is None or not power.elements:
        return singleline.empty(model)
    aggregates = _rack_aggregates(power)
    return singleline.render(model, power, aggregates, _load_labels(power, aggregates))


def render_files(
    model: Model, power: PowerResult | None
) -> tuple[dict[str, str], list[Diagnostic]]:
    """`oneline.dot` (the Graphviz graph) and `oneline.svg` (the single-line with symbols)."""
    files = {"oneline.dot": oneline_dot(model, power)}
    svg = single_line_svg(model, power)
    if svg is None:
        cells = len(power.elements) if power is not None else 0
        return files, [
            note(
                SVG_SKIPPED,
                f"oneline.svg skipped: {cells:,} element sides exceed the single-line's bound of "
                f"{singleline.MAX_CELLS}; oneline.dot is written",
                help="group elements with `count` instead of writing each unit, or render "
                "oneline.dot with Graphviz (`dot -Tsvg oneline.dot -o oneline.svg`)",
            )
        ]
    files["oneline.svg"] = svg
    return files, []


def emitter(compilation: Any) -> dict[str, str | bytes]:
    """The `dcc build` emitter: {file name: content} (the skip note is dropped here)."""
    model, results = compilation.model, compilation.results
    if model is None:
        return {}
    power = results.power
    files, _ = render_files(model, power if isinstance(power, PowerResult) else None)
    return dict(files)


render = emitter  # the name other emitters use (`bom.render`, `report.render`)
