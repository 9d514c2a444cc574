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
from collections.abc import Callable

import attrs

from dcdsl.analysis.fabric_size import (
    OPTICAL_MEDIA,
    FabricCounts,
    FabricSpec,
    LinkTier,
    SwitchTier,
    WaysOut,
    leaf_ports,
    max_leaves,
    ratio_text,
    size,
    smallest_divisor_at_least,
    tier_names,
    ways_out,
)
from dcdsl.analysis.nvlink import NvlinkCounts, domain_group
from dcdsl.analysis.results import Results
from dcdsl.model import Fabric, Model, Part, PartSpecs, PartUse, Ratio, Selector
from dcdsl.model.attributes import value_or

TOPOLOGIES = ("leaf_spine", "fat_tree", "rail_optimized")

# Transceiver power when the design names no transceiver part: NVIDIA's 400G single-port OSFP
# (MMA4Z00-NS400, 9 W max) and the Class 8 twin-port OSFP limit of the QM9700 cages (17 W).
# Both are 400 Gb/s-per-port figures; faster ports get no default (DC-NET-007 says so).
SINGLE_PORT_OPTIC_KW = 0.009
# Single-port modules at lower speeds [E]: SFP28 25G SR ≈ 1 W, QSFP28 100G SR4 ≈ 3.5 W (MSA
# power classes; vendor data sheets state their own).
SINGLE_PORT_OPTIC_KW_BY_SPEED = {25.0: 0.001, 100.0: 0.0035, 200.0: 0.006, 400.0: 0.009}
TWIN_PORT_OPTIC_KW = 0.017
DEFAULT_OPTICS_MAX_GBPS = 400.0

# Per-switch graphs (one node per switch) only for fabrics this small; larger ones are grouped.
SMALL_FABRIC_SWITCHES = 64

# Per-node ports by fabric kind when the fabric gives no `rails`: the spec that states them and
# the default (8 compute NICs, 1 storage/in-band/BMC port; NVIDIA DGX SuperPOD H100 reference
# architecture).
PORTS_BY_KIND: dict[str, tuple[Callable[[PartSpecs], int | None], int]] = {
    "compute": (lambda specs: specs.nics, 8),
    "storage": (lambda specs: specs.storage_ports, 1),
    "inband": (lambda specs: specs.inband_ports, 1),
    "oob": (lambda specs: specs.mgmt_ports, 1),
}

__all__ = [
    "FabricCounts",
    "FabricSpec",
    "LinkTier",
    "SwitchTier",
    "WaysOut",
    "leaf_ports",
    "max_leaves",
    "ratio_text",
    "size",
    "smallest_divisor_at_least",
    "tier_names",
    "ways_out",
]


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
    single_kw = single_port_optic_kw(speed)
    twin = counts.spec.ports_per_cage >= 2
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
                else f"twin-port OSFP transceiver, 2 × {_gbps_text(speed)} (switch side)"
                if twin
                else f"single-port transceiver, {_gbps_text(speed)} (switch side)",
                counts.switch_modules,
                None if all_in or optic is None else optic.price_usd,
                _kw(optic, twin_kw if twin else single_kw),
            )
        )
    if counts.uplink_modules:
        uplink_speed = counts.spec.uplink_speed_gbps or speed
        items.append(
            FabricItem(
                "uplink transceiver",
                None,
                f"single-port transceiver, {_gbps_text(uplink_speed)} (uplinks out of the fabric)",
                counts.uplink_modules,
                None,
                single_port_optic_kw(uplink_speed),
            )
        )
    node_optic = parts.node_transceiver
    node_optic_ports = _int(node_optic.specs.ports, 1) if node_optic else 0
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
        # A fibre patch cable serves the optical media only (an AOC or DAC is its own cable).
        cable_medium = value_or(cable.specs.medium, medium) if cable is not None else None
        use_part = cable_medium == medium or (cable_medium == "fiber" and medium in OPTICAL_MEDIA)
        generic = {
            "optical": f"MPO-12 fibre patch cable, one per {_gbps_text(speed)} link",
            "multimode": f"MPO-12 multimode (OM4) patch cable, {_gbps_text(speed)}",
            "singlemode": f"MPO-12 single-mode (OS2) patch cable, {_gbps_text(speed)}",
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
    value = part.specs.power_max
    if value is None:
        value = part.specs.power_typical
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
    nvlink: NvlinkCounts | None = None  # `kind = nvlink`: domains inside the racks, no cables
    optics_in_switch_power: bool = False  # the switches' power_max includes their cage modules

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
        if self.nvlink is not None:
            return self.nvlink.summary()
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
        planes=int(fabric.planes or 1),
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
    servers: dict[str, tuple[int, Part]] = attrs.Factory(dict)  # server parts placed, by name
    managed: int = 0  # rack PDUs and devices other than servers and switches (OOB ports)
    # Ports of those other devices by fabric kind (storage, inband): management
    # servers and UFM appliances join the storage and in-band fabrics with their own ports.
    device_ports: dict[str, int] = attrs.Factory(dict)
    # Storage systems' storage-fabric ports: the fabric's target side (leaves of their own).
    target_ports: int = 0


def _scope_counts(selector: Selector | None, results: Results) -> _Scope:
    gpus = nodes = racks = managed = targets = 0
    device_ports: dict[str, int] = {}
    by_server: dict[str, tuple[int, Part]] = {}  # nodes per server part
    servers: dict[str, tuple[int, Part]] = {}  # server parts (not nodes) per name
    load = results.load
    for rack in load.racks if load is not None else []:
        group = rack.group
        scope = None if selector is None else selector.scope
        if scope is not None and group.hall is not scope and group.row is not scope:
            continue
        gpus += rack.gpus * group.count
        racks += group.count
        for use in group.all_contents():
            if use.role == "rack_pdu" or use.part.kind not in ("server", "switch"):
                # A management port each [E], unless the part says it has none on this network
                # (`mgmt_ports = 0`: a storage system managed on its vendor's own network).
                if use.part.specs.mgmt_ports != 0:
                    managed += use.count * group.count
                for fabric_kind in ("storage", "inband"):
                    ports_of = PORTS_BY_KIND[fabric_kind][0]
                    ports = _int(ports_of(use.part.specs), 0) * use.count * group.count
                    if ports and fabric_kind == "storage" and is_storage_system(use):
                        targets += ports  # storage systems are the storage fabric's targets
                    elif ports:
                        device_ports[fabric_kind] = device_ports.get(fabric_kind, 0) + ports
            if use.role == "device" and use.part.kind == "server":
                placed, _ = servers.get(use.part.name, (0, use.part))
                servers[use.part.name] = (placed + use.count * group.count, use.part)
                # A rack-scale part (GB200 NVL72) holds several nodes: `nodes = 18`.
                count = use.count * group.count * _nodes_in(use.part)
                nodes += count
                seen, _ = by_server.get(use.part.name, (0, use.part))
                by_server[use.part.name] = (seen + count, use.part)
    server = None
    if by_server:
        name = max(sorted(by_server), key=lambda key: by_server[key][0])
        server = by_server[name][1]
    return _Scope(gpus, nodes, racks, server, servers, managed, device_ports, targets)


def is_storage_system(use: PartUse) -> bool:
    """A storage system joins a storage fabric on its target side, 1:1 on leaves of its own."""
    return use.role == "device" and use.part.kind == "storage_system"


def _nodes_in(part: Part) -> int:
    return max(_int(part.specs.nodes, 1), 1)


def _per_node(server: Part | None, count: Callable[[PartSpecs], int | None]) -> int:
    """A server's count per node (a rack-scale part states it for the whole rack)."""
    if server is None:
        return 0
    return _int(count(server.specs), 0) // _nodes_in(server)


def _int(value: object, default: int) -> int:
    if not isinstance(value, (int, float, str)) or isinstance(value, bool):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


_speed = _float


def fabric_result(fabric: Fabric, results: Results) -> FabricResult:
    """Read one fabric block's inputs from the model, size it and price it."""
    kind = str(value_or(fabric.kind, "compute"))
    topology = str(value_or(fabric.topology, "leaf_spine"))
    problems: list[Problem] = []
    if kind == "nvlink":
        return nvlink_result(fabric, results)

    switch = fabric.switch
    by_tier: dict[str, Part | None] = {
        "leaf": fabric.leaf_switch or switch,
        "spine": fabric.spine_switch or switch or fabric.leaf_switch,
    }
    by_tier["core"] = fabric.core_switch or by_tier["spine"]
    leaf_part = by_tier["leaf"]
    radix = _int(fabric.ports, 0) or _int(leaf_part.specs.ports if leaf_part else None, 0)
    if radix < 2:
        what = f"switch part `{leaf_part.name}` has no `ports`" if leaf_part else "no switch"
        problems.append(
            Problem(
                f'fabric "{fabric.name}" cannot be sized: {what} (the radix r)',
                "set `switch = qm9700` (a part with `ports` and `port_speed`), "
                "or give the fabric `ports = 64`",
            )
        )

    endpoints_value = fabric.endpoints
    selector = endpoints_value if isinstance(endpoints_value, Selector) else None
    scope = _scope_counts(selector, results)
    ports_of, default_rails = PORTS_BY_KIND.get(kind, (lambda specs: specs.nics, 1))
    server = scope.server
    rails = _int(fabric.rails, 0) or _per_node(server, ports_of)
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
    for key, value, low in (
        ("tiers", fabric.tiers, 1),
        ("planes", fabric.planes, 1),
        ("reserved_nodes", fabric.reserved_nodes, 0),
        ("ufm", fabric.ufm, 0),
        ("other_ports", fabric.other_ports, 0),
        ("target_ports", fabric.target_ports, 0),
        ("isl", fabric.isl, 0),
        ("leaf_uplinks", fabric.leaf_uplinks, 1),
        ("uplinks", fabric.uplinks, 0),
    ):
        if value is not None and _int(value, low) < low:
            problems.append(
                Problem(
                    f'fabric "{fabric.name}": `{key} = {value}` is below {low}',
                    f"give `{key}` a whole number of at least {low}",
                )
            )
    for key, ratio_value in (
        ("oversubscription", fabric.oversubscription),
        ("oversubscription_target", fabric.oversubscription_target),
    ):
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

    port_speed = _speed(leaf_part.specs.port_speed if leaf_part else None)
    # The servers' NIC is the compute NIC; other fabrics say theirs with `nic` or `nic_speed`.
    nic_part = fabric.nic or (server.specs.nic if server and kind == "compute" else None)
    nic_speed = (
        _speed(fabric.nic_speed)
        or _speed(nic_part.specs.port_speed if isinstance(nic_part, Part) else None)
        or _speed(nic_part.specs.nic_speed if isinstance(nic_part, Part) else None)
        or _speed(server.specs.nic_speed if server and kind == "compute" else None)
    )
    ratio = fabric.oversubscription
    down, up = (ratio.down, ratio.up) if isinstance(ratio, Ratio) else (1.0, 1.0)
    node_modules = None
    node_optic = fabric.node_transceiver
    if kind == "compute" and _per_node(server, lambda specs: specs.node_transceivers):
        node_modules = _per_node(server, lambda specs: specs.node_transceivers)
    elif isinstance(node_optic, Part) and _int(node_optic.specs.ports, 1) >= 2:
        node_modules = math.ceil(rails / _int(node_optic.specs.ports, 1))

    def radix_of(part: Part | None) -> int | None:
        return _int(part.specs.ports, 0) or None if part is not None else None

    spec = FabricSpec(
        endpoints=endpoints,
        radix=radix,
        topology=topology,
        rails=rails,
        port_speed_gbps=port_speed if port_speed is not None else nic_speed,
        spine_radix=radix_of(by_tier["spine"]) if fabric.spine_switch else None,
        core_radix=radix_of(by_tier["core"]) if fabric.core_switch else None,
        down=float(down),
        up=float(up),
        planes=max(_int(fabric.planes, 1), 1),
        nodes_per_su=_int(fabric.nodes_per_su, 0) or None,
        reserved_nodes=_int(fabric.reserved_nodes, 0),
        ufm_ports=_int(fabric.ufm, 0),
        extra_ports=_int(fabric.ufm, 0)
        + _int(fabric.other_ports, 0)
        + (scope.device_ports.get(kind, 0) if kind in ("storage", "inband") else 0)
        + _managed_ports(kind, scope, results),
        tiers=_int(fabric.tiers, 0) or None,
        medium=str(fabric.medium or default_medium(kind, port_speed or nic_speed)),
        node_modules_per_node=node_modules,
        ports_per_cage=_ports_per_cage(leaf_part),
        uplinked_leaves=kind == "oob" and _int(fabric.tiers, 0) == 1,
        target_ports=_int(fabric.target_ports, 0)
        + (scope.target_ports if kind == "storage" else 0),
        target_leaves=_int(fabric.target_leaves, 0),
        min_leaves=_int(fabric.leaves, 0),
        uplinks_in_use=bool(fabric.uplinks_in_use),
        leaf_pairs=bool(fabric.leaf_pairs),
        isl=_int(fabric.isl, 0),
        leaf_uplinks=_int(fabric.leaf_uplinks, 0) or None,
        uplinks=_int(fabric.uplinks, 0),
        uplink_speed_gbps=_speed(fabric.uplink_speed)
        or _speed(leaf_part.specs.uplink_speed if leaf_part else None),
    )
    counts = size(spec)
    parts = FabricParts(
        switches={t.name: by_tier.get(t.name, by_tier["spine"]) for t in counts.switch_tiers},
        switch_transceiver=fabric.switch_transceiver,
        node_transceiver=node_optic if isinstance(node_optic, Part) else None,
        cable=fabric.cable,
        price_per_port_usd=_float(fabric.price_per_port),
    )
    items = bill(counts, parts)
    switch_kw = sum(i.power_kw or 0.0 for i in items if i.role.endswith("switch"))
    # Node-side optics draw from the node's own supplies and are inside its power_max; counting
    # them again would double-count, so fabric power is switches + switch-side (and UFM) optics.
    # A switch whose power is its maximum with active cables (QM9700: 1,720 W) already carries
    # its cage modules (NVIDIA cabling guide: active cables draw from the port): not again.
    inside = all(
        bool(part.specs.power_includes_optics)
        for part in parts.switches.values()
        if part is not None
    ) and any(part is not None for part in parts.switches.values())
    optics_kw = sum(
        i.power_kw or 0.0
        for i in items
        if "transceiver" in i.role
        and not i.role.startswith("node")
        and not (inside and i.role == "switch transceiver")
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
    target = fabric.oversubscription_target
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
        optics_in_switch_power=inside,
    )


def _ports_per_cage(switch: Part | None) -> int:
    """Switch ports per transceiver cage (`ports` / `cages`): 2 on twin-port OSFP switches."""
    if switch is None:
        return 2
    ports, cages = _int(switch.specs.ports, 0), _int(switch.specs.cages, 0)
    return max(1, ports // cages) if ports and cages else 2


def default_medium(kind: str, speed_gbps: float | None) -> str:
    """A 1 GbE management network is twisted-pair copper; Ethernet at 100 Gb/s and below is
    copper in the rack and optics beyond (`mixed`); faster fabrics are optical, multimode to
    its reach and single-mode beyond."""
    if kind == "oob":
        return "copper"
    if speed_gbps is not None and speed_gbps <= 100:
        return "mixed"
    return "optical"


def single_port_optic_kw(speed: float | None) -> float | None:
    """Default power of a single-port module at this port speed; None above 400 Gb/s."""
    if speed is None:
        return None
    fitting = [kw for gbps, kw in sorted(SINGLE_PORT_OPTIC_KW_BY_SPEED.items()) if speed <= gbps]
    return fitting[0] if fitting else None


def _managed_ports(kind: str, scope: _Scope, results: Results) -> int:
    """An OOB network reaches every BMC, switch and rack PDU (NVIDIA DGX SuperPOD reference
    architectures): besides the nodes' BMC ports, one port per switch of the other fabrics and
    per rack PDU or other device (UFM appliances, management servers, storage) in its scope."""
    if kind != "oob":
        return 0
    switches = sum(r.switches for r in results.fabrics.values() if r.kind not in ("oob", "nvlink"))
    return switches + scope.managed


def nvlink_result(fabric: Fabric, results: Results) -> FabricResult:
    """`kind = nvlink`: the NVLink domains of the servers in scope (analysis.nvlink)."""
    endpoints = fabric.endpoints
    selector = endpoints if isinstance(endpoints, Selector) else None
    scope = _scope_counts(selector, results)
    groups = [
        group
        for count, part in (scope.servers[name] for name in sorted(scope.servers))
        if (group := domain_group(part, count)) is not None
    ]
    if not groups:
        return _unsized(
            fabric,
            "nvlink",
            "nvlink",
            [
                Problem(
                    f'NVLink fabric "{fabric.name}" has no GPU servers in its scope',
                    "point `endpoints` at racks that hold GPU servers (`H1.gpus`)",
                )
            ],
        )
    result = _unsized(fabric, "nvlink", "nvlink", [])
    result.nvlink = NvlinkCounts(tuple(groups))
    result.endpoint_text = selector.text if selector is not None else ""
    return result


def analyse(model: Model, results: Results) -> None:
    # OOB networks last: they reach the other fabrics' switches.
    for fabric in sorted(model.fabrics, key=lambda f: f.kind == "oob"):
        results.fabrics[fabric.name] = fabric_result(fabric, results)
