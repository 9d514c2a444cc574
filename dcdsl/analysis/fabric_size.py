"""The counting core of a fabric: switches, links and transceivers from a few plain numbers.

``size(spec)`` applies the formulas of docs/fabrics.md (rail-optimised SUs, two-tier spines as
the smallest divisor of the leaf uplinks, three-tier fat trees, planes, UFM ports), all planes
together; ``ways_out`` gives the numbers DC-NET-001 puts in its help. Plain numbers in, plain
numbers out: nothing here reads the model, so 100,000 GPUs are a handful of multiplications.
"""

from __future__ import annotations

import math

import attrs

# Media that need a transceiver at each end ("optical" picks multimode or single-mode by length).
OPTICAL_MEDIA = frozenset({"optical", "multimode", "singlemode"})

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
    extra_ports: int = 0  # non-node ports on the leaves per plane (UFM appliances and others)
    # Of those, the UFM appliances' (each with its own single-port module); None: all of them.
    ufm_ports: int | None = None
    # A leaf cables uplinks for the node ports it carries at the ratio, not for every down port
    # (H100 RA storage fabric: 32 DGX ports and 24 uplinks on 64-port leaves, "near 4:3").
    uplinks_in_use: bool = False
    tiers: int | None = None  # None: leaf_spine 2, fat_tree 3, rail_optimized the fewest that fit
    medium: str = "optical"
    # Node-side modules per node: fewer than the rails means twin-port (DGX: 4 for 8 NICs);
    # None means one single-port module per NIC (HGX/PCIe ConnectX-7, GB200 trays).
    node_modules_per_node: int | None = None
    # Switch ports per transceiver cage: 2 for twin-port OSFP (QM9700: 64 ports in 32 cages),
    # 1 for QSFP28/QSFP112 Ethernet switches (SN4600C: 64 cages).
    ports_per_cage: int = 2
    # One tier of access switches uplinked to another network (an OOB fabric's leaves go to the
    # in-band fabric): any number of leaves, no size limit of their own.
    uplinked_leaves: bool = False
    # Ports toward storage systems on leaves of their own at 1:1 (a storage fabric's target side;
    # NVIDIA's H100 SuperPOD RA: "storage devices are connected at a 1:1 port to uplink ratio").
    target_ports: int = 0
    # At least this many leaves for the target ports, and for the nodes (a design's placement may
    # ask for more switches than the ports need: one per row, spread for redundancy).
    target_leaves: int = 0
    min_leaves: int = 0
    # Leaves in MLAG pairs (bonded node ports, one to each leaf of a pair): leaves round up to an
    # even count, each pair is joined by `isl` cables, and a paired fabric has at least 2 spines.
    leaf_pairs: bool = False
    isl: int = 0  # inter-switch links per leaf pair
    leaf_uplinks: int | None = None  # uplinks per leaf as designed (else from the ratio)
    uplinks: int = 0  # links from each top-tier switch out of the fabric (site core, in-band)
    uplink_speed_gbps: float | None = None


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
    single_port_ends: bool = False  # its switch ends take single-port modules (QSFP28 uplinks)

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
    uplink_modules: int  # single-port modules on the top tier's uplinks out of the fabric
    bisection_gbps: float | None
    target_leaves: int = 0  # of the leaves, those of the target ports (the last ones), per plane

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
            + self.uplink_modules
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
    # int(): mypy types int ** int as Any (a negative exponent would give a float).
    return int(core_radix * (spine_radix // 2) ** (tiers - 2))


def _even_modules(ends: int, switches: int, per_cage: int = 2) -> int:
    """Modules of `per_cage` ports when `ends` cabled ports spread evenly over `switches`."""
    if switches <= 0 or ends <= 0:
        return 0
    per_cage = max(per_cage, 1)
    low, extra = divmod(ends, switches)
    return extra * math.ceil((low + 1) / per_cage) + (switches - extra) * math.ceil(low / per_cage)


def _node_medium(spec: FabricSpec) -> str:
    if spec.medium == "multimode":  # optics, multimode only: the layout's "optical" links
        return "optical"
    if spec.medium != "mixed":
        return spec.medium
    # Top-of-rack leaves sit a metre from their servers; rail leaves are rows away.
    return "dac" if spec.topology == "leaf_spine" else "optical"


def _switch_medium(spec: FabricSpec) -> str:
    return "optical" if spec.medium in ("mixed", "multimode") else spec.medium


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
    isl = spec.isl if spec.leaf_pairs else 0
    available = r_leaf - isl  # ports left once a leaf's ISL ports are taken
    # One switch (tiers = 1): every port faces the endpoints.
    if forced == 1:
        d, u = available, 0
    elif spec.leaf_uplinks:
        u = min(spec.leaf_uplinks, available - 1)
        d = available - u
    else:
        d, u = leaf_ports(available, spec.down, spec.up)

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
        leaves = max(leaves, spec.min_leaves)
        if spec.leaf_pairs:
            leaves += leaves % 2
    # Uplinks a leaf carries: all u of them (NVIDIA builds the full SU), or with
    # `uplinks_in_use` its node ports' share at the ratio.
    u_used = u
    if spec.uplinks_in_use and not spec.leaf_uplinks and leaves and forced != 1:
        per_leaf = math.ceil(n_plane / leaves)
        u_used = min(u, max(1, math.ceil(per_leaf * spec.up / spec.down - 1e-9)))
    targets = spec.target_ports
    target_leaves = max(math.ceil(targets / (r_leaf // 2)), spec.target_leaves) if targets else 0

    if forced is None:  # rail-optimised: the fewest tiers that hold the leaves (NVIDIA: 2, then 3)
        tiers = next((t for t in (2, 3) if leaves <= max_leaves(t, r_spine, r_core)), 3)
    else:
        tiers = forced
    limit = max_leaves(tiers, r_spine, r_core)
    if tiers == 1 and spec.uplinked_leaves:
        limit = max(leaves, 1)
    exceeded = leaves > limit
    capacity = limit * (min(d, nodes_per_su) if nodes_per_su else d)

    leaf_ends_down = n_plane + extra
    short = max(0, leaf_ends_down - leaves * d)
    # Per plane; above the leaf every tier is non-blocking. Target leaves are 1:1.
    uplinks = leaves * u_used + targets if tiers > 1 else 0

    # Per plane: (name, switches, radix, down ports, up ports)
    shape: list[tuple[str, int, int, int, int]] = [
        ("leaf", leaves + target_leaves, r_leaf, d, u_used if tiers > 1 else 0)
    ]
    if tiers == 2:
        need = math.ceil(uplinks / r_spine)
        spines = smallest_divisor_at_least(u_used, need) or need
        if spec.leaf_pairs:
            spines = max(spines, 2)
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
    isl_links = leaves // 2 * isl
    top_uplinks = shape[-1][1] * spec.uplinks
    for index, (name, count, radix, down_ports, up_ports) in enumerate(shape):
        below = leaf_ends_down + targets if index == 0 else uplinks
        above = uplinks if index + 1 < len(shape) else 0
        if index == 0:
            below += 2 * isl_links
        if index + 1 == len(shape):
            above += top_uplinks
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

    # Tiers beyond the Clos (after node-leaf and the switch tiers, so their order holds):
    # storage-side links, ISLs and uplinks out of the fabric.
    if targets:
        link_tiers.append(
            LinkTier(
                "storage-leaf",
                "storage",
                "leaf",
                targets * planes,
                spec.port_speed_gbps,
                # Storage systems take 400G → 2 × 200G active optical splitters (H100 RA,
                # Table 8: MFA7U10-H030 AOC); a single medium given for the fabric wins.
                "aoc" if spec.medium in ("optical", "mixed", "multimode") else spec.medium,
            )
        )
    if isl_links:
        link_tiers.append(
            LinkTier(
                "leaf-leaf (ISL)",
                "leaf",
                "leaf",
                isl_links * planes,
                spec.port_speed_gbps,
                "dac" if spec.medium == "mixed" else _switch_medium(spec),
            )
        )
    if top_uplinks:
        top = shape[-1][0]
        link_tiers.append(
            LinkTier(
                f"{top}-uplink",
                top,
                "uplink",
                top_uplinks * planes,
                spec.uplink_speed_gbps or spec.port_speed_gbps,
                "optical" if spec.medium in ("copper", "mixed") else _switch_medium(spec),
                single_port_ends=True,
            )
        )

    # Transceivers: twin-port modules in switch cages, spread evenly over each tier's switches;
    # node side: the server's own twin-port count (DGX: 4 per node) or one single-port per NIC.
    switch_modules = uplink_modules = 0
    for tier in switch_tiers:
        optical_ends = target_ends = 0
        for link in link_tiers:
            if link.medium not in OPTICAL_MEDIA:
                continue
            ends = (link.upper == tier.name) + (link.lower == tier.name)
            if link.single_port_ends:
                uplink_modules += ends * link.links
            elif link.lower == "storage":
                target_ends += link.links
            else:
                optical_ends += ends * link.links
        if tier.name == "leaf" and target_leaves:
            # Target leaves: their storage ports and 1:1 uplinks; node leaves: the rest.
            target_up = targets * planes if tiers > 1 else 0
            target_ends += target_up
            optical_ends -= target_up
            switch_modules += _even_modules(
                target_ends, target_leaves * planes, spec.ports_per_cage
            )
            switch_modules += _even_modules(optical_ends, leaves * planes, spec.ports_per_cage)
            continue
        switch_modules += _even_modules(
            optical_ends + target_ends, tier.switches, spec.ports_per_cage
        )
    node_twin = node_single = ufm_modules = 0
    if link_tiers[0].medium in OPTICAL_MEDIA:
        per_node = spec.node_modules_per_node
        if per_node and per_node < rails:
            node_twin = nodes * per_node
        elif per_node:
            node_single = nodes * per_node
        else:
            node_single = spec.endpoints
        ufm_modules = (extra if spec.ufm_ports is None else spec.ufm_ports) * planes

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
        # As built: with `uplinks_in_use`, the node ports a leaf carries and its cabled uplinks.
        leaf_down=min(d, math.ceil(n_plane / leaves)) if u_used != u and leaves else d,
        leaf_up=u_used,
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
        uplink_modules=uplink_modules,
        bisection_gbps=bisection,
        target_leaves=target_leaves,
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
