"""BOM lines from every part the design uses, counted, never enumerated; one line per
(category, part, unit, price), locations merged.

BOM lines come from every part the design uses, counted, never enumerated:
- rack contents × rack counts (servers, rack PDUs, enclosures, switches placed in racks). A
  server whose GPUs are priced apart (`price_includes_gpus = false`, or a `price_per_gpu_slot`)
  gives two lines: GPUs (gpus × gpu.price) and chassis (GPU slots × price_per_gpu_slot, or
  nodes × price);
- power-chain groups (count × part), cooling units (count × part);
- fabric switches, transceivers and cables as ``results.fabrics`` sized them;
- storage: capacity × price per GB (or count × part);
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dcdsl import units
from dcdsl.analysis.cost.lines import (
    BomLine,
    confidence_of,
    finite_float,
    price_origin_of,
    stated_slot_price,
    where,
)
from dcdsl.analysis.fabric import FabricItem
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Span
from dcdsl.elaborate.schema import COST_CATEGORIES, OPEX_CATEGORIES
from dcdsl.model import Model, Part, PartUse, part_kinds


class Bom:
    def __init__(self) -> None:
        self.lines: dict[tuple[Any, ...], BomLine] = {}
        # Locations per line as an ordered set; the `where` text is made once, in result(),
        # because a flattened design adds one location per device (re-joining each time was
        # quadratic).
        self.spans: dict[tuple[Any, ...], dict[Span, None]] = {}

    @staticmethod
    def key(line: BomLine) -> tuple[Any, ...]:
        """What lines that merge into one share."""
        return (
            line.category,
            line.part,
            line.description,
            line.unit,
            line.unit_price_usd,
            line.recurring,
            line.price_origin,
            line.covered_by,
        )

    def add(self, line: BomLine) -> None:
        key = self.key(line)
        found = self.lines.get(key)
        if found is None:
            self.lines[key] = line
            self.spans[key] = dict.fromkeys(line.spans)
            return
        found.quantity += line.quantity
        self.spans[key].update(dict.fromkeys(line.spans))

    def add_again(self, key: tuple[Any, ...], quantity: float, span: Span) -> None:
        """As `add` of a line with ``key`` (one added before), ``quantity`` and ``span``."""
        self.lines[key].quantity += quantity
        self.spans[key][span] = None

    def result(self) -> list[BomLine]:
        for key, line in self.lines.items():
            spans = tuple(self.spans[key])
            if spans != line.spans:
                line.spans = spans
                line.where = _where_list(spans)
        order = {c: i for i, c in enumerate((*COST_CATEGORIES, *OPEX_CATEGORIES))}
        return sorted(
            self.lines.values(),
            key=lambda line: (line.recurring, order.get(line.category, 99), line.part, line.unit),
        )


def _where_list(spans: Iterable[Span]) -> str:
    seen = sorted({(s.file, s.line) for s in spans})
    text = [f"{file}:{line}" for file, line in seen[:6]]
    if len(seen) > 6:
        text.append(f"… (+{len(seen) - 6})")
    return "; ".join(text)


def _part_line(
    part: Part,
    quantity: float,
    span: Span | None,
    use: PartUse | None = None,
    unit: str = "each",
    description: str | None = None,
) -> BomLine:
    price = use.specs.price if use is not None else part.specs.price
    return BomLine(
        category=part_kinds.category(part.kind),
        part=part.name,
        description=description or part.description,
        quantity=quantity,
        unit=unit,
        unit_price_usd=finite_float(price),
        where=where(span),
        price_origin=price_origin_of(part, use),
        confidence=confidence_of(part),
        spans=(span,) if span is not None else (),
    )


def part_line_for_use(
    part: Part, quantity: float, use: PartUse | None, unit: str = "each"
) -> BomLine:
    """The BOM line of ``quantity`` of a part as a rack holds it (the procurement view splits
    the BOM per hall and row with the same prices)."""
    return _part_line(part, quantity, use.span if use is not None else None, use, unit)


def server_lines(use: PartUse, count: int) -> list[BomLine]:
    """A server's BOM lines: one priced with its GPUs, or chassis + GPUs priced apart."""
    part = use.part
    gpus = int(finite_float(use.specs.gpus) or 0)
    slot_price = finite_float(use.specs.price_per_gpu_slot)
    price = finite_float(use.specs.price)
    includes = use.specs.price_includes_gpus
    if includes is None:
        includes = price is not None and slot_price is None
    span = use.span
    if includes or gpus == 0:
        return [_part_line(part, count, span, use, "node")]
    lines: list[BomLine] = []
    if slot_price is not None:
        chassis = _part_line(
            part,
            count * gpus,
            span,
            use,
            "GPU slot",
            f"{part.description} chassis, priced per GPU slot ({gpus} slots per node)",
        )
        chassis.unit_price_usd = slot_price
        chassis.price_origin = price_origin_of(part, use, stated_slot_price)
        chassis.note = f"{count:,} nodes × {gpus} GPU slots"
        lines.append(chassis)
    else:
        chassis = _part_line(
            part, count, span, use, "node", f"{part.description} chassis (without GPUs)"
        )
        lines.append(chassis)
    gpu = use.specs.gpu
    if isinstance(gpu, Part):
        gpu_line = _part_line(gpu, count * gpus, span, None, "GPU")
        gpu_line.category = "compute"
        gpu_line.note = f"{count:,} nodes × {gpus} GPUs in {part.name}"
        lines.append(gpu_line)
    else:
        lines.append(
            BomLine(
                "compute",
                f"{part.name} GPU",
                f"GPUs of {part.name} (no `gpu` part named)",
                count * gpus,
                "GPU",
                None,
                where(span),
                "",
                spans=(span,) if span is not None else (),
            )
        )
    return lines


# --- the sources of BOM lines -------------------------------------------------------------------


def rack_lines(model: Model, bom: Bom) -> None:
    # A flattened design has thousands of uses of a part with the same specs and count: their
    # lines differ only in where they are written, so they are made once per (part, specs,
    # count, role) and each further use adds its quantity and location to them. Not where the
    # use states a price: the price's origin names the use's line.
    made: dict[tuple[int, int, int, str], list[tuple[tuple[Any, ...], float]]] = {}
    for group in model.rack_groups():
        for use in group.all_contents():
            count = use.count * group.count
            same = None
            if not any(name in _PRICES_AT_USE for name, _ in use.own):
                same = (id(use.part), id(use.specs), count, use.role)
                known = made.get(same)
                if known is not None:
                    span = use.span
                    for key, quantity in known:
                        bom.add_again(key, quantity, span)
                    continue
            if use.part.kind == "server" and use.role == "device":
                lines = server_lines(use, count)
            else:
                lines = [_part_line(use.part, count, use.span, use)]
            if same is not None:
                made[same] = [(bom.key(line), line.quantity) for line in lines]
            for line in lines:
                bom.add(line)
        enclosure = group.enclosure
        if isinstance(enclosure, Part):
            bom.add(_part_line(enclosure, group.count, group.rack_type.span, None, "rack"))


_PRICES_AT_USE = frozenset({"price", "price_per_gpu_slot"})


def power_lines(model: Model, bom: Bom) -> None:
    for node in model.power_nodes():
        if node.part is None:
            continue  # a utility service, or an element given by its rating alone
        line = _part_line(node.part, node.count, node.span)
        line.note = f"{node.path}: {node.count} × {node.part.name} ({node.redundancy})"
        bom.add(line)


def cooling_lines(model: Model, bom: Bom) -> None:
    for loop in model.cooling_loops:
        for use in loop.units:
            bom.add(_part_line(use.part, use.count, use.span or loop.span, use))


def _placed_in_racks(model: Model) -> dict[str, int]:
    """How many of each part the racks hold (switches a fabric also counts)."""
    placed: dict[str, int] = {}
    for group in model.rack_groups():
        for use in group.all_contents():
            placed[use.part.name] = placed.get(use.part.name, 0) + use.count * group.count
    return placed


def fabric_lines(model: Model, results: Results, bom: Bom, covered: dict[str, str]) -> None:
    # A switch the design places in a rack and a fabric also counts is one switch: the fabric's
    # line keeps only what the racks do not already hold.
    placed = _placed_in_racks(model)
    for name, result in sorted(results.fabrics.items()):
        fabric = result.fabric
        span = fabric.span if fabric is not None else None
        items = result.items
        binned = _cable_bins(results, name, items)
        for item in items:
            if binned and item.role.startswith("cable ("):
                continue  # listed by medium and length bin below
            part = model.parts.get(item.part) if item.part else None
            price = finite_float(item.unit_price_usd)
            covering = covered.get(name)
            quantity = float(item.quantity)
            in_racks = placed.get(item.part, 0) if item.part else 0
            taken = min(in_racks, int(quantity))
            if taken and item.part:
                placed[item.part] = in_racks - taken
                quantity -= taken
            line = BomLine(
                category=item.category or "network",
                part=item.part or item.role,
                description=item.description,
                quantity=quantity,
                unit="port" if "ports" in item.role else "each",
                unit_price_usd=None if covering else price,
                where=where(span),
                price_origin=(
                    f"covered by cost line {covering}"
                    if covering
                    else (
                        f'fabric "{name}": ' + (part.price_origin if part else "all-in port price")
                    )
                    if price is not None
                    else ""
                ),
                confidence=confidence_of(part) if part is not None else None,
                spans=(span,) if span is not None else (),
                covered_by=covering,
                note=f'fabric "{name}", {item.role}'
                + (f" ({item.quantity:,} needed, {taken:,} placed in racks)" if taken else ""),
            )
            if quantity:
                bom.add(line)
        for (medium, size), count in binned.items():
            cable = next((i for i in items if i.role == f"cable ({medium})"), None)
            part = model.parts.get(cable.part) if cable is not None and cable.part else None
            price = None if cable is None else finite_float(cable.unit_price_usd)
            # A medium the layout chose by length (single-mode past multimode reach, copper in
            # the rack) is priced by the fabric's part for that medium, never by another's.
            own = fabric.medium_cable(medium) if fabric is not None else None
            if isinstance(own, Part) and covered.get(name) is None:
                cable, part, price = None, own, own.price_usd
                medium_part: str | None = own.name
            else:
                medium_part = cable.part if cable is not None else None
            covering = covered.get(name)
            length = f"{size} m" if size is not None else "over 100 m"
            bom.add(
                BomLine(
                    category="network",
                    part=f"{medium} cable, {length}",
                    description=f'{medium} cable, {length} (fabric "{name}")'
                    + (
                        f"; priced as {medium_part} ({part.description if part else ''})"
                        if medium_part
                        else ""
                    ),
                    quantity=float(count),
                    unit="each",
                    unit_price_usd=None if covering else price,
                    where=where(span),
                    price_origin=(
                        f"covered by cost line {covering}"
                        if covering
                        else (f'fabric "{name}": ' + (part.price_origin if part else "design"))
                        if price is not None
                        else ""
                    ),
                    confidence=confidence_of(part) if part is not None else None,
                    spans=(span,) if span is not None else (),
                    covered_by=covering,
                    note=f'fabric "{name}", cable ({medium}), {length} (length from the layout)',
                )
            )


def _cable_bins(results: Results, name: str, items: list[FabricItem]) -> dict[tuple[str, Any], int]:
    """The fabric's cables by (medium, vendor length) from the layout, when they add up to the
    fabric's own cable count (docs/layout.md); empty otherwise, and the BOM keeps one line."""
    per_hall = (results.layout.cabling.get(name) if results.layout else None) or []
    binned: dict[tuple[str, Any], int] = {}
    for cabling in per_hall:
        for key, count in cabling.by_medium_and_bin().items():
            binned[key] = binned.get(key, 0) + count
    cables = sum(int(i.quantity) for i in items if i.role.startswith("cable ("))
    if not binned or sum(binned.values()) != cables:
        return {}
    return dict(sorted(binned.items(), key=lambda kv: (kv[0][0], kv[0][1] or 10**9)))


def storage_lines(model: Model, bom: Bom) -> None:
    for storage in model.storage:
        part = storage.part
        capacity_tb = finite_float(storage.capacity)
        if isinstance(part, Part):
            count = int(finite_float(storage.count) or 1)
            per_gb = finite_float(part.specs.price_per_capacity)
            if part.price_usd is None and per_gb is not None and capacity_tb is not None:
                line = _part_line(part, capacity_tb * 1000.0, storage.span, None, "GB")
                line.unit_price_usd = per_gb
            else:
                line = _part_line(part, count, storage.span)
            line.category = "storage"
            bom.add(line)
            continue
        if capacity_tb is None:
            continue
        price = finite_float(storage.price)
        bom.add(
            BomLine(
                "storage",
                f'storage "{storage.name}"',
                str(storage.description or f"storage system, {_tb_text(capacity_tb)}"),
                capacity_tb * 1000.0,  # GB: the unit the price is given in
                "GB",
                price,
                where(storage.span),
                "design" if price is not None else "",
                spans=(storage.span,) if storage.span is not None else (),
                note=f"{_tb_text(capacity_tb)} × {price:g} USD/GB" if price is not None else "",
            )
        )


def _tb_text(tb: float) -> str:
    return units.format_quantity(units.Quantity.of(tb, "TB"))
