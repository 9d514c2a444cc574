"""Network fabrics: switches, links, cables, transceivers, power and bisection from a few numbers.

A fabric is sized from its endpoint count N (NIC ports: one per GPU on a compute fabric), the
rails R (NICs per node), the switch radix r (ports at link speed), the leaf oversubscription
o = down:up, the topology, the number of planes and, for a rail-optimised DGX SuperPOD, the
nodes per scalable unit (SU) and the node slots given up (for UFM). Everything is O(1)
arithmetic: 100,000 GPUs never become 600,000 port objects. docs/fabrics.md derives each
formula and reproduces NVIDIA's SuperPOD tables, which tests/test_fabric_golden.py checks.

Two layers: ``size(spec)`` is the pure counting core over plain numbers; ``analyse`` reads the
model (switch part, endpoint selector, servers' NICs), sizes every fabric block and prices the
parts, storing a ``FabricResult`` in ``results.fabrics[name]``.
"""

from __future__ import annotations

import math

import attrs

from dcdsl.analysis.results import Results
from dcdsl.model import Fabric, Model, Part, Ratio, Selector

TOPOLOGIES = ("leaf_spine", "fat_tree", "rail_optimized")

# Transceiver power when the design names no transceiver part: NVIDIA's 400G single-port OSFP
# (MMA4Z00-NS400, 9 W max) and the Class 8 twin-port OSFP limit of the QM9700 cages (17 W).
# Both are 400 Gb/s-per-port figures; faster ports get no default (DC-NET-007 says so).
SINGLE_PORT_OPTIC_KW = 0.009
TWIN_PORT_OPTIC_KW = 0.017
DEFAULT_OPTICS_MAX_GBPS = 400.0

# Per-switch graphs (one node per switch) only for fabrics this small; larger ones are grouped.
SMALL_FABRIC_SWITCHES = 64

# Per-node ports by fabric kind when the fabric gives no `rails`: the server attribute to read
# and the default (8 compute NICs, 1 storage/in-band/BMC port; NVIDIA DGX SuperPOD H100 reference architecture).
PORTS_BY_KIND: dict[str, tuple[str, int]] = {
    "compute": ("nics", 8),
    "storage": ("storage_ports", 1),
    "inband": ("inband_ports", 1),
    "oob": ("mgmt_ports", 1),
}

TIER_NAMES = {1: ("leaf",), 2: ("leaf", "spine"), 3: ("leaf", "spine", "core")}


def tier_names(tiers: int) -> tuple[str, ...]:
    if tiers in TIER_NAMES:
        return TIER_NAMES[tiers]
    middle = tuple(f"spine{k}" for k in range(2, tiers))
    return ("leaf", *middle, "core")


# --- the counting core --------------------------------------------------------------------------


@attrs.frozen
class FabricSpec:
    """Plain-number inputs of one fabric (speeds in Gb/s)."""

    endpoints: int  # N: NIC ports to connect, all planes together
    radix: int  # leaf switch ports at link speed
    topology: str = "leaf_spine"
    rails: int = 8  # NICs per node (R)
    port_speed_gbps: float | None = None
    spine_radix: int | None = None  # defaults to the leaf radix
    core_radix: int | None = None  # defaults to the spine radix
    down: float = 1.0  # oversubscription o = down:up at the leaf
    up: float = 1.0
    planes: int = 1
    nodes_per_su: int | None = None  # rail-optimised: defaults to the leaf's downlink ports
    reserved_nodes: int = 0  # node slots left empty (the DGX SuperPOD gives one up for UFM)
    extra_ports: int = 0  # non-node ports on the leaves per plane (UFM appliances)
    tiers: int | None = None  # None: leaf_spine 2, fat_tree 3, rail_optimized the fewest that fit
    medium: str = "optical"
    # Node-side modules per node: fewer than the rails means twin-port (DGX: 4 for 8 NICs);
    # None means one single-port module per NIC (HGX/PCIe ConnectX-7, GB200 trays).
    node_modules_per_node: int | None = None


@attrs.frozen
class SwitchTier:
    name: str  # leaf, spine, core (spine2, spine3, … between them in four or more tiers)
    switches: int  # all planes
    radix: int
    down_ports: int  # per switch, toward the tier below
    up_ports: int  # per switch, toward the tier above (0 at the top)
    ports_used: int  # cabled ports on the busiest switch of the tier
    link_ends: int  # cabled ports over the whole tier (all planes)

    @property
    def oversubscription(self) -> str:
        return ratio_text(self.down_ports, self.up_ports) if self.up_ports else "-"


@attrs.frozen
class LinkTier:
    name: str  # node-leaf, leaf-spine, spine-core, …
    lower: str
    upper: str
    links: int  # all planes; one cable per link
    speed_gbps: float | None
    medium: str  # optical, dac, acc, aoc

    @property
    def bandwidth_gbps(self) -> float | None:
        return None if self.speed_gbps is None else self.links * self.speed_gbps


@attrs.frozen
class FabricCounts:
    """What ``size`` computes; every count covers all planes unless its name says per plane."""

    spec: FabricSpec
    tiers: int
    endpoints: int
    nodes: int
    endpoints_per_plane: int
    rails_per_plane: int
    leaf_down: int  # d
    leaf_up: int  # u
    scalable_units: int | None  # per plane (rail-optimised only)
    nodes_per_su: int | None
    leaves_per_rail: int  # per SU; more than 1 means rail traffic crosses a spine
    switch_tiers: tuple[SwitchTier, ...]
    link_tiers: tuple[LinkTier, ...]
    max_leaves: int  # per plane, for this many tiers
    capacity_per_plane: int  # endpoints the tiers can hold at this radix and oversubscription
    limit_exceeded: bool
    leaf_ports_short: int  # leaf ports missing for endpoints + UFM, per plane
    switch_modules: int  # twin-port transceivers in switch cages
    node_twin_modules: int
    node_single_modules: int
    ufm_modules: int  # single-port modules on the UFM appliances' side
    bisection_gbps: float | None

    def tier(self, name: str) -> SwitchTier | None:
        return next((t for t in self.switch_tiers if t.name == name), None)

    def link(self, name: str) -> LinkTier | None:
        return next((t for t in self.link_tiers if t.name == name), None)

    def _count(self, name: str) -> int:
        found = self.tier(name)
        return found.switches if found else 0

    @property
    def leaves(self) -> int:
        return self._count("leaf")

    @property
    def spines(self) -> int:
        return sum(t.switches for t in self.switch_tiers if t.name.startswith("spine"))

    @property
    def cores(self) -> int:
        return self._count("core")

    @property
    def switches(self) -> int:
        return sum(t.switches for t in self.switch_tiers)

    @property
    def links(self) -> int:
        return sum(t.links for t in self.link_tiers)

    @property
    def cables(self) -> int:
        return self.links

    @property
    def transceivers(self) -> int:
        return (
            self.switch_modules
            + self.node_twin_modules
            + self.node_single_modules
            + self.ufm_modules
        )

    @property
    def oversubscription(self) -> str:
        return ratio_text(self.leaf_down, self.leaf_up) if self.tiers > 1 else "1:1"

    def cables_by_medium(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for link in self.link_tiers:
            result[link.medium] = result.get(link.medium, 0) + link.links
        return dict(sorted(result.items()))


def ratio_text(down: float, up: float) -> str:
    """`1:1`, `3:1`, `3:2`; awkward ratios as a decimal (`1.91:1`)."""
    if up <= 0:
        return "-"
    if float(down).is_integer() and float(up).is_integer():
        common = math.gcd(int(down), int(up))
        a, b = int(down) // common, int(up) // common
        if b <= 4:
            return f"{a}:{b}"
    return f"{down / up:.2f}:1"


def leaf_ports(radix: int, down: float, up: float) -> tuple[int, int]:
    """d = r·o/(1+o) down and u = r − d up; d rounds down so the built ratio never exceeds o."""
    if radix <= 1:
        return radix, 0
    d = math.floor(radix * down / (down + up) + 1e-9)
    d = min(max(d, 1), radix - 1)
    return d, radix - d


def smallest_divisor_at_least(u: int, need: int) -> int | None:
    """The smallest divisor of u that is ≥ need: every leaf then has u/S links to each spine."""
    for candidate in range(max(need, 1), u + 1):
        if u % candidate == 0:
            return candidate
    return None


def max_leaves(tiers: int, spine_radix: int, core_radix: int) -> int:
    """Leaves a folded Clos of this many tiers can hold, per plane.

    Two tiers: every spine reaches every leaf, so L ≤ r_spine. Three or more: a pod of r/2 leaves
    meshes with its spines (r/2 ports down, r/2 up), each further middle tier multiplies by r/2,
    and each top switch reaches every pod once, so L ≤ r_core · (r_spine/2)^(t−2).
    """
    if tiers <= 1:
        return 1
    if tiers == 2:
        return spine_radix
    return core_radix * (spine_radix // 2) ** (tiers - 2)


def _even_modules(ends: int, switches: int) -> int:
    """Twin-port modules when `ends` cabled ports spread evenly over `switches` switches."""
    if switches <= 0 or ends <= 0:
        return 0
    low, extra = divmod(ends, switches)
    return extra * math.ceil((low + 1) / 2) + (switches - extra) * math.ceil(low / 2)


def _node_medium(spec: FabricSpec) -> str:
    if spec.medium != "mixed":
        return spec.medium
    # Top-of-rack leaves sit a metre from their servers; rail leaves are rows away.
    return "dac" if spec.topology == "leaf_spine" else "optical"


def _switch_medium(spec: FabricSpec) -> str:
    return "optical" if spec.medium == "mixed" else spec.medium


def size(spec: FabricSpec) -> FabricCounts:
    """Size a fabric: the formulas of docs/fabrics.md (NVIDIA DGX SuperPOD RAs; Al-Fares et al. 2008), all planes together."""
    planes = max(spec.planes, 1)
    r_leaf = spec.radix
    r_spine = spec.spine_radix or r_leaf
    r_core = spec.core_radix or r_spine
    rails = max(spec.rails, 1)
    nodes = math.ceil(spec.endpoints / rails)
    n_plane = math.ceil(spec.endpoints / planes)
    rails_plane = math.ceil(rails / planes)
    extra = spec.extra_ports
    forced = spec.tiers or {"leaf_spine": 2, "fat_tree": 3}.get(spec.topology)
    # One switch (tiers = 1): every port faces the endpoints.
    d, u = (r_leaf, 0) if forced == 1 else leaf_ports(r_leaf, spec.down, spec.up)

    sus: int | None = None
    nodes_per_su: int | None = None
    leaves_per_rail = 1
    if spec.topology == "rail_optimized":
        nodes_per_su = spec.nodes_per_su or d
        sus = math.ceil((nodes + spec.reserved_nodes) / nodes_per_su) if nodes else 0
        leaves_per_rail = math.ceil(nodes_per_su / d)
        leaves = sus * rails_plane * leaves_per_rail
    else:
        leaves = math.ceil((n_plane + extra) / d) if n_plane + extra else 0

    if forced is None:  # rail-optimised: the fewest tiers that hold the leaves (NVIDIA: 2, then 3)
        tiers = next((t for t in (2, 3) if leaves <= max_leaves(t, r_spine, r_core)), 3)
    else:
        tiers = forced
    limit = max_leaves(tiers, r_spine, r_core)
    exceeded = leaves > limit
    capacity = limit * (min(d, nodes_per_su) if nodes_per_su else d)

    leaf_ends_down = n_plane + extra
    short = max(0, leaf_ends_down - leaves * d)
    uplinks = leaves * u  # per plane; above the leaf every tier is non-blocking

    # Per plane: (name, switches, radix, down ports, up ports)
    shape: list[tuple[str, int, int, int, int]] = [("leaf", leaves, r_leaf, d, u)]
    if tiers == 2:
        need = math.ceil(uplinks / r_spine)
        spines = smallest_divisor_at_least(u, need) or need
        shape.append(("spine", spines, r_spine, r_spine, 0))
    elif tiers >= 3:
        names = tier_names(tiers)
        for name in names[1:-1]:
            count = math.ceil(uplinks / (r_spine // 2))
            shape.append((name, count, r_spine, r_spine // 2, r_spine // 2))
        shape.append((names[-1], math.ceil(uplinks / r_core), r_core, r_core, 0))

    switch_tiers: list[SwitchTier] = []
    link_tiers: list[LinkTier] = [
        LinkTier(
            "node-leaf",
            "node",
            "leaf",
            leaf_ends_down * planes,
            spec.port_speed_gbps,
            _node_medium(spec),
        )
    ]
    for index, (name, count, radix, down_ports, up_ports) in enumerate(shape):
        below = leaf_ends_down if index == 0 else uplinks
        above = uplinks if index + 1 < len(shape) else 0
        ends = below + above
        # Ports a switch needs, not what fits: over-radix shows up here (DC-NET-005).
        busiest = math.ceil(below / count) + math.ceil(above / count) if count else 0
        switch_tiers.append(
            SwitchTier(name, count * planes, radix, down_ports, up_ports, busiest, ends * planes)
        )
        if index + 1 < len(shape):
            upper = shape[index + 1][0]
            link_tiers.append(
                LinkTier(
                    f"{name}-{upper}",
                    name,
                    upper,
                    uplinks * planes,
                    spec.port_speed_gbps,
                    _switch_medium(spec),
                )
            )

    # Transceivers: twin-port modules in switch cages, spread evenly over each tier's switches;
    # node side: the server's own twin-port count (DGX: 4 per node) or one single-port per NIC.
    switch_modules = 0
    for tier in switch_tiers:
        optical_ends = 0
        for link in link_tiers:
            if link.medium != "optical":
                continue
            if link.upper == tier.name:
                optical_ends += link.links
            if link.lower == tier.name:
                optical_ends += link.links
        switch_modules += _even_modules(optical_ends, tier.switches)
    node_twin = node_single = ufm_modules = 0
    if link_tiers[0].medium == "optical":
        per_node = spec.node_modules_per_node
        if per_node and per_node < rails:
            node_twin = nodes * per_node
        elif per_node:
            node_single = nodes * per_node
        else:
            node_single = spec.endpoints
        ufm_modules = extra * planes

    bisection = None
    if spec.port_speed_gbps is not None:
        half = n_plane / 2 if tiers == 1 else min(n_plane, uplinks) / 2
        bisection = half * planes * spec.port_speed_gbps

    return FabricCounts(
        spec=spec,
        tiers=tiers,
        endpoints=spec.endpoints,
        nodes=nodes,
        endpoints_per_plane=n_plane,
        rails_per_plane=rails_plane,
        leaf_down=d,
        leaf_up=u,
        scalable_units=sus,
        nodes_per_su=nodes_per_su,
        leaves_per_rail=leaves_per_rail,
        switch_tiers=tuple(switch_tiers),
        link_tiers=tuple(link_tiers),
        max_leaves=limit,
        capacity_per_plane=capacity,
        limit_exceeded=exceeded,
        leaf_ports_short=short,
        switch_modules=switch_modules,
        node_twin_modules=node_twin,
        node_single_modules=node_single,
        ufm_modules=ufm_modules,
        bisection_gbps=bisection,
    )


# --- ways out of a size limit (the numbers DC-NET-001 puts in its help) -------------------------


@attrs.frozen
class WaysOut:
    tiers: int
    planes_needed: int  # planes of this switch at this oversubscription
    radix_needed: int  # smallest even radix that holds the fabric non-blocking in these tiers
    oversubscription_needed: tuple[int, int] | None  # d:u at this radix, None if none fits
    next_tier_capacity: int  # endpoints per plane with one tier more


def ways_out(counts: FabricCounts) -> WaysOut:
    spec = counts.spec
    r_spine = spec.spine_radix or spec.radix
    r_core = spec.core_radix or r_spine
    tiers = max(counts.tiers, 2)
    per_leaf = min(counts.leaf_down, counts.nodes_per_su or counts.leaf_down)
    capacity = max_leaves(tiers, r_spine, r_core) * per_leaf
    planes_needed = max(1, math.ceil(spec.endpoints / max(capacity, 1)))
    # Non-blocking capacity of t tiers at radix k is 2·(k/2)^t endpoints.
    radix = 4
    while 2 * (radix // 2) ** tiers < counts.endpoints_per_plane:
        radix += 2
    leaves_cap = max_leaves(tiers, r_spine, r_core)
    d_needed = math.ceil(counts.endpoints_per_plane / max(leaves_cap, 1))
    over = (d_needed, spec.radix - d_needed) if d_needed < spec.radix else None
    return WaysOut(
        tiers=tiers,
        planes_needed=planes_needed,
        radix_needed=radix,
        oversubscription_needed=over,
        next_tier_capacity=max_leaves(tiers + 1, r_spine, r_core) * per_leaf,
    )


# --- parts, prices, power -------------------------------------------------------------------------


@attrs.frozen
class FabricItem:
    """One BOM line of a fabric: a named part, or a generic description when the design has none."""

    role: str  # leaf switch, spine switch, switch transceiver, node transceiver, cable, …
    part: str | None
    description: str
    quantity: int
    unit_price_usd: float | None
    unit_power_kw: float | None
    category: str = "network"

    @property
    def extended_price_usd(self) -> float | None:
        return None if self.unit_price_usd is None else self.unit_price_usd * self.quantity

    @property
    def power_kw(self) -> float | None:
        return None if self.unit_power_kw is None else self.unit_power_kw * self.quantity


@attrs.frozen
class FabricParts:
    """The parts a fabric is built from (any may be missing: the BOM line is then generic)."""

    switches: dict[str, Part | None] = attrs.Factory(dict)  # by tier name
    switch_transceiver: Part | None = None
    node_transceiver: Part | None = None
    cable: Part | None = None
    price_per_port_usd: float | None = None


def _gbps_text(speed: float | None) -> str:
    if speed is None:
        return "link"
    return f"{speed:g} Gb/s"


def bill(counts: FabricCounts, parts: FabricParts) -> list[FabricItem]:
    """BOM lines: switches per tier, transceivers, cables (and an all-in port price if set)."""
    all_in = parts.price_per_port_usd is not None
    speed = counts.spec.port_speed_gbps
    known = speed is not None and speed <= DEFAULT_OPTICS_MAX_GBPS
    twin_kw = TWIN_PORT_OPTIC_KW if known else None
    single_kw = SINGLE_PORT_OPTIC_KW if known else None
    items: list[FabricItem] = []
    for tier in counts.switch_tiers:
        part = parts.switches.get(tier.name)
        items.append(
            FabricItem(
                f"{tier.name} switch",
                part.name if part else None,
                part.description if part else f"{tier.radix}-port {_gbps_text(speed)} switch",
                tier.switches,
                None if all_in or part is None else part.price_usd,
                _kw(part),
            )
        )
    optic = parts.switch_transceiver
    if counts.switch_modules:
        items.append(
            FabricItem(
                "switch transceiver",
                optic.name if optic else None,
                optic.description
                if optic
                else f"twin-port OSFP transceiver, 2 × {_gbps_text(speed)} (switch side)",
                counts.switch_modules,
                None if all_in or optic is None else optic.price_usd,
                _kw(optic, twin_kw),
            )
        )
    node_optic = parts.node_transceiver
    node_optic_ports = _int(node_optic.get("ports"), 1) if node_optic else 0
    for role, quantity, generic, default_kw, ports in (
        (
            "node transceiver",
            counts.node_twin_modules,
            f"twin-port OSFP transceiver, 2 × {_gbps_text(speed)} (node side)",
            twin_kw,
            2,
        ),
        (
            "node transceiver (single-port)",
            counts.node_single_modules,
            f"single-port OSFP transceiver, {_gbps_text(speed)} (HCA side)",
            single_kw,
            1,
        ),
        (
            "UFM transceiver (single-port)",
            counts.ufm_modules,
            f"single-port OSFP transceiver, {_gbps_text(speed)} (UFM appliance side)",
            single_kw,
            0,
        ),
    ):
        if not quantity:
            continue
        # The design's node transceiver serves the line with its own port count only.
        part = node_optic if node_optic is not None and min(node_optic_ports, 2) == ports else None
        items.append(
            FabricItem(
                role,
                part.name if part else None,
                part.description if part else generic,
                quantity,
                None if all_in or part is None else part.price_usd,
                _kw(part, default_kw),
            )
        )
    cable = parts.cable
    for medium, quantity in counts.cables_by_medium().items():
        use_part = cable is not None and cable.get("medium", medium) in (medium, "fiber")
        generic = {
            "optical": f"MPO-12 fibre patch cable, one per {_gbps_text(speed)} link",
            "dac": f"passive copper (DAC) cable, {_gbps_text(speed)}",
            "acc": f"active copper (ACC) cable, {_gbps_text(speed)}",
            "aoc": f"active optical cable (AOC), {_gbps_text(speed)}",
            "copper": f"twisted-pair copper patch cable (RJ45), {_gbps_text(speed)}",
        }.get(medium, f"{medium} cable")
        items.append(
            FabricItem(
                f"cable ({medium})",
                cable.name if use_part and cable else None,
                cable.description if use_part and cable else generic,
                quantity,
                None if all_in or not use_part or cable is None else cable.price_usd,
                None,
            )
        )
    if all_in:
        ports = sum(t.radix * t.switches for t in counts.switch_tiers)
        items.append(
            FabricItem(
                "switch ports (all-in)",
                None,
                "switch port, all-in budget price (switch, optics and cables)",
                ports,
                parts.price_per_port_usd,
                None,
            )
        )
    return items


def _kw(part: Part | None, default: float | None = None) -> float | None:
    """A part's power; the generic figure only when the design names no part (never guessed)."""
    if part is None:
        return default
    value = part.get("power_max")
    if value is None:
        value = part.get("power_typical")
    return None if value is None else float(value)


# --- the analysis over the model ------------------------------------------------------------------


@attrs.frozen
class Problem:
    """Why a fabric could not be sized (DC-NET-006 reports it)."""

    message: str
    help: str


@attrs.define
class FabricResult:
    """One fabric, sized and priced: what summary.json, the BOM and the topology graph read."""

    name: str
    kind: str
    topology: str
    planes: int
    power_kw: float  # switches + switch-side optics: what the fabric adds to the IT load
    switch_power_kw: float
    optics_power_kw: float  # switch-side and UFM-side modules
    node_optics_power_kw: float  # for information: inside the servers' own power_max
    bisection_gbps: float | None
    items: list[FabricItem]
    counts: FabricCounts | None
    fabric: Fabric | None = attrs.field(default=None, repr=False)
    endpoint_text: str = ""  # `H1.gpus`, or the count as written
    nic_speed_gbps: float | None = None
    port_speed_gbps: float | None = None
    switch_parts: dict[str, str] = attrs.Factory(dict)  # tier -> part name
    target: Ratio | None = None  # oversubscription the design aims for (DC-NET-003)
    missing_power: tuple[str, ...] = ()  # parts without a power figure
    problems: tuple[Problem, ...] = ()

    # The counts, read from the sizing (zero for a fabric that could not be sized).
    @property
    def endpoints(self) -> int:
        return self.counts.endpoints if self.counts else 0

    @property
    def tiers(self) -> int:
        return self.counts.tiers if self.counts else 0

    @property
    def switches(self) -> int:
        return self.counts.switches if self.counts else 0

    @property
    def links(self) -> int:
        return self.counts.links if self.counts else 0

    @property
    def cables(self) -> int:
        return self.counts.cables if self.counts else 0

    @property
    def transceivers(self) -> int:
        return self.counts.transceivers if self.counts else 0

    @property
    def oversubscription(self) -> str:
        """Leaf down:up as built, e.g. "1:1"."""
        return self.counts.oversubscription if self.counts else "-"

    @property
    def capex_usd(self) -> float:
        return sum(item.extended_price_usd or 0.0 for item in self.items)

    def summary(self) -> dict[str, object]:
        """The `fabrics.<name>` object of summary.json."""
        return {
            "endpoints": self.endpoints,
            "tiers": self.tiers,
            "switches": self.switches,
            "links": self.links,
            "cables": self.cables,
            "transceivers": self.transceivers,
            "oversubscription": self.oversubscription,
        }


def _unsized(fabric: Fabric, kind: str, topology: str, problems: list[Problem]) -> FabricResult:
    return FabricResult(
        name=fabric.name,
        kind=kind,
        topology=topology,
        planes=int(fabric.get("planes", 1) or 1),
        power_kw=0.0,
        switch_power_kw=0.0,
        optics_power_kw=0.0,
        node_optics_power_kw=0.0,
        bisection_gbps=None,
        items=[],
        counts=None,
        fabric=fabric,
        problems=tuple(problems),
    )


@attrs.frozen
class _Scope:
    gpus: int
    nodes: int
    racks: int
    server: Part | None  # the server part with the most nodes in the scope


def _scope_counts(selector: Selector | None, results: Results) -> _Scope:
    gpus = nodes = racks = 0
    by_server: dict[str, tuple[int, Part]] = {}  # nodes per server part
    load = results.load
    for rack in getattr(load, "racks", None) or []:
        group = rack.group
        scope = None if selector is None else selector.scope
        if scope is not None and group.hall is not scope and group.row is not scope:
            continue
        gpus += rack.gpus * group.count
        racks += group.count
        for use in group.all_contents():
            if use.role == "device" and use.part.kind == "server":
                # A rack-scale part (GB200 NVL72) holds several nodes: `nodes = 18`.
                count = use.count * group.count * _nodes_in(use.part)
                nodes += count
                seen, _ = by_server.get(use.part.name, (0, use.part))
                by_server[use.part.name] = (seen + count, use.part)
    server = None
    if by_server:
        name = max(sorted(by_server), key=lambda key: by_server[key][0])
        server = by_server[name][1]
    return _Scope(gpus, nodes, racks, server)


def _nodes_in(part: Part) -> int:
    return max(_int(part.get("nodes"), 1), 1)


def _per_node(server: Part | None, key: str) -> int:
    """A server attribute per node (a rack-scale part states it for the whole rack)."""
    if server is None:
        return 0
    return _int(server.get(key), 0) // _nodes_in(server)


def _int(value: object, default: int) -> int:
    if value is None or isinstance(value, bool):
        return default
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


_speed = _float


def fabric_result(fabric: Fabric, results: Results) -> FabricResult:
    """Read one fabric block's inputs from the model, size it and price it."""
    kind = str(fabric.get("kind", "compute"))
    topology = str(fabric.get("topology", "leaf_spine"))
    problems: list[Problem] = []

    switch = fabric.get("switch")
    by_tier: dict[str, Part | None] = {
        "leaf": fabric.get("leaf_switch") or switch,
        "spine": fabric.get("spine_switch") or switch or fabric.get("leaf_switch"),
    }
    by_tier["core"] = fabric.get("core_switch") or by_tier["spine"]
    leaf_part = by_tier["leaf"]
    radix = _int(fabric.get("ports"), 0) or _int(leaf_part.get("ports") if leaf_part else None, 0)
    if radix < 2:
        what = f"switch part `{leaf_part.name}` has no `ports`" if leaf_part else "no switch"
        problems.append(
            Problem(
                f'fabric "{fabric.name}" cannot be sized: {what} (the radix r)',
                "set `switch = qm9700` (a part with `ports` and `port_speed`), "
                "or give the fabric `ports = 64`",
            )
        )

    endpoints_value = fabric.get("endpoints")
    selector = endpoints_value if isinstance(endpoints_value, Selector) else None
    scope = _scope_counts(selector, results)
    attr, default_rails = PORTS_BY_KIND.get(kind, ("nics", 1))
    server = scope.server
    rails = _int(fabric.get("rails"), 0) or _per_node(server, attr)
    rails = rails or default_rails
    endpoints = 0
    endpoint_text = ""
    if selector is not None:
        endpoint_text = selector.text
        counted = {"gpus": scope.gpus, "nodes": scope.nodes * rails, "racks": scope.racks * rails}
        endpoints = counted.get(selector.what, 0)
        if endpoints == 0:
            problems.append(
                Problem(
                    f'fabric "{fabric.name}": `{selector.text}` counts no {selector.what}, '
                    "so the fabric has no endpoints",
                    "point `endpoints` at a hall or row that holds servers, or give a count",
                )
            )
    elif endpoints_value is not None:
        endpoints = _int(endpoints_value, 0)
        endpoint_text = f"{endpoints:,}"
        if endpoints <= 0:
            problems.append(
                Problem(
                    f'fabric "{fabric.name}" has {endpoints} endpoints',
                    "give a positive count, or a selector such as `H1.gpus`",
                )
            )
    else:
        problems.append(
            Problem(
                f'fabric "{fabric.name}" has no `endpoints`',
                "add `endpoints = H1.gpus` (or `gpus`, `H1.A.nodes`, or a count)",
            )
        )
    for key, low in (("tiers", 1), ("planes", 1), ("reserved_nodes", 0), ("ufm", 0)):
        value = fabric.get(key)
        if value is not None and _int(value, low) < low:
            problems.append(
                Problem(
                    f'fabric "{fabric.name}": `{key} = {value}` is below {low}',
                    f"give `{key}` a whole number of at least {low}",
                )
            )
    for key in ("oversubscription", "oversubscription_target"):
        ratio_value = fabric.get(key)
        if isinstance(ratio_value, Ratio) and (ratio_value.down <= 0 or ratio_value.up <= 0):
            problems.append(
                Problem(
                    f'fabric "{fabric.name}": `{key} = {ratio_value}` needs both sides above 0',
                    "write down:up with positive numbers, e.g. `1:1` or `2:1`",
                )
            )
    if topology not in TOPOLOGIES:
        problems.append(
            Problem(
                f'fabric "{fabric.name}": unknown topology `{topology}`',
                f"use one of {', '.join(TOPOLOGIES)}",
            )
        )
    if problems:
        return _unsized(fabric, kind, topology, problems)

    port_speed = _speed(leaf_part.get("port_speed") if leaf_part else None)
    # The servers' NIC is the compute NIC; other fabrics say theirs with `nic` or `nic_speed`.
    nic_part = fabric.get("nic") or (server.get("nic") if server and kind == "compute" else None)
    nic_speed = (
        _speed(fabric.get("nic_speed"))
        or _speed(nic_part.get("port_speed") if isinstance(nic_part, Part) else None)
        or _speed(nic_part.get("nic_speed") if isinstance(nic_part, Part) else None)
        or _speed(server.get("nic_speed") if server and kind == "compute" else None)
    )
    ratio = fabric.get("oversubscription")
    down, up = (ratio.down, ratio.up) if isinstance(ratio, Ratio) else (1.0, 1.0)
    node_modules = None
    node_optic = fabric.get("node_transceiver")
    if kind == "compute" and _per_node(server, "node_transceivers"):
        node_modules = _per_node(server, "node_transceivers")
    elif isinstance(node_optic, Part) and _int(node_optic.get("ports"), 1) >= 2:
        node_modules = math.ceil(rails / _int(node_optic.get("ports"), 1))

    def radix_of(part: Part | None) -> int | None:
        return _int(part.get("ports"), 0) or None if part is not None else None

    spec = FabricSpec(
        endpoints=endpoints,
        radix=radix,
        topology=topology,
        rails=rails,
        port_speed_gbps=port_speed if port_speed is not None else nic_speed,
        spine_radix=radix_of(by_tier["spine"]) if fabric.get("spine_switch") else None,
        core_radix=radix_of(by_tier["core"]) if fabric.get("core_switch") else None,
        down=float(down),
        up=float(up),
        planes=max(_int(fabric.get("planes"), 1), 1),
        nodes_per_su=_int(fabric.get("nodes_per_su"), 0) or None,
        reserved_nodes=_int(fabric.get("reserved_nodes"), 0),
        extra_ports=_int(fabric.get("ufm"), 0),
        tiers=_int(fabric.get("tiers"), 0) or None,
        # A 1 GbE management network is twisted-pair copper; the others default to optics.
        medium=str(fabric.get("medium", "copper" if kind == "oob" else "optical")),
        node_modules_per_node=node_modules,
    )
    counts = size(spec)
    parts = FabricParts(
        switches={t.name: by_tier.get(t.name, by_tier["spine"]) for t in counts.switch_tiers},
        switch_transceiver=fabric.get("switch_transceiver"),
        node_transceiver=node_optic if isinstance(node_optic, Part) else None,
        cable=fabric.get("cable"),
        price_per_port_usd=_float(fabric.get("price_per_port")),
    )
    items = bill(counts, parts)
    switch_kw = sum(i.power_kw or 0.0 for i in items if i.role.endswith("switch"))
    # Node-side optics draw from the node's own supplies and are inside its power_max; counting
    # them again would double-count, so fabric power is switches + switch-side (and UFM) optics.
    optics_kw = sum(
        i.power_kw or 0.0
        for i in items
        if "transceiver" in i.role and not i.role.startswith("node")
    )
    node_optics_kw = sum(i.power_kw or 0.0 for i in items if i.role.startswith("node transceiver"))
    missing = sorted(
        {
            i.part or i.description
            for i in items
            if (i.role.endswith("switch") or "transceiver" in i.role)
            and not i.role.startswith("node")
            and i.unit_power_kw is None
        }
    )
    target = fabric.get("oversubscription_target")
    if not isinstance(target, Ratio) and kind == "compute":
        target = Ratio(1, 1)  # SuperPOD compute fabrics are "full non-blocking fat trees"
    return FabricResult(
        name=fabric.name,
        kind=kind,
        topology=topology,
        planes=spec.planes,
        power_kw=switch_kw + optics_kw,
        switch_power_kw=switch_kw,
        optics_power_kw=optics_kw,
        node_optics_power_kw=node_optics_kw,
        bisection_gbps=counts.bisection_gbps,
        items=items,
        counts=counts,
        fabric=fabric,
        endpoint_text=endpoint_text,
        nic_speed_gbps=nic_speed,
        port_speed_gbps=port_speed,
        switch_parts={name: part.name for name, part in parts.switches.items() if part is not None},
        target=target if isinstance(target, Ratio) else None,
        missing_power=tuple(missing),
    )


def analyse(model: Model, results: Results) -> None:
    for fabric in model.fabrics:
        results.fabrics[fabric.name] = fabric_result(fabric, results)
