"""Rack elevations: what each rack type holds, unit by unit.

Elevations: per rack type, devices stack from U1 upward in the order written unless a device
states its `position`; overlapping positions and racks fuller than their height are recorded for
DC-GEO-001/002.
"""

from __future__ import annotations

import math

import attrs

from dcdsl.analysis.layout.geometry import as_float
from dcdsl.analysis.load import device_kw
from dcdsl.diagnostics import Span
from dcdsl.model import Part, PartUse


@attrs.frozen
class Placement:
    """``count`` copies of a device, each ``height_u`` tall, stacked upward from ``start_u``."""

    use: PartUse
    start_u: int
    height_u: int
    count: int
    explicit: bool

    @property
    def top_u(self) -> int:
        """The highest U the placement occupies."""
        return self.start_u + self.height_u * self.count - 1


@attrs.define(eq=False)
class Elevation:
    name: str
    height_u: int
    placements: list[Placement]
    pdus: list[PartUse]
    used_u: int
    power_kw: float
    weight_kg: float
    weight_known: bool
    span: Span | None
    overlaps: list[tuple[Placement, Placement]] = attrs.Factory(list)
    contents_kg: float = 0.0  # what the enclosure carries: devices and rack PDUs
    load_limit_kg: float | None = None  # the rack's `weight_limit`, else the enclosure's rating
    load_limit_source: str = ""

    @property
    def free_u(self) -> int:
        return self.height_u - self.used_u

    @property
    def top_u(self) -> int:
        return max((p.top_u for p in self.placements if p.height_u), default=0)

    @property
    def below_u1(self) -> list[Placement]:
        return [p for p in self.placements if p.height_u and p.start_u < 1]

    @property
    def overfull(self) -> bool:
        return self.used_u > self.height_u or self.top_u > self.height_u


def elevation(
    name: str,
    contents: list[PartUse],
    height_u: float,
    span: Span | None,
    enclosure: object = None,
    basis: str = "max",
    load_factor: float = 1.0,
    weight_limit: float | None = None,
) -> Elevation:
    """Place a rack's devices by U: stated positions first, the rest bottom-up in order."""
    height = int(height_u)
    devices = [u for u in contents if u.role == "device"]
    pdus = [u for u in contents if u.role != "device"]
    # Occupied runs of units as (lowest, highest): a set of every unit would cost memory and time
    # in the rack's height, which a design sets (a fuzz case stacked 10,000 servers: 15 s).
    occupied: list[tuple[int, int]] = []
    placements: list[Placement] = []
    overlaps: list[tuple[Placement, Placement]] = []
    for use in devices:
        position = as_float(use.specs.position)
        size = math.ceil(as_float(use.specs.height, 0.0) or 0.0)
        if position is None:
            continue
        placed = Placement(use, int(position), size, use.count, True)
        for other in placements:
            overlap = placed.start_u <= other.top_u and other.start_u <= placed.top_u
            if size and other.height_u and overlap:
                overlaps.append((other, placed))
        placements.append(placed)
        if placed.top_u >= placed.start_u:
            occupied.append((placed.start_u, placed.top_u))
    cursor = 1
    for use in devices:
        if as_float(use.specs.position) is not None:
            continue
        size = math.ceil(as_float(use.specs.height, 0.0) or 0.0)
        if size == 0:
            placements.append(Placement(use, cursor, 0, use.count, False))
            continue
        # The lowest run of free units that holds all copies: past every run it would overlap
        # (each step clears at least one run; racks hold few device lines).
        top = cursor + size * use.count - 1
        while clashes := [high for low, high in occupied if low <= top and cursor <= high]:
            cursor = max(clashes) + 1
            top = cursor + size * use.count - 1
        placed = Placement(use, cursor, size, use.count, False)
        placements.append(placed)
        occupied.append((placed.start_u, placed.top_u))
        cursor = placed.top_u + 1
    used = sum(p.height_u * p.count for p in placements)
    power = sum(device_kw(u, basis, load_factor) * u.count for u in contents)
    weights = [as_float(u.specs.weight) for u in contents]
    weight = sum((w or 0.0) * u.count for w, u in zip(weights, contents, strict=True))
    known = all(w is not None for w in weights)
    contents_kg = weight
    if isinstance(enclosure, Part):
        enclosure_weight = as_float(enclosure.specs.weight)
        weight += enclosure_weight or 0.0
        known = known and enclosure_weight is not None
    placements.sort(key=lambda p: (p.start_u, p.use.part.name))
    found = Elevation(name, height, placements, pdus, used, power, weight, known, span, overlaps)
    found.contents_kg = contents_kg
    if weight_limit is not None:
        found.load_limit_kg, found.load_limit_source = weight_limit, "the rack's `weight_limit`"
    elif isinstance(enclosure, Part) and as_float(enclosure.specs.load_rating) is not None:
        found.load_limit_kg = as_float(enclosure.specs.load_rating)
        found.load_limit_source = f"the load rating of enclosure `{enclosure.name}`"
    return found
