"""Rack-side inputs of the power chain: each fabric's switch power outside racks, spread over
the racks it serves, and each rack group's rack PDUs against its load, per feed."""

from __future__ import annotations

from collections.abc import Sequence

from dcdsl.analysis import electrical as el
from dcdsl.analysis.fabric import FabricResult
from dcdsl.analysis.load import RackLoad
from dcdsl.analysis.power.elements import as_float
from dcdsl.analysis.power.flow import plural
from dcdsl.analysis.power.results import PowerResult, RackFeed
from dcdsl.analysis.results import Results
from dcdsl.model import Hall, Model, Part, RackGroup, Row, Selector


def _in_scope(group: RackGroup, scope: Hall | Row | None) -> bool:
    if scope is None:
        return True
    return group.hall is scope if isinstance(scope, Hall) else group.row is scope


def _switches_in_racks(racks: Sequence[RackLoad]) -> dict[str, int]:
    """Devices placed in racks, by part name: switches already counted in rack IT load."""
    placed: dict[str, int] = {}
    for rack in racks:
        for use in rack.group.all_contents():
            if use.role == "device":
                placed[use.part.name] = placed.get(use.part.name, 0) + use.count * rack.count
    return placed


def _outside_racks_kw(
    fabric_result: FabricResult, kw: float, placed: dict[str, int]
) -> tuple[float, int]:
    """A fabric's power less its switches that the design already placed in racks."""
    in_racks_kw, in_racks = 0.0, 0
    for item in fabric_result.items:
        role, part, unit_kw, quantity = item.role, item.part, item.unit_power_kw, item.quantity
        if not role.endswith("switch") or not part or not unit_kw or not placed.get(part):
            continue
        taken = min(placed[part], quantity)
        placed[part] -= taken  # a switch in a rack counts for one fabric only
        in_racks += taken
        in_racks_kw += taken * unit_kw
    return max(0.0, kw - in_racks_kw), in_racks


def network_shares(model: Model, results: Results, result: PowerResult) -> dict[int, float]:
    """Fabric power outside racks spread over the rack groups each fabric serves, by IT load.

    Switches the design places in racks (`device qm9700 * 12`) are already in those racks' IT
    load; only the rest (and switch-side optics) is added here, so nothing counts twice.
    """
    shares: dict[int, float] = {}
    racks = results.load.racks if results.load is not None else []
    placed = _switches_in_racks(racks)
    for fabric in model.fabrics:
        fabric_result = results.fabrics.get(fabric.name)
        kw = as_float(fabric_result.power_kw) if fabric_result is not None else None
        if fabric_result is None or not kw:
            continue
        kw, in_racks = _outside_racks_kw(fabric_result, kw, placed)
        if in_racks:
            result.network_in_racks[fabric.name] = in_racks
        if kw <= 0:
            continue
        result.network_kw += kw
        endpoints = fabric.endpoints
        scope = endpoints.scope if isinstance(endpoints, Selector) else None
        served = [r for r in racks if _in_scope(r.group, scope) and r.total_kw > 0]
        total = sum(r.total_kw for r in served)
        if not total:
            result.network_unfed.append((fabric, kw))
            continue
        for r in served:
            shares[id(r.group)] = shares.get(id(r.group), 0.0) + kw * r.total_kw / total
    return shares


def rack_feed(group: RackGroup, rack_kw: float, cords: int, design_pf: float) -> RackFeed:
    """The rack PDUs of a group against its load after the failure their redundancy claims.

    Default (no `pdu_redundancy`): the PDUs are split over the rack's feeds and each feed
    carries the whole rack (A/B: 2N). `pdu_redundancy = N+k`: any k PDUs (or their circuits)
    may fail and the rest carry the rack; `2N` / `2(N+k)`: each half (less k) carries it.
    """
    pdus = [u for u in group.all_contents() if u.role == "rack_pdu"]
    count = sum(u.count for u in pdus)
    cords = max(1, cords)
    redundancy = group.pdu_redundancy
    halves = redundancy.paths if redundancy is not None else cords
    spares = redundancy.spares if redundancy is not None else 0
    shared = redundancy.shared if redundancy is not None else 0
    carrying = max(0, count - shared) // halves - spares
    feed = RackFeed(group, rack_kw, cords, count, carrying, None, None, None, design_pf, None)
    feed.redundancy = redundancy
    if not pdus:
        feed.problem = "no rack PDU"
        return feed
    usable: list[tuple[float, float, float, Part]] = []
    for use in pdus:
        voltage, current = as_float(use.specs.voltage), as_float(use.specs.current)
        feed.voltage_v = feed.voltage_v or voltage
        phases = int(use.specs.phases or 3)
        if voltage and current:
            kva = el.apparent_power_kva(voltage, current, phases)
        elif rating := as_float(use.specs.rating):
            kva = rating
        else:
            feed.problem = f"rack PDU {use.part.name!r} has no voltage and current (or rating)"
            return feed
        pf = as_float(use.specs.power_factor) or design_pf
        listed = bool(use.specs.listed_100)
        usable.append((el.usable_kw(kva, pf, listed), kva, pf, use.part))
    # Several PDU types in one rack: a feed is only as strong as its weakest PDUs.
    kw, kva, pf, part = min(usable, key=lambda item: item[0])
    feed.pdu, feed.pdu_kva, feed.pdu_usable_kw, feed.power_factor = part, kva, kw, pf
    if carrying <= 0:
        feed.problem = (
            f"{plural(count, 'rack PDU')} cannot serve {cords} feeds"
            if redundancy is None
            else f"{plural(count, 'rack PDU')} cannot give {redundancy}"
        )
        feed.feed_capacity_kw = 0.0
        return feed
    feed.feed_capacity_kw = carrying * kw
    if redundancy is not None and halves == 1 and cords > 1:
        # N+k over A/B feeds: the PDUs alternate over the feeds, so losing one feed takes
        # ⌈n / feeds⌉ of them at once, which may be more than the k the redundancy allows.
        lost = -(-count // cords)
        if lost > spares:
            feed.feed_loss_pdus = lost
            feed.feed_loss_kw = (count - lost) * kw
    return feed
