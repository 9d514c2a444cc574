"""Cooling units and power elements placed in (or outside) each hall by their `placement`."""

from __future__ import annotations

import attrs

from dcdsl.analysis.layout.geometry import (
    DEFAULT_MARGIN_M,
    EquipmentPlace,
    HallLayout,
    RowPlace,
    share_out,
)
from dcdsl.model import CoolingLoop, PowerNode
from dcdsl.model.part_kinds import part_kind

ROW_END_UNIT_M = 0.6  # a rack-sized unit at the row's east end, 0.15 m off the last rack
PERIMETER_UNIT_M = (1.8, 0.8)  # along the north and south walls


def _served(layouts: list[HallLayout]) -> dict[int, tuple[object, dict[int, list[RowPlace]]]]:
    """Per cooling loop and power element (by id): the object and, per hall, the rows it serves."""
    served: dict[int, tuple[object, dict[int, list[RowPlace]]]] = {}
    listed: set[tuple[int, int]] = set()
    for index, layout in enumerate(layouts):
        for row in layout.rows:
            for segment in row.segments:
                power = segment.group.power
                cooling = segment.group.cooling
                for thing in [cooling, *(power if isinstance(power, list) else [power])]:
                    if thing is None or isinstance(thing, str):
                        continue
                    _, rows = served.setdefault(id(thing), (thing, {}))
                    hall_rows = rows.setdefault(index, [])
                    if (id(thing), id(row)) not in listed:  # a set: 10,000 rows a hall
                        listed.add((id(thing), id(row)))
                        hall_rows.append(row)
    return served


def place_equipment(layouts: list[HallLayout]) -> None:
    """Cooling units and power elements by their `placement`: row ends, walls, or outside.

    A unit group serving several halls is shared out by the rows it serves in each (largest
    remainder); at the row ends, each served row gets its share of the units."""
    perimeter: dict[int, list[EquipmentPlace]] = {}
    # Units at one row's end stand side by side (RPP A, then RPP B), never on top of each other.
    row_end_next: dict[int, float] = {}
    for thing, by_hall in _served(layouts).values():
        halls = sorted(by_hall)
        units: list[tuple[str, int, str, str | None]] = []  # kind, count, detail, stated
        stated = thing.placement if isinstance(thing, CoolingLoop | PowerNode) else None
        if isinstance(thing, CoolingLoop):
            for use in thing.units:
                detail = f"cooling {thing.name}: {use.part.name}"
                units.append((use.part.kind, use.count, detail, stated))
        elif isinstance(thing, PowerNode):
            units.append((thing.kind, thing.count, f"power {thing.path}", stated))
        for kind, count, detail, placement in units:
            # unstated: where units of the kind usually stand (dcdsl.model.part_kinds)
            entry = part_kind(kind)
            where = str(placement or (entry.placement if entry else "outside"))
            shares = share_out(count, [float(len(by_hall[h])) for h in halls])
            for hall_index, share in zip(halls, shares, strict=True):
                if share <= 0:
                    continue
                layout = layouts[hall_index]
                if where == "row_end":
                    rows = by_hall[hall_index]
                    per_row = share_out(share, [1.0] * len(rows))
                    for row, n in zip(rows, per_row, strict=True):
                        if n:
                            x = row_end_next.get(id(row), row.end_x + 0.15)
                            row_end_next[id(row)] = x + ROW_END_UNIT_M + 0.1
                            layout.equipment.append(
                                EquipmentPlace(
                                    kind,
                                    n,
                                    detail,
                                    where,
                                    x,
                                    row.y_m,
                                    ROW_END_UNIT_M,
                                    row.depth_m,
                                )
                            )
                            if not layout.width_stated:  # a hall sized from its racks holds them
                                layout.width_m = max(
                                    layout.width_m, x + ROW_END_UNIT_M + DEFAULT_MARGIN_M / 2
                                )
                elif where == "perimeter":
                    perimeter.setdefault(hall_index, []).append(
                        EquipmentPlace(kind, share, detail, where)
                    )
                else:
                    layout.equipment.append(EquipmentPlace(kind, share, detail, "outside"))
    # Along the north wall, then the south wall, one box per unit group (its count in the label).
    width, depth = PERIMETER_UNIT_M
    for hall_index, places in sorted(perimeter.items()):
        layout = layouts[hall_index]
        step = width + 0.6
        per_wall = max(1, int((layout.width_m - DEFAULT_MARGIN_M) // step))
        for index, place in enumerate(places):
            wall, slot = divmod(index, per_wall)
            y = 0.2 if wall % 2 == 0 else layout.length_m - 0.2 - depth
            layout.equipment.append(
                attrs.evolve(
                    place,
                    x_m=DEFAULT_MARGIN_M + slot * step,
                    y_m=y,
                    width_m=width,
                    depth_m=depth,
                )
            )
