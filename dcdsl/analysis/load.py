"""IT load and counts: what each rack group holds and draws, rolled up per row, hall and design.

Rack power is the sum of its devices' maximum draw (`power_max`), or their typical draw
(`power_typical`) times the design's `load_factor` when `design { power_basis = typical }`.
Everything is per rack × count: 3,000 identical racks cost one multiplication, not 3,000 loops.
"""

from __future__ import annotations

import attrs

from dcdsl.analysis.results import Results
from dcdsl.model import Model, PartUse, RackGroup
from dcdsl.model.attributes import value_or

# Part kinds that count as compute nodes (a GPU server, a CPU server).
NODE_KINDS = frozenset({"server"})


@attrs.frozen
class RackLoad:
    group: RackGroup
    it_kw: float  # per rack
    gpus: int  # per rack
    nodes: int  # per rack (servers)
    height_used_u: float
    liquid_kw: float  # per rack: the share of heat that goes to liquid (heat_to_liquid)

    @property
    def count(self) -> int:
        return self.group.count

    @property
    def total_kw(self) -> float:
        return self.it_kw * self.group.count


@attrs.define
class LoadResult:
    racks: list[RackLoad]
    basis: str  # "max" or "typical"
    load_factor: float
    it_kw: float = 0.0
    gpus: int = 0
    nodes: int = 0
    rack_count: int = 0
    halls: int = 0
    by_hall_kw: dict[str, float] = attrs.Factory(dict)
    by_row_kw: dict[str, float] = attrs.Factory(dict)


def device_kw(use: PartUse, basis: str, load_factor: float) -> float:
    """One device's draw in kW under the design's power basis."""
    if basis == "typical":
        typical = use.specs.power_typical
        if typical is not None:
            return float(typical) * load_factor
    value = use.specs.power_max
    return float(value) if value is not None else 0.0


def rack_load(group: RackGroup, basis: str, load_factor: float) -> RackLoad:
    it_kw = gpus = nodes = 0.0
    height = liquid = 0.0
    for use in group.all_contents():
        kw = device_kw(use, basis, load_factor) * use.count
        it_kw += kw
        liquid += kw * float(use.specs.heat_to_liquid or 0.0)
        gpus += int(use.specs.gpus or 0) * use.count
        if use.part.kind in NODE_KINDS and use.role == "device":
            nodes += int(use.specs.nodes or 1) * use.count  # a GB200 NVL72 is 18 nodes
        if use.role == "device":
            height += float(use.specs.height or 0.0) * use.count
    return RackLoad(group, it_kw, int(gpus), int(nodes), height, liquid)


def analyse(model: Model, results: Results) -> None:
    basis = str(value_or(model.design.power_basis, "max"))
    load_factor = float(value_or(model.design.load_factor, 1.0))
    loads = [rack_load(group, basis, load_factor) for group in model.rack_groups()]
    result = LoadResult(loads, basis, load_factor, halls=len(model.halls))
    for load in loads:
        count = load.group.count
        result.it_kw += load.it_kw * count
        result.gpus += load.gpus * count
        result.nodes += load.nodes * count
        result.rack_count += count
        hall = load.group.hall.name if load.group.hall else ""
        row = load.group.row.name if load.group.row else ""
        result.by_hall_kw[hall] = result.by_hall_kw.get(hall, 0.0) + load.it_kw * count
        key = f"{hall}.{row}" if row else hall
        result.by_row_kw[key] = result.by_row_kw.get(key, 0.0) + load.it_kw * count
    results.load = result
