"""The side graph of the power chains: element groups in flow order, split over paths (A/B),
each side an ``ElementResult`` with its ratings and voltages, and the feeds of each rack group."""

from __future__ import annotations

from collections.abc import Sequence

from dcdsl.analysis.power import elements as prop
from dcdsl.analysis.power.results import SOURCE_KINDS, ElementResult, PowerResult
from dcdsl.model import Model, PowerNode, RackGroup, Redundancy

PATH_NAMES = "ABCDEFGH"


def _topological(nodes: Sequence[PowerNode]) -> tuple[list[PowerNode], list[PowerNode]]:
    """Nodes sources first (Kahn); the second list holds nodes caught in a `from` loop."""
    known = {id(n) for n in nodes}
    pending = {id(n): sum(1 for f in n.feeds_from if id(f) in known) for n in nodes}
    consumers: dict[int, list[PowerNode]] = {id(n): [] for n in nodes}
    for n in nodes:
        for f in n.feeds_from:
            if id(f) in known:
                consumers[id(f)].append(n)
    ready = [n for n in nodes if pending[id(n)] == 0]
    order: list[PowerNode] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for c in consumers[id(node)]:
            pending[id(c)] -= 1
            if pending[id(c)] == 0:
                ready.append(c)
    placed = {id(n) for n in order}
    return order, [n for n in nodes if id(n) not in placed]


def rack_feeds(group: RackGroup) -> list[PowerNode]:
    power: object = group.power
    if power is None and group.row is not None:
        power = group.row.power
    if power is None and group.hall is not None:
        power = group.hall.power
    items = power if isinstance(power, list) else [power]
    return [p for p in items if isinstance(p, PowerNode)]


def _explicit_path(node: PowerNode) -> str | None:
    value = node.side
    return str(value) if isinstance(value, str) and value else None


class Graph:
    """Element sides in flow order, and the rack buckets that load them."""

    def __init__(self, model: Model, result: PowerResult) -> None:
        self.model = model
        self.result = result
        nodes = list(model.power_nodes())
        order, looped = _topological(nodes)
        for node in looped:
            result.problems.append((node, "loop"))
        self.order = order
        self.sides_of: dict[int, list[int]] = {}
        self.voltage_out: dict[int, float | None] = {}
        self._paths_of = self._split_paths(order)
        self._tags = self._infer_tags(model, order)
        for node in order:
            self._add_node(node)

    # Which nodes are split over paths, and into how many.
    def _split_paths(self, order: list[PowerNode]) -> dict[int, tuple[int, bool]]:
        paths: dict[int, tuple[int, bool]] = {}
        for node in order:
            own = max(1, node.redundancy.paths)
            if own > 1:
                # 2N+k: the k shared spares belong to no path (``ElementResult.shared_spares``).
                if (
                    node.count - node.redundancy.shared
                ) % own or node.count <= node.redundancy.shared:
                    self.result.problems.append((node, f"uneven:{own}"))
                paths[id(node)] = (own, False)
                continue
            upstream = [paths.get(id(f), (1, False))[0] for f in node.feeds_from]
            inherit = (
                node.redundancy == Redundancy()
                and _explicit_path(node) is None
                and upstream
                and all(p == upstream[0] and p > 1 for p in upstream)
                and node.count % upstream[0] == 0
                and node.kind not in SOURCE_KINDS
            )
            paths[id(node)] = (upstream[0], True) if inherit else (1, False)
        return paths

    # Single-sided elements take a path from `path = A`, or from the racks and elements below.
    def _infer_tags(self, model: Model, order: list[PowerNode]) -> dict[int, str | None]:
        tags: dict[int, str | None] = {}
        below: dict[int, set[str | None]] = {id(n): set() for n in order}
        for group in model.rack_groups():
            feeds = rack_feeds(group)
            if len(feeds) >= 2:
                for position, node in enumerate(feeds):
                    if id(node) in below:
                        below[id(node)].add(PATH_NAMES[min(position, len(PATH_NAMES) - 1)])
            else:
                for node in feeds:
                    if id(node) in below:
                        below[id(node)].add(None)
        for node in reversed(order):
            paths, _ = self._paths_of[id(node)]
            if paths > 1:
                tag: str | None = "*"  # split: each side has its own path
            elif (explicit := _explicit_path(node)) is not None:
                tag = explicit
            else:
                seen = below[id(node)]
                tag = next(iter(seen)) if len(seen) == 1 else None
            tags[id(node)] = tag
            for upstream in node.feeds_from:
                if id(upstream) in below:
                    below[id(upstream)].add(None if tag == "*" else tag)
        # An element fed only from one path is on that path, whatever it feeds.
        for node in order:
            if tags[id(node)] == "*" or _explicit_path(node) is not None or not node.feeds_from:
                continue
            above = {tags.get(id(f)) for f in node.feeds_from}
            if len(above) == 1 and (only := next(iter(above))) not in (None, "*"):
                tags[id(node)] = only
        return tags

    def _add_node(self, node: PowerNode) -> None:
        paths, inherited = self._paths_of[id(node)]
        upstream_v = next(
            (self.voltage_out[id(f)] for f in node.feeds_from if self.voltage_out.get(id(f))),
            None,
        )
        voltage_in, voltage, voltage_source = prop.voltages(node, upstream_v)
        self.voltage_out[id(node)] = voltage
        design_pf = self.result.power_factor
        pf = prop.node_power_factor(self.model, node, design_pf)
        rating_kw, rating_kva = prop.unit_ratings(node, voltage)
        efficiency, eff_source = prop.efficiency(node)
        limit = prop.node_limit(node)
        current = prop.as_float(node.specs.current)
        if current is None and rating_kva and voltage and node.kind not in SOURCE_KINDS:
            current = rating_kva * 1000.0 / (3**0.5 * voltage)
        z, z_source = (None, "")
        if prop.is_transformer(node):
            z, z_source = prop.impedance(node, rating_kva)
        shared = node.redundancy.shared if paths > 1 and not inherited else 0
        curve = prop.efficiency_curve(node)
        if curve is not None and eff_source != "losses":
            eff_source = "curve"
        indices: list[int] = []
        for side_number in range(paths):
            if paths > 1:
                tag: str | None = PATH_NAMES[min(side_number, len(PATH_NAMES) - 1)]
                units = max(0, node.count - shared) // paths
            else:
                tag = self._tags.get(id(node))
                units = node.count
            element = ElementResult(
                node=node,
                side=tag,
                split=paths > 1,
                index=len(self.result.elements),
                units=units,
                voltage_v=voltage,
                power_factor=pf,
                rating_kw=rating_kw,
                rating_kva=rating_kva,
                limit=limit,
                kva_limit=limit,
                efficiency=efficiency,
                efficiency_source=eff_source,
                inherited_split=inherited,
                voltage_in_v=voltage_in,
                voltage_source=voltage_source,
                rated_current_a=current,
                interrupting_ka=prop.as_float(node.specs.interrupting),
                impedance=z,
                impedance_source=z_source,
                shared_spares=shared,
                curve=curve,
            )
            element.feeds = self._feeds_for(node, tag)
            self.result.elements.append(element)
            indices.append(element.index)
        self.sides_of[id(node)] = indices

    def _feeds_for(self, node: PowerNode, tag: str | None) -> list[int]:
        feeds: list[int] = []
        for upstream in node.feeds_from:
            sides = self.sides_of.get(id(upstream), [])
            if len(sides) > 1 and tag is not None:
                same = [s for s in sides if self.result.elements[s].side == tag]
                feeds.extend(same or sides)
            else:
                feeds.extend(sides)
        return feeds

    def rack_sides(self, group: RackGroup) -> tuple[int, ...]:
        sides: list[int] = []
        for node in rack_feeds(group):
            sides.extend(self.sides_of.get(id(node), []))
        return tuple(dict.fromkeys(sides))
