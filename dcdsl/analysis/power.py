"""Power chain: load roll-up, loading against ratings, redundancy under failure, losses.

What it computes, for every element group of every `power` chain:

1. **Roll-up.** Rack groups draw their IT load (``results.load``) plus their share of network
   switches that sit in no rack (``results.fabrics[name].power_kw``, spread over the racks the
   fabric serves in proportion to their IT load). The load flows up the `from = …` links; each
   element adds its losses (UPS, transformer: efficiency, or no-load + load losses) to what its
   feeds carry. Per element: kW, kVA (power factor), current per unit at its voltage
   (I = P/(√3·V·PF)), loading against the unit rating and the continuous-load limit
   (80 %, or 100 % when `listed_100`).
2. **Paths.** A group with redundancy 2N or 2(N+k) is split into sides A and B (count/2 units
   each); a plain N group fed only from such a group inherits the split (the PDUs below a 2N UPS
   are half on A, half on B). Separate elements on one side say `path = A`/`B`, or get it from
   the racks (`power = [main.PDU-A, main.PDU-B]`: first is A). A rack fed from two sides splits
   its load between them.
3. **Failure scenarios.** Normal operation; one unit of each side failed; each path lost; and
   the failure each group's redundancy claims (N+k: k units; 2N: a path; 2(N+k): a path and k
   units of the other; a generator: the utility). Each scenario re-runs the flow (group
   arithmetic: a few scenarios × element sides + rack buckets, never rack by rack) and keeps,
   per element, the worst loading and the worst loading under a claimed failure.
4. **Racks.** Rack power against the rack PDUs of one feed (each feed of an A/B pair carries the
   whole rack).
5. **Tier.** The topology's Uptime tier (informational).

Rules in ``dcdsl.rules.power`` turn these results into diagnostics; the one-line diagram
(``dcdsl.emit.oneline``) draws them. Cooling reads ``losses_kw`` and ``it_kw`` for facility power.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from dcdsl.analysis import electrical as el
from dcdsl.analysis.results import Results
from dcdsl.model import (
    Fabric,
    Hall,
    Model,
    Part,
    PowerNode,
    RackGroup,
    Redundancy,
    Row,
    Selector,
)

SOURCE_KINDS = frozenset({"utility", "generator"})
STANDBY_KINDS = frozenset({"generator"})

# Losses when a UPS or transformer states no efficiency [E]: double-conversion UPS at typical
# load 94–97 %; medium-voltage dry-type transformers about 98.5–99.3 % (DOE 2016 levels).
DEFAULT_EFFICIENCY = {"ups": 0.96, "transformer": 0.99}

PATH_NAMES = "ABCDEFGH"


# --- results ------------------------------------------------------------------------------------


@attrs.frozen
class Scenario:
    """One operating state: units failed per side, whole paths lost."""

    name: str
    failed_units: tuple[tuple[int, int], ...] = ()  # (side index, units failed)
    failed_paths: tuple[str, ...] = ()
    claimed_by: str | None = None  # what claims to survive it: "main.UPS (2N)", "A/B feeds"
    failed_nodes: tuple[PowerNode, ...] = attrs.field(default=(), eq=False)

    @property
    def is_normal(self) -> bool:
        return not self.failed_units and not self.failed_paths

    @property
    def key(self) -> tuple[Any, ...]:
        return (tuple(sorted(self.failed_units)), tuple(sorted(self.failed_paths)))


@attrs.frozen
class SideState:
    """One element side under one scenario; loads per side, loading per unit."""

    units: int  # units in service
    load_kw: float  # delivered by the side (all its units)
    load_kva: float
    loss_kw: float
    current_a: float | None  # per unit, at the element's (output) voltage
    loading: float | None  # per-unit load / per-unit rating, the binding one (None: no rating)
    limit: float = el.CONTINUOUS_LIMIT  # the limit of the binding rating
    basis: str = ""  # which rating binds: "kW" or "kVA"

    @property
    def unit_kw(self) -> float:
        return self.load_kw / self.units if self.units else 0.0

    @property
    def unit_kva(self) -> float:
        return self.load_kva / self.units if self.units else 0.0


@attrs.define
class ElementResult:
    """One side of one element group (`main.UPS (A)`), or the whole group when it has one side."""

    node: PowerNode
    side: str | None  # "A", "B", … for a split group or a tagged element; None: shared
    split: bool  # a side of a group split over paths (vs. the whole group)
    index: int
    units: int  # installed units on this side
    voltage_v: float | None
    power_factor: float
    rating_kw: float | None  # per unit
    rating_kva: float | None  # per unit
    limit: float  # 0.8, or 1.0 (listed for 100 %, or a utility/generator capacity)
    kva_limit: float  # a UPS's kVA nameplate is a hard 100 % limit beside its kW rating
    efficiency: float | None
    efficiency_source: str  # "part", "default", "losses", "none"
    inherited_split: bool = False
    feeds: list[int] = attrs.Factory(list)  # upstream side indices
    normal: SideState | None = None
    worst: SideState | None = None
    worst_scenario: Scenario | None = None
    claimed: SideState | None = None  # worst under a failure some redundancy claims
    claimed_scenario: Scenario | None = None

    @property
    def key(self) -> str:
        return f"{self.node.path} ({self.side})" if self.split else self.node.path

    @property
    def label(self) -> str:
        return f"{self.node.name} ({self.side})" if self.split else self.node.name

    @property
    def is_source(self) -> bool:
        return self.node.kind in SOURCE_KINDS

    @property
    def is_standby(self) -> bool:
        return self.node.kind in STANDBY_KINDS

    def stress(self, state: SideState | None) -> float:
        """Loading as a fraction of the allowed limit (1.0 = at the limit)."""
        if state is None or state.loading is None:
            return 0.0
        return state.loading / state.limit


@attrs.define
class RackFeed:
    """The rack PDUs of one rack group against its rack power, per feed."""

    group: RackGroup
    rack_kw: float  # IT load per rack
    cords: int  # feeds per rack (2 for A/B)
    pdus: int  # rack PDUs per rack
    pdus_per_feed: int
    pdu: Part | None
    pdu_kva: float | None  # nameplate, per rack PDU
    pdu_usable_kw: float | None  # continuous, per rack PDU
    power_factor: float
    feed_capacity_kw: float | None  # what one feed can carry
    problem: str | None = None  # why the rack could not be checked

    @property
    def loading(self) -> float | None:
        if not self.feed_capacity_kw:
            return None
        return self.rack_kw / self.feed_capacity_kw


@attrs.define
class RackBucket:
    """Rack groups with the same feeds: the flow treats them as one load."""

    feeds: tuple[int, ...]
    groups: list[RackGroup]
    it_kw: float  # racks' own IT load (all racks of all groups)
    network_kw: float  # share of fabric switches that sit in no rack

    @property
    def load_kw(self) -> float:
        return self.it_kw + self.network_kw


@attrs.define
class ScenarioResult:
    scenario: Scenario
    dropped_kw: float  # rack load left without power
    dropped_groups: list[RackGroup]
    worst_index: int | None  # element side with the highest stress
    worst_stress: float
    worst_state: SideState | None = None


@attrs.define
class PowerResult:
    it_kw: float = 0.0  # rack IT load + network switches outside racks
    rack_it_kw: float = 0.0
    network_kw: float = 0.0
    fed_kw: float = 0.0  # the part of it_kw that some power chain carries
    losses_kw: float = 0.0  # UPS and transformer losses in normal operation
    losses_by_kind_kw: dict[str, float] = attrs.Factory(dict)
    power_factor: float = el.DEFAULT_POWER_FACTOR
    power_factor_source: str = "default"
    load_basis: str = "device maximum draw"  # or "typical draw × load factor 0.7"
    elements: list[ElementResult] = attrs.Factory(list)
    buckets: list[RackBucket] = attrs.Factory(list)
    racks: list[RackFeed] = attrs.Factory(list)
    unfed: list[RackGroup] = attrs.Factory(list)
    scenarios: list[ScenarioResult] = attrs.Factory(list)
    worst: ScenarioResult | None = None  # the worst failure (not normal operation)
    claimed_drops: list[ScenarioResult] = attrs.Factory(list)  # claimed failures losing load
    tier: int | None = None
    tier_reason: str = ""
    problems: list[tuple[PowerNode, str]] = attrs.Factory(list)  # structural findings
    network_in_racks: dict[str, int] = attrs.Factory(dict)  # fabric -> its switches in racks
    network_unfed: list[tuple[Fabric, float]] = attrs.Factory(list)  # fabric power on no rack

    def element(self, key: str) -> ElementResult | None:
        return next((e for e in self.elements if e.key == key), None)

    def elements_of(self, node: PowerNode) -> list[ElementResult]:
        return [e for e in self.elements if e.node is node]

    @property
    def utility_kw(self) -> float:
        """What the utility services deliver in normal operation (IT + losses of the chains)."""
        return sum(e.normal.load_kw for e in self.elements if e.node.kind == "utility" and e.normal)


# --- element properties -------------------------------------------------------------------------


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def design_power_factor(model: Model) -> tuple[float, str]:
    value = _float(model.design.get("power_factor"))
    if value:
        return value, f"design {model.design.name!r}"
    return el.DEFAULT_POWER_FACTOR, "default"


def node_power_factor(model: Model, node: PowerNode, design_pf: float) -> float:
    """The load's power factor at this element: the node's own, its chain's, the design's."""
    own = _float(node.values.get("power_factor"))
    if own:
        return own
    chain = next((c for c in model.power_chains if c.name == node.chain), None)
    chain_pf = _float(chain.values.get("power_factor")) if chain is not None else None
    return chain_pf or design_pf


def unit_ratings(node: PowerNode, voltage_v: float | None) -> tuple[float | None, float | None]:
    """Per-unit (kW, kVA) ratings: `rating_kw`/`capacity`, `rating`, and √3·V·`current`.

    A part's `power_factor` is the factor its kW rating is stated at: with only one of kW and kVA
    given, it derives the other (a UPS of 1,250 kVA at 0.9 is 1,125 kW).
    """
    rating_kw = _float(node.get("rating_kw"))
    if node.kind == "utility" or (rating_kw is None and node.kind == "generator"):
        rating_kw = _float(node.get("capacity")) or rating_kw
    rating_kva = _float(node.get("rating"))
    current = _float(node.get("current"))
    if current and voltage_v and node.kind not in SOURCE_KINDS:
        from_current = el.apparent_power_kva(voltage_v, current, 3)
        rating_kva = min(rating_kva, from_current) if rating_kva else from_current
    rated_pf = _float(node.part.get("power_factor")) if node.part is not None else None
    if rated_pf and rating_kw is None and rating_kva and node.kind in ("ups", "generator"):
        rating_kw = rating_kva * rated_pf
    return rating_kw, rating_kva


def node_limit(node: PowerNode) -> float:
    if node.kind in SOURCE_KINDS:
        return 1.0  # a service or generator capacity, not a breaker rating
    return el.continuous_limit(bool(node.get("listed_100", False)))


def _kva_limit(node: PowerNode, rating_kw: float | None, rating_kva: float | None) -> float:
    """A UPS with kW and kVA ratings: the 80 % policy on kW, S ≤ kVA_rated (IEC 62040-3 kW and kVA output ratings)."""
    if node.kind == "ups" and rating_kw and rating_kva:
        return 1.0
    return node_limit(node)


def _efficiency(node: PowerNode) -> tuple[float | None, str]:
    if node.get("no_load_loss") is not None or node.get("load_loss") is not None:
        return None, "losses"
    eff = _float(node.get("efficiency"))
    if eff:
        return eff, "part" if "efficiency" not in node.values else "element"
    if node.kind in DEFAULT_EFFICIENCY:
        return DEFAULT_EFFICIENCY[node.kind], "default"
    return None, "none"


def loss_kw(element: ElementResult, out_kw: float, units: int) -> float:
    """Losses of one side delivering ``out_kw`` on ``units`` units."""
    if units <= 0:
        return 0.0
    node = element.node
    if element.efficiency_source == "losses":
        no_load = _float(node.get("no_load_loss")) or 0.0
        load_loss = _float(node.get("load_loss")) or 0.0
        per_unit_kva = out_kw / element.power_factor / units
        ratio = per_unit_kva / element.rating_kva if element.rating_kva else 0.0
        return units * (no_load + load_loss * ratio * ratio)
    if element.efficiency:
        return out_kw * (1.0 / element.efficiency - 1.0)
    return 0.0


# --- building the side graph --------------------------------------------------------------------


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


def _rack_feeds(group: RackGroup) -> list[PowerNode]:
    power = group.get("power")
    if power is None and group.row is not None:
        power = group.row.values.get("power")
    if power is None and group.hall is not None:
        power = group.hall.values.get("power")
    items = power if isinstance(power, list) else [power]
    return [p for p in items if isinstance(p, PowerNode)]


def _explicit_path(node: PowerNode) -> str | None:
    value = node.values.get("path")
    return str(value) if isinstance(value, str) and value else None


class _Graph:
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
                if node.count % own:
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
            feeds = _rack_feeds(group)
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
        voltage = _float(node.get("voltage"))
        if node.kind == "transformer":
            voltage = _float(node.get("secondary_voltage")) or voltage
        if voltage is None:
            voltage = next(
                (self.voltage_out[id(f)] for f in node.feeds_from if self.voltage_out.get(id(f))),
                None,
            )
        self.voltage_out[id(node)] = voltage
        design_pf = self.result.power_factor
        pf = node_power_factor(self.model, node, design_pf)
        rating_kw, rating_kva = unit_ratings(node, voltage)
        efficiency, eff_source = _efficiency(node)
        indices: list[int] = []
        for side_number in range(paths):
            if paths > 1:
                tag: str | None = PATH_NAMES[min(side_number, len(PATH_NAMES) - 1)]
                units = node.count // paths
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
                limit=node_limit(node),
                kva_limit=_kva_limit(node, rating_kw, rating_kva),
                efficiency=efficiency,
                efficiency_source=eff_source,
                inherited_split=inherited,
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
        for node in _rack_feeds(group):
            sides.extend(self.sides_of.get(id(node), []))
        return tuple(dict.fromkeys(sides))


# --- the flow -----------------------------------------------------------------------------------


def _flow(result: PowerResult, scenario: Scenario) -> tuple[list[SideState], float, list[int]]:
    """Push the rack load up the chain under one scenario.

    Returns the state of every side, the rack load left without power, and the buckets that
    lost it. A load splits equally over the live feeds of its consumer; a standby source
    (generator) takes load only when no other feed is live.
    """
    elements = result.elements
    failed = dict(scenario.failed_units)
    alive = [0] * len(elements)
    live = [False] * len(elements)
    for e in elements:
        units = e.units - failed.get(e.index, 0)
        if e.side in scenario.failed_paths and not e.is_source:
            units = 0
        alive[e.index] = max(0, units)
        if alive[e.index] == 0:
            continue
        live[e.index] = not e.feeds or any(live[f] for f in e.feeds)
    out = [0.0] * len(elements)
    dropped = 0.0
    dropped_buckets: list[int] = []
    for number, bucket in enumerate(result.buckets):
        feeds = [f for f in bucket.feeds if live[f]]
        if not feeds:
            dropped += bucket.load_kw
            dropped_buckets.append(number)
            continue
        for f in feeds:
            out[f] += bucket.load_kw / len(feeds)
    states: list[SideState] = [SideState(0, 0.0, 0.0, 0.0, None, None)] * len(elements)
    for e in reversed(elements):
        units = alive[e.index] if live[e.index] else 0
        load = out[e.index]
        losses = loss_kw(e, load, units)
        states[e.index] = _state(e, units, load, losses)
        if not e.feeds or units == 0:
            continue
        feeds = [f for f in e.feeds if live[f] and not elements[f].is_standby]
        feeds = feeds or [f for f in e.feeds if live[f]]
        for f in feeds:
            out[f] += (load + losses) / len(feeds)
    return states, dropped, dropped_buckets


def _state(e: ElementResult, units: int, load_kw: float, losses: float) -> SideState:
    kva = load_kw / e.power_factor
    if units == 0:
        return SideState(0, load_kw, kva, losses, None, None)
    unit_kw, unit_kva = load_kw / units, kva / units
    current = el.line_current_a(unit_kw, e.voltage_v, e.power_factor) if e.voltage_v else None
    # The binding rating is the one closest to (or furthest over) its own limit.
    options = []
    if e.rating_kw:
        options.append((unit_kw / e.rating_kw / e.limit, unit_kw / e.rating_kw, e.limit, "kW"))
    if e.rating_kva:
        fraction = unit_kva / e.rating_kva
        options.append((fraction / e.kva_limit, fraction, e.kva_limit, "kVA"))
    if not options:
        return SideState(units, load_kw, kva, losses, current, None)
    _, fraction, limit, basis = max(options)
    return SideState(units, load_kw, kva, losses, current, fraction, limit, basis)


# --- scenarios ----------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _scenarios(result: PowerResult) -> list[Scenario]:
    """Normal, every single-unit failure, every path lost, and every claimed failure."""
    elements = result.elements
    scenarios = [Scenario("normal operation")]
    by_node: dict[int, list[ElementResult]] = {}
    for e in elements:
        by_node.setdefault(id(e.node), []).append(e)
    utilities = [e for e in elements if e.node.kind == "utility"]

    # One unit of each side, in turn. Losing the only utility service with no generator is a
    # given (the UPS batteries ride through), not a finding about the design.
    generators = any(e.is_standby for e in elements)
    for e in elements:
        sole_utility = e.node.kind == "utility" and e.units == 1 and not generators
        if e.units >= 1 and not e.is_standby and not sole_utility:
            scenarios.append(
                Scenario(f"one unit of {e.key} failed", ((e.index, 1),), failed_nodes=(e.node,))
            )

    # The failure each group's redundancy claims.
    for sides in by_node.values():
        node = sides[0].node
        red = node.redundancy
        claim = f"{node.path} ({red})"
        utility_lost = tuple((u.index, u.units) for u in utilities)
        base = utility_lost if node.kind in STANDBY_KINDS else ()
        base_nodes = tuple(u.node for u in utilities) if base else ()
        if node.kind in STANDBY_KINDS:
            scenarios.append(
                Scenario(
                    "utility lost",
                    base,
                    claimed_by=f"{node.path} (standby)",
                    failed_nodes=base_nodes,
                )
            )
        if len(sides) == 1 and red.spares > 0:
            e = sides[0]
            scenarios.append(
                Scenario(
                    ("utility lost and " if base else "")
                    + f"{_plural(red.spares, 'unit')} of {e.key} failed",
                    (*base, (e.index, red.spares)),
                    claimed_by=claim,
                    failed_nodes=(*base_nodes, node),
                )
            )
        elif len(sides) > 1:
            for lost in sides:
                failures = [(lost.index, lost.units)]
                name = f"{node.path} path {lost.side} lost"
                if red.spares:
                    others = [s for s in sides if s is not lost]
                    failures += [(s.index, red.spares) for s in others]
                    name += f" and {_plural(red.spares, 'unit')} of the other path failed"
                by = claim if not sides[0].inherited_split else f"{node.path} (split A/B)"
                scenarios.append(
                    Scenario(
                        name, (*base, *failures), claimed_by=by, failed_nodes=(*base_nodes, node)
                    )
                )

    # Whole paths: every element on one side at once, claimed when some rack is fed from two.
    tags = sorted({e.side for e in elements if e.side and not e.is_source})
    dual = any(len(b.feeds) > 1 for b in result.buckets)
    for tag in tags:
        scenarios.append(
            Scenario(
                f"path {tag} lost",
                failed_paths=(tag,),
                claimed_by="A/B rack feeds" if dual else None,
                failed_nodes=tuple(dict.fromkeys(e.node for e in elements if e.side == tag)),
            )
        )

    unique: dict[tuple[Any, ...], Scenario] = {}
    for s in scenarios:
        kept = unique.get(s.key)
        if kept is None or (kept.claimed_by is None and s.claimed_by is not None):
            unique[s.key] = s
    return list(unique.values())


def _run_scenarios(result: PowerResult) -> None:
    for scenario in _scenarios(result):
        states, dropped, dropped_buckets = _flow(result, scenario)
        worst_index, worst_stress, worst_state = None, 0.0, None
        for e, state in zip(result.elements, states, strict=True):
            stress = e.stress(state)
            if scenario.is_normal:
                e.normal = state
            if stress > worst_stress:
                worst_index, worst_stress, worst_state = e.index, stress, state
            if scenario.is_normal:
                continue
            if _worse(e, stress, scenario, e.worst, e.worst_scenario):
                e.worst, e.worst_scenario = state, scenario
            if scenario.claimed_by and _worse(e, stress, scenario, e.claimed, e.claimed_scenario):
                e.claimed, e.claimed_scenario = state, scenario
        groups = [g for b in dropped_buckets for g in result.buckets[b].groups]
        outcome = ScenarioResult(scenario, dropped, groups, worst_index, worst_stress, worst_state)
        result.scenarios.append(outcome)
        if scenario.is_normal:
            continue
        if scenario.claimed_by and dropped > 0:
            result.claimed_drops.append(outcome)
        if result.worst is None or _rank(outcome) > _rank(result.worst):
            result.worst = outcome


def _worse(
    e: ElementResult,
    stress: float,
    scenario: Scenario,
    kept: SideState | None,
    kept_scenario: Scenario | None,
) -> bool:
    """A higher stress wins; on a tie, the element's own failure names the finding best."""
    if kept is None or kept_scenario is None:
        return True
    kept_stress = e.stress(kept)
    if abs(stress - kept_stress) > el.EPSILON:
        return stress > kept_stress
    own = any(n is e.node for n in scenario.failed_nodes)
    kept_own = any(n is e.node for n in kept_scenario.failed_nodes)
    return own and not kept_own


def _rank(outcome: ScenarioResult) -> tuple[float, float]:
    return (outcome.dropped_kw, outcome.worst_stress)


# --- IT load, network load, racks ---------------------------------------------------------------


def _fabric_power_kw(fabric_result: Any) -> float | None:
    if fabric_result is None:
        return None
    value = (
        fabric_result.get("power_kw")
        if isinstance(fabric_result, dict)
        else getattr(fabric_result, "power_kw", None)
    )
    return _float(value)


def _in_scope(group: RackGroup, scope: Hall | Row | None) -> bool:
    if scope is None:
        return True
    return group.hall is scope if isinstance(scope, Hall) else group.row is scope


def _switches_in_racks(racks: Sequence[Any]) -> dict[str, int]:
    """Devices placed in racks, by part name: switches already counted in rack IT load."""
    placed: dict[str, int] = {}
    for rack in racks:
        for use in rack.group.all_contents():
            if use.role == "device":
                placed[use.part.name] = placed.get(use.part.name, 0) + use.count * rack.count
    return placed


def _outside_racks_kw(fabric_result: Any, kw: float, placed: dict[str, int]) -> tuple[float, int]:
    """A fabric's power less its switches that the design already placed in racks."""
    in_racks_kw, in_racks = 0.0, 0
    for item in getattr(fabric_result, "items", None) or ():
        role, part = str(getattr(item, "role", "")), getattr(item, "part", None)
        unit_kw = _float(getattr(item, "unit_power_kw", None))
        quantity = int(getattr(item, "quantity", 0) or 0)
        if not role.endswith("switch") or not part or not unit_kw or not placed.get(part):
            continue
        taken = min(placed[part], quantity)
        placed[part] -= taken  # a switch in a rack counts for one fabric only
        in_racks += taken
        in_racks_kw += taken * unit_kw
    return max(0.0, kw - in_racks_kw), in_racks


def _network_shares(model: Model, results: Results, result: PowerResult) -> dict[int, float]:
    """Fabric power outside racks spread over the rack groups each fabric serves, by IT load.

    Switches the design places in racks (`device qm9700 * 12`) are already in those racks' IT
    load; only the rest (and switch-side optics) is added here, so nothing counts twice.
    """
    shares: dict[int, float] = {}
    racks = results.load.racks if results.load is not None else []
    placed = _switches_in_racks(racks)
    for fabric in model.fabrics:
        fabric_result = results.fabrics.get(fabric.name)
        kw = _fabric_power_kw(fabric_result)
        if not kw:
            continue
        kw, in_racks = _outside_racks_kw(fabric_result, kw, placed)
        if in_racks:
            result.network_in_racks[fabric.name] = in_racks
        if kw <= 0:
            continue
        result.network_kw += kw
        endpoints = fabric.get("endpoints")
        scope = endpoints.scope if isinstance(endpoints, Selector) else None
        served = [r for r in racks if _in_scope(r.group, scope) and r.total_kw > 0]
        total = sum(r.total_kw for r in served)
        if not total:
            result.network_unfed.append((fabric, kw))
            continue
        for r in served:
            shares[id(r.group)] = shares.get(id(r.group), 0.0) + kw * r.total_kw / total
    return shares


def _rack_feed(group: RackGroup, rack_kw: float, cords: int, design_pf: float) -> RackFeed:
    pdus = [u for u in group.all_contents() if u.role == "rack_pdu"]
    count = sum(u.count for u in pdus)
    cords = max(1, cords)
    per_feed = count // cords
    feed = RackFeed(group, rack_kw, cords, count, per_feed, None, None, None, design_pf, None)
    if not pdus:
        feed.problem = "no rack PDU"
        return feed
    usable: list[tuple[float, float, float, Part]] = []
    for use in pdus:
        voltage, current = _float(use.get("voltage")), _float(use.get("current"))
        phases = int(use.get("phases", 3) or 3)
        if voltage and current:
            kva = el.apparent_power_kva(voltage, current, phases)
        elif _float(use.get("rating")):
            kva = float(use.get("rating"))
        else:
            feed.problem = f"rack PDU {use.part.name!r} has no voltage and current (or rating)"
            return feed
        pf = _float(use.get("power_factor")) or design_pf
        listed = bool(use.get("listed_100", False))
        usable.append((el.usable_kw(kva, pf, listed), kva, pf, use.part))
    # Several PDU types in one rack: a feed is only as strong as its weakest PDUs.
    kw, kva, pf, part = min(usable, key=lambda item: item[0])
    feed.pdu, feed.pdu_kva, feed.pdu_usable_kw, feed.power_factor = part, kva, kw, pf
    if per_feed == 0:
        feed.problem = f"{_plural(count, 'rack PDU')} cannot serve {cords} feeds"
        feed.feed_capacity_kw = 0.0
        return feed
    feed.feed_capacity_kw = per_feed * kw
    return feed


# --- tier ---------------------------------------------------------------------------------------


def _classify_tier(result: PowerResult) -> tuple[int | None, str]:
    """Uptime tier of the electrical topology (informational; Uptime rates whole sites)."""
    if not result.buckets:
        return None, ""
    elements = result.elements
    tiers: list[tuple[int, str]] = []
    for bucket in result.buckets:
        reach: set[int] = set()
        stack = list(bucket.feeds)
        while stack:
            i = stack.pop()
            if i not in reach:
                reach.add(i)
                stack.extend(elements[i].feeds)
        inner = [elements[i] for i in sorted(reach) if not elements[i].is_source]
        sides = {elements[f].side for f in bucket.feeds} - {None}
        dual = len(bucket.feeds) > 1 and len(sides) > 1
        shared = [e for e in inner if e.side is None]
        ups = [e for e in inner if e.node.kind == "ups"]
        redundant_ups = bool(ups) and all(
            e.node.redundancy.spares > 0 or e.split or e.side is not None for e in ups
        )
        if dual and not shared:
            tiers.append(
                (4, "two active paths (A/B) from the sources to every rack, no shared element")
            )
        elif dual and redundant_ups:
            names = ", ".join(sorted({e.node.path for e in shared}))
            tiers.append((3, f"racks fed from A and B; shared element(s) {names} on both paths"))
        elif redundant_ups:
            tiers.append((2, "redundant UPS capacity on a single distribution path"))
        else:
            tiers.append((1, "a single path without redundant UPS capacity"))
    return min(tiers)


# --- entry point --------------------------------------------------------------------------------


def analyse(model: Model, results: Results) -> None:
    result = PowerResult()
    result.power_factor, result.power_factor_source = design_power_factor(model)
    graph = _Graph(model, result)
    shares = _network_shares(model, results, result)
    racks = results.load.racks if results.load is not None else []
    if results.load is not None and results.load.basis == "typical":
        result.load_basis = f"typical draw × load factor {results.load.load_factor:g}"
    buckets: dict[tuple[int, ...], RackBucket] = {}
    for rack in racks:
        group = rack.group
        result.rack_it_kw += rack.total_kw
        sides = graph.rack_sides(group)
        result.racks.append(_rack_feed(group, rack.it_kw, len(sides), result.power_factor))
        network = shares.get(id(group), 0.0)
        if not sides:
            if rack.total_kw > 0 or network > 0:
                result.unfed.append(group)
            continue
        bucket = buckets.setdefault(sides, RackBucket(sides, [], 0.0, 0.0))
        bucket.groups.append(group)
        bucket.it_kw += rack.total_kw
        bucket.network_kw += network
    result.buckets = list(buckets.values())
    result.it_kw = result.rack_it_kw + result.network_kw
    result.fed_kw = sum(b.load_kw for b in result.buckets)
    if result.elements:
        _run_scenarios(result)
    for e in result.elements:
        if e.normal is not None and e.normal.loss_kw:
            result.losses_kw += e.normal.loss_kw
            kind = e.node.kind
            result.losses_by_kind_kw[kind] = (
                result.losses_by_kind_kw.get(kind, 0.0) + e.normal.loss_kw
            )
    result.tier, result.tier_reason = _classify_tier(result)
    results.power = result


# --- sizing help (used by the rules) ------------------------------------------------------------


def failed_on_side(element: ElementResult, scenario: Scenario | None) -> int:
    if scenario is None:
        return 0
    return sum(n for i, n in scenario.failed_units if i == element.index)


def sides_of(result: PowerResult, node: PowerNode) -> int:
    return len(result.elements_of(node))


def sizing_help(
    result: PowerResult, element: ElementResult, state: SideState, scenario: Scenario | None
) -> str:
    """What would pass: the next standard transformer size, a larger unit, or more units."""
    node = element.node
    limit, kva_limit = element.limit, element.kva_limit
    unit_kw_needed = state.unit_kw / limit
    unit_kva_needed = state.unit_kva / kva_limit
    per_side = 0
    if element.rating_kw:
        per_side = el.units_to_carry(state.load_kw, element.rating_kw, limit)
    if element.rating_kva:
        per_side = max(per_side, el.units_to_carry(state.load_kva, element.rating_kva, kva_limit))
    per_side += failed_on_side(element, scenario)
    if scenario is not None and element.side in scenario.failed_paths:
        per_side = 0
    sides = sides_of(result, node)
    count = per_side * sides
    pct = format_pct(kva_limit)
    options: list[str] = []
    if node.kind == "transformer" and element.rating_kva:
        series_name, series = el.standard_series(element.rating_kva)
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
    if abs(value - round(value)) < 0.05:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def format_kw(value: float) -> str:
    return _kw(value)


def format_kva(value: float) -> str:
    return _kva(value)


def format_pct(fraction: float) -> str:
    """88 %, 84.2 %: one decimal only when it says something."""
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"


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
