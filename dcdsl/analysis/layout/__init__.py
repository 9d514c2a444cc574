"""Layout: where the racks stand in each hall, what each rack type holds by U, and cable lengths.

Modules of this package, in the order the analysis runs them: ``geometry`` (rows, racks
and aisles of each hall; docs/layout.md works a small hall by hand), ``equipment`` (cooling
units and power elements by their `placement`), ``elevation`` (each rack type by U) and
``cabling`` (link lengths and media, after the fabric stage has counted the links).
"""

from __future__ import annotations

import attrs

from dcdsl.analysis.fabric import FabricResult
from dcdsl.analysis.layout.cabling import (
    FabricCabling,
    TierCabling,
    fabric_cabling,
    fabric_halls,
    length_bin,
)
from dcdsl.analysis.layout.elevation import Elevation, Placement, elevation
from dcdsl.analysis.layout.equipment import place_equipment
from dcdsl.analysis.layout.geometry import (
    Aisle,
    EquipmentPlace,
    HallLayout,
    RowPlace,
    Segment,
    as_float,
    hall_layout,
    rack_height_u,
    rack_size,
    share_out,
)
from dcdsl.analysis.optics import apply_reach
from dcdsl.analysis.results import Results
from dcdsl.model import Model, RackGroup
from dcdsl.model.attributes import value_or

__all__ = [
    "Aisle",
    "Elevation",
    "EquipmentPlace",
    "FabricCabling",
    "HallLayout",
    "LayoutResult",
    "Placement",
    "RowPlace",
    "Segment",
    "TierCabling",
    "analyse",
    "elevation",
    "fabric_cabling",
    "hall_layout",
    "length_bin",
    "place_equipment",
    "rack_height_u",
    "rack_size",
]


@attrs.define
class LayoutResult:
    halls: list[HallLayout]
    elevations: dict[str, Elevation]  # by rack type name
    group_elevations: list[tuple[RackGroup, Elevation]]  # racks with devices added at the instance
    cabling: dict[str, list[FabricCabling]]  # fabric name -> per hall

    def drawn(self) -> dict[str, Elevation]:
        """The elevations to draw: each named rack type, and each rack written with its own
        contents (`rack "r01" { device … }`) under its rack names."""
        shown = dict(self.elevations)
        # Racks alike (same contents in the same places) are drawn once, under the first's name:
        # a flattened design of 3,125 written-out racks is still a handful of drawings.
        seen: set[tuple[object, ...]] = set()
        for group, found in self.group_elevations:
            key = _signature(found)
            if group.rack_type.inline and found.name not in shown and key not in seen:
                seen.add(key)
                shown[found.name] = found
        return dict(sorted(shown.items()))

    def hall(self, name: str) -> HallLayout | None:
        return next((h for h in self.halls if h.name == name), None)


def _signature(found: Elevation) -> tuple[object, ...]:
    return (
        found.height_u,
        tuple((p.use.part.name, p.start_u, p.height_u, p.count) for p in found.placements),
        tuple((u.part.name, u.count) for u in found.pdus),
    )


def analyse(model: Model, results: Results) -> None:
    basis = str(value_or(model.design.power_basis, "max"))
    load_factor = as_float(model.design.load_factor, 1.0) or 1.0
    layouts = [hall_layout(hall) for hall in model.halls]
    place_equipment(layouts)
    elevations: dict[str, Elevation] = {}
    group_elevations: list[tuple[RackGroup, Elevation]] = []
    for group in model.rack_groups():
        rack_type = group.rack_type
        if rack_type.name not in elevations and not rack_type.inline:
            elevations[rack_type.name] = elevation(
                rack_type.name,
                list(rack_type.contents),
                rack_height_u(rack_type),
                rack_type.span,
                rack_type.enclosure,
                basis,
                load_factor,
                as_float(rack_type.weight_limit),
            )
        overrides = "weight_limit" in group.overrides or "enclosure" in group.overrides
        if group.contents or rack_type.inline or overrides:
            group_elevations.append(
                (
                    group,
                    elevation(
                        rack_type.name if not rack_type.inline else group.names_summary,
                        group.all_contents(),
                        rack_height_u(group),
                        group.span,
                        group.enclosure,
                        basis,
                        load_factor,
                        as_float(group.weight_limit),
                    ),
                )
            )
    nodes_per_rack: dict[int, int] = {}
    for rack in results.load.racks if results.load is not None else []:
        nodes_per_rack[id(rack.group)] = rack.nodes
    cabling: dict[str, list[FabricCabling]] = {}
    for name, result in sorted(results.fabrics.items()):
        if not isinstance(result, FabricResult) or result.counts is None:
            continue
        halls = fabric_halls(result, layouts)
        if not halls:
            continue
        # One hall carries the fabric's links when its endpoints are in one hall; several halls
        # split them by node racks (halls are not placed relative to one another).
        found = _split_over_halls(result, halls, nodes_per_rack) if len(halls) > 1 else []
        if len(found) <= 1:  # one hall, or one that can be cabled: it carries all the links
            found = [
                c for h in halls if (c := fabric_cabling(result, h, nodes_per_rack)) is not None
            ]
        cabling[name] = found
        # The links the layout made single-mode take single-mode modules at both ends.
        apply_reach(result, [tier for c in found for tier in c.tiers])
    results.layout = LayoutResult(layouts, elevations, group_elevations, cabling)


def _split_over_halls(
    result: FabricResult, halls: list[HallLayout], nodes_per_rack: dict[int, int]
) -> list[FabricCabling]:
    """Each hall takes its share of every tier's links, by the nodes it holds."""
    assert result.counts is not None
    weights = [
        float(sum(nodes_per_rack.get(id(s.group), 0) * s.count for s in h.segments()))
        for h in halls
    ]
    if not any(weights):
        weights = [1.0] * len(halls)
    out: list[FabricCabling] = []
    per_tier = [share_out(t.links, weights) for t in result.counts.link_tiers]
    for index, hall in enumerate(halls):
        tiers = tuple(
            attrs.evolve(t, links=per_tier[k][index])
            for k, t in enumerate(result.counts.link_tiers)
        )
        counts = attrs.evolve(result.counts, link_tiers=tiers)
        share = attrs.evolve(result, counts=counts)
        cabling = fabric_cabling(share, hall, nodes_per_rack)
        if cabling is not None:
            out.append(cabling)
    return out
