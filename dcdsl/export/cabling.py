"""A port plan for NetBox cables: which interface of which device each fabric link joins.

dcc sizes a fabric by counts (links per tier, switches per tier, ports per switch) and the
layout gives each tier's length distribution; NetBox wants each cable between two interfaces.
This module turns the counts into a deterministic plan, with plain inputs (device names and
numbers; no model):

- node–leaf: each node has ``node_ports`` links (rails); links are taken rail by rail, node by
  node, and fill the leaves' down ports in order, so leaf 1 gets rail 1 of the first nodes: a
  rail-optimised wiring when a leaf's down ports equal the nodes of a scalable unit;
- other devices that join the fabric by their own ports (UFM appliances, management servers,
  rack PDUs and switches on an out-of-band network: ``others``, each with its port count) take
  the leaves' next down ports, device by device, after the nodes' links;
- switch–switch: each lower switch's up ports in order, spread over the upper tier's switches
  round robin (every leaf reaches every spine), on the upper switches' down ports in order;
- inter-switch links inside a tier (an MLAG leaf pair's ISLs): switches paired in order (1–2,
  3–4, …), on the ports after their down and up ports.

A switch's ports are numbered (1-based) down ports first, then up ports, then ISL ports, and
named as its part names its physical ports (dcdsl.export.ports: QM9700 ``IB1/1/1`` …), else
``<fabric>-<n>``; nodes' and other devices' ports are ``<fabric>-<n>``, an out-of-band
network's end on a switch that names its management port is that port (``mgmt0``). A link whose end is not placed in any rack (the fabric needs more switches than the racks
hold, a storage system or site core outside the design) has no device to end on and is counted
as not cabled. Lengths are the tier's length bins (from the
layout) handed out in order, shortest first: the tier's distribution, not the measured run
between these two particular racks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from dcdsl.export.ports import PhysicalPorts


@attrs.frozen
class SwitchTier:
    name: str  # leaf, spine, core
    devices: tuple[str, ...]  # NetBox device names of the placed switches of this tier
    needed: int  # switches the fabric needs in this tier
    down_ports: int
    up_ports: int
    # The switch part's physical ports (dcdsl.export.ports), or None: `<fabric>-<n>` names.
    physical: PhysicalPorts | None = None
    # The last `targets` switches of a leaf tier carry a storage fabric's target ports, 1:1:
    # `target_ports` down and as many up each.
    targets: int = 0
    target_ports: int = 0

    def ports(self, index: int) -> tuple[int, int]:
        """Down and up ports of the tier's switch ``index`` (0-based)."""
        if index >= self.needed - self.targets:
            return self.target_ports, self.target_ports
        return self.down_ports, self.up_ports


@attrs.frozen
class LinkTier:
    name: str  # node-leaf, leaf-spine, …
    links: int
    lengths: tuple[tuple[str, int | None, int], ...]  # (medium, length in m, links)
    lower: str = ""  # the switch tier (or node, storage) at each end; "" = by position
    upper: str = ""


@attrs.frozen
class Link:
    tier: str
    number: int  # 1-based within the tier
    a_device: str
    a_port: str
    b_device: str
    b_port: str
    medium: str
    length_m: int | None


@attrs.define
class FabricPorts:
    fabric: str
    nodes: Sequence[str]
    node_ports: int
    switches: list[SwitchTier]
    tiers: list[LinkTier]
    speed_gbps: float | None = None  # the fabric's port speed, for the interface type
    others: Sequence[tuple[str, int]] = ()  # other devices on the leaves, with their ports
    targets: Sequence[tuple[str, int]] = ()  # storage systems on the target leaves, their ports
    mgmt: dict[str, str] = attrs.Factory(dict)  # device -> its management port's own name
    uncabled: dict[str, int] = attrs.Factory(dict)  # tier -> links without a device at an end

    def port(self, n: int) -> str:
        return f"{self.fabric}-{n}"

    def switch_port(self, switch: SwitchTier, n: int) -> str:
        """A switch's port n: its physical port when its part names them, else generic."""
        physical = switch.physical
        named = physical.of_fabric_port(n, switch.down_ports) if physical else None
        return named or self.port(n)

    def links(self) -> Iterator[Link]:
        """Every cabled link, tier by tier; ``uncabled`` is filled as a side effect."""
        self.uncabled.clear()
        for index, tier in enumerate(self.tiers):
            lengths = _lengths(tier)
            pairs = self._pairs(index, tier)
            number = 0
            for pair in pairs:
                medium, length = next(lengths, ("", None))
                if pair is None:
                    self.uncabled[tier.name] = self.uncabled.get(tier.name, 0) + 1
                    continue
                number += 1
                yield Link(tier.name, number, *pair, medium, length)

    def isl_ports(self, tier: str) -> int:
        """ISL ports per switch of a tier: its ISL links over its pairs."""
        switches = self._tier(tier)
        links = sum(t.links for t in self.tiers if t.lower == t.upper == tier)
        pairs = (switches.needed // 2) if switches else 0
        return -(-links // pairs) if pairs else 0

    def ports_of(self, switch: SwitchTier) -> int:
        return switch.down_ports + switch.up_ports + self.isl_ports(switch.name)

    def _tier(self, name: str) -> SwitchTier | None:
        return next((t for t in self.switches if t.name == name), None)

    def _pairs(self, index: int, tier: LinkTier) -> Iterator[tuple[str, str, str, str] | None]:
        none = (None for _ in range(tier.links))
        if index == 0:
            return self._node_leaf(tier)
        if not tier.lower:  # tiers by position: tier n joins switch tiers n-1 and n
            if index >= len(self.switches):
                return none
            return self._switch_switch(self.switches[index - 1], self.switches[index], tier)
        lower, upper = self._tier(tier.lower), self._tier(tier.upper)
        if tier.lower == "storage" and upper is not None and upper.targets:
            return self._target_leaf(upper, tier)
        if lower is None or upper is None:  # storage systems, the site core: not in the design
            return none
        if lower is upper:
            return self._inter_switch(lower, tier)
        return self._switch_switch(lower, upper, tier)

    def _node_leaf(self, tier: LinkTier) -> Iterator[tuple[str, str, str, str] | None]:
        if not self.switches or not (self.nodes or self.others):
            yield from (None for _ in range(tier.links))
            return
        leaf = self.switches[0]
        down = max(1, leaf.down_ports)
        node_links = len(self.nodes) * self.node_ports
        others = ((d, p) for d, ports in self.others for p in range(1, ports + 1))
        for j in range(tier.links):
            switch, port = divmod(j, down)
            if j < node_links:
                rail, node = divmod(j, len(self.nodes))
                end: tuple[str, int] | None = (self.nodes[node], rail + 1)
            else:
                end = next(others, None)
            if end is None or switch >= len(leaf.devices):
                yield None
                continue
            own = self.mgmt.get(end[0]) if j >= node_links else None
            yield (
                end[0],
                own or self.port(end[1]),
                leaf.devices[switch],
                self.switch_port(leaf, port + 1),
            )

    def _inter_switch(
        self, switches: SwitchTier, tier: LinkTier
    ) -> Iterator[tuple[str, str, str, str] | None]:
        per_pair = self.isl_ports(switches.name)
        first = switches.down_ports + switches.up_ports + 1
        for j in range(tier.links):
            pair, n = divmod(j, max(1, per_pair))
            if 2 * pair + 1 >= len(switches.devices):
                yield None
                continue
            a, b = switches.devices[2 * pair], switches.devices[2 * pair + 1]
            yield a, self.switch_port(switches, first + n), b, self.switch_port(switches, first + n)

    def _target_leaf(
        self, leaves: SwitchTier, tier: LinkTier
    ) -> Iterator[tuple[str, str, str, str] | None]:
        """Storage systems' ports, device by device, on the target leaves' down ports in order."""
        first = leaves.needed - leaves.targets
        ends = ((d, p) for d, ports in self.targets for p in range(1, ports + 1))
        per_leaf = max(1, leaves.target_ports)
        for j in range(tier.links):
            switch, port = divmod(j, per_leaf)
            end = next(ends, None)
            if end is None or first + switch >= len(leaves.devices):
                yield None
                continue
            device = leaves.devices[first + switch]
            yield end[0], self.port(end[1]), device, self.switch_port(leaves, port + 1)

    def _switch_switch(
        self, lower: SwitchTier, upper: SwitchTier, tier: LinkTier
    ) -> Iterator[tuple[str, str, str, str] | None]:
        # Each lower switch's up ports in turn (a target leaf has as many as its target ports),
        # numbered after its down ports.
        ends = (
            (i, down + k)
            for i in range(lower.needed)
            for down, up in [lower.ports(i)]
            for k in range(up)
        )
        used: dict[int, int] = {}  # upper switch -> down ports taken
        for j in range(tier.links):
            switch, port = next(ends, (lower.needed, 0))
            target = j % max(1, upper.needed)
            taken = used.get(target, 0)
            used[target] = taken + 1
            if (
                switch >= len(lower.devices)
                or target >= len(upper.devices)
                or taken >= upper.down_ports
            ):
                yield None
                continue
            yield (
                lower.devices[switch],
                self.switch_port(lower, port + 1),
                upper.devices[target],
                self.switch_port(upper, taken + 1),
            )


def _lengths(tier: LinkTier) -> Iterator[tuple[str, int | None]]:
    ordered = sorted(tier.lengths, key=lambda x: (x[1] is None, x[1] or 0, x[0]))
    for medium, length, count in ordered:
        for _ in range(count):
            yield medium, length
