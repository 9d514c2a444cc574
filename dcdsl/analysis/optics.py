"""Optics by reach: the transceivers of the links the layout made single-mode.

The fabric stage counts transceivers per link tier before any length is known and bills them with
the fabric's `switch_transceiver` and `node_transceiver` (multimode SR4 on an NDR fabric). The
layout then chooses each link's medium from its length (docs/fabrics.md, "Media by length"): a
link past multimode reach runs on single-mode fibre, and both its ends need single-mode modules
(DR4 on the NVIDIA MMS4X00-NS twin-port, 2 × 400G, 100 m, 17 W; MMS4X00-NS400 single-port, 9 W).
``apply_reach`` moves those modules to lines of their own, priced by the fabric's
`singlemode_transceiver` (switch side) and `singlemode_node_transceiver` (node side), and
corrects the fabric's optics power by the difference. Counts only: no port objects.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from dcdsl.analysis.fabric import (
    FabricItem,
    FabricResult,
    _gbps_text,
    _kw,
    single_port_optic_kw,
)
from dcdsl.analysis.fabric_size import OPTICAL_MEDIA, FabricCounts
from dcdsl.model import Part

if TYPE_CHECKING:  # the layout's cabling calls this module
    from dcdsl.analysis.layout.cabling import TierCabling


@attrs.frozen
class SingleModeEnds:
    """Module ends on single-mode links, per side."""

    switch_ends: int = 0  # switch ports in cages (twin- or single-port modules)
    node_ends: int = 0  # node NIC ports
    uplink_ends: int = 0  # top-tier uplinks out of the fabric (single-port modules)


def single_mode_links(tiers: Iterable[TierCabling]) -> dict[str, int]:
    """Single-mode links per link tier name, summed over the halls' cabling tiers."""
    found: dict[str, int] = {}
    for tier in tiers:
        count = sum(n for (medium, _), n in tier.bins.items() if medium == "singlemode")
        if count:
            found[tier.name] = found.get(tier.name, 0) + count
    return found


def single_mode_ends(counts: FabricCounts, by_tier: dict[str, int]) -> SingleModeEnds:
    """Where the single-mode links end: a node–leaf link has one switch and one node end, a
    switch–switch link (and an ISL) two switch ends, an uplink one end in this fabric."""
    switch_ends = node_ends = uplink_ends = 0
    for link in counts.link_tiers:
        single = min(by_tier.get(link.name, 0), link.links)
        if not single or link.medium not in OPTICAL_MEDIA:
            continue
        if link.single_port_ends:
            uplink_ends += single
        elif link.lower == "node":
            switch_ends += single
            node_ends += single
        elif link.lower == "storage":
            switch_ends += single
        else:
            switch_ends += 2 * single
    return SingleModeEnds(switch_ends, node_ends, uplink_ends)


def _generic(role: str, ports: int, speed: float | None) -> str:
    side = "node side" if role.startswith("node") else "switch side"
    if role.startswith("uplink"):
        side = "uplinks out of the fabric"
    if ports >= 2:
        return f"twin-port OSFP transceiver, 2 × {_gbps_text(speed)} DR4 single-mode ({side})"
    return f"single-port transceiver, {_gbps_text(speed)} single-mode ({side})"


def _moved(
    item: FabricItem, quantity: int, part: Part | None, ports: int, speed: float | None
) -> FabricItem:
    """The single-mode share of a transceiver line: the fabric's single-mode part when its port
    count matches the line's modules, else a generic module with the default power."""
    fits = part is not None and min(int(part.specs.ports or 1), 2) == min(ports, 2)
    default_kw = item.unit_power_kw if item.part is None else None
    if default_kw is None:
        default_kw = 0.017 if ports >= 2 else single_port_optic_kw(speed)
    return FabricItem(
        f"{item.role} (single-mode)",
        part.name if fits and part is not None else None,
        part.description if fits and part is not None else _generic(item.role, ports, speed),
        quantity,
        part.price_usd if fits and part is not None else None,
        _kw(part if fits else None, default_kw),
        item.category,
    )


def apply_reach(result: FabricResult, tiers: Iterable[TierCabling]) -> None:
    """Split the fabric's transceiver lines into multimode and single-mode by the layout's media
    (``tiers``: the halls' cabling tiers); correct the optics power the fabric adds."""
    counts, fabric = result.counts, result.fabric
    if counts is None or fabric is None:
        return
    ends = single_mode_ends(counts, single_mode_links(tiers))
    if not (ends.switch_ends or ends.node_ends or ends.uplink_ends):
        return
    spec = counts.spec
    speed = spec.port_speed_gbps
    per_cage = max(spec.ports_per_cage, 1)
    switch_part = fabric.singlemode_transceiver
    node_part = fabric.singlemode_node_transceiver
    moves: dict[str, tuple[int, Part | None, int, float | None]] = {
        "switch transceiver": (
            min(counts.switch_modules, math.ceil(ends.switch_ends / per_cage)),
            switch_part,
            per_cage,
            speed,
        ),
        "node transceiver": (
            min(counts.node_twin_modules, math.ceil(ends.node_ends / 2)),
            node_part,
            2,
            speed,
        ),
        "node transceiver (single-port)": (
            min(counts.node_single_modules, ends.node_ends),
            node_part,
            1,
            speed,
        ),
        "uplink transceiver": (
            min(counts.uplink_modules, ends.uplink_ends),
            switch_part,
            1,
            spec.uplink_speed_gbps or speed,
        ),
    }
    items: list[FabricItem] = []
    delta_kw = 0.0
    for item in result.items:
        move = moves.get(item.role)
        if move is None or not move[0]:
            items.append(item)
            continue
        quantity, part, ports, line_speed = move
        moved = _moved(item, quantity, part, ports, line_speed)
        rest = item.quantity - quantity
        if rest > 0:
            items.append(attrs.evolve(item, quantity=rest))
        items.append(moved)
        counted = not item.role.startswith("node") and not (
            result.optics_in_switch_power and item.role == "switch transceiver"
        )
        if counted:
            delta_kw += (moved.power_kw or 0.0) - (item.unit_power_kw or 0.0) * quantity
    result.items = items
    # A single-mode part without a power figure (MMS4X50-NM) is a gap DC-NET-007 reports.
    unpowered = {
        i.part or i.description
        for i in items
        if i.role.endswith("(single-mode)")
        and not i.role.startswith("node")
        and i.unit_power_kw is None
    }
    if unpowered:
        result.missing_power = tuple(sorted(set(result.missing_power) | unpowered))
    result.optics_power_kw += delta_kw
    result.power_kw += delta_kw
    result.node_optics_power_kw = sum(
        i.power_kw or 0.0 for i in items if i.role.startswith("node transceiver")
    )
