"""Cost: the bill of materials, capex by category, opex per year, TCO, and rent-or-buy.

BOM lines come from every part the design uses, counted, never enumerated:
- rack contents × rack counts (servers, rack PDUs, enclosures, switches placed in racks). A
  server whose GPUs are priced apart (`price_includes_gpus = false`, or a `price_per_gpu_slot`)
  gives two lines: GPUs (gpus × gpu.price) and chassis (GPU slots × price_per_gpu_slot, or
  nodes × price);
- power-chain groups (count × part), cooling units (count × part);
- fabric switches, transceivers and cables as ``results.fabrics`` sized them;
- storage: capacity × price per GB (or count × part);
- the design's own `cost` lines: `rate × basis` (12 MUSD/MW × 250 MW), `amount`, or
  `quantity × unit_price`. Lines with an opex category (energy, maintenance, staff), with
  `recurring = true` or with `per_year` are per year and go to opex, not capex.

Opex per year: energy (the design's own energy lines when it has any, else facility energy ×
tariff from ``results.facility``), maintenance (`maintenance_rate` × equipment capex), staff
(`staff_cost` and staff lines), software and other recurring lines. TCO over `years` (5 unless
stated): capex + opex × years, and its present value at `discount_rate`. Rent-or-buy: the
utilisation above which owning a node beats renting it is owned cost / cloud price, per
node-month, against on-demand and reserved prices.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from dcdsl import units
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Span
from dcdsl.elaborate.evaluate import Symbol
from dcdsl.elaborate.schema import COST_CATEGORIES, OPEX_CATEGORIES
from dcdsl.model import CostLine, Model, Part, PartSpecs, PartUse, part_kinds
from dcdsl.model.attributes import value_or

HOURS_PER_YEAR = 8760.0
# A cloud month: pint's (1/12 of a Julian year, 730.5 h), so that a price written per month
# (`price_reserved = 30000 USD/month`) comes back unchanged from its per-hour canonical unit.
HOURS_PER_MONTH = 730.5
DEFAULT_YEARS = 5.0

# Maintenance is a share of what can break: equipment, not buildings or licences.
EQUIPMENT_CATEGORIES = ("compute", "network", "storage", "power", "cooling")


@attrs.define
class BomLine:
    """One BOM line. ``unit_price_usd`` None: no price (the BOM is incomplete there)."""

    category: str
    part: str
    description: str
    quantity: float
    unit: str
    unit_price_usd: float | None
    where: str  # file:line of the design text the line comes from (several: "; ")
    price_origin: str  # catalogue, price book "…" (file:line), design, fabric "…", covered by …
    recurring: bool = False  # True: USD per year (opex), not capex
    confidence: str | None = None  # estimate, secondary, … (the part's price_confidence)
    spans: tuple[Span, ...] = attrs.field(default=(), repr=False, eq=False)
    covered_by: str | None = None  # a cost line that budgets this line (fabric = …)
    note: str = ""

    @property
    def extended_usd(self) -> float | None:
        if self.unit_price_usd is None:
            return None
        return self.unit_price_usd * self.quantity

    @property
    def priced(self) -> bool:
        return self.unit_price_usd is not None or self.covered_by is not None


@attrs.frozen
class LineProblem:
    """A design cost line that cannot be computed (DC-COST-003 reports it)."""

    line: CostLine
    message: str
    help: str


@attrs.frozen
class PerPowerBasis:
    """A cost line priced per unit of power (USD/MW × MW): its basis, for DC-COST-004."""

    line: CostLine
    basis_kw: float
    extended_usd: float


@attrs.frozen
class EnergyLine:
    """A design energy line whose basis is energy or power, for DC-COST-005."""

    line: CostLine
    kwh_per_year: float
    usd_per_year: float
    tariff_usd_per_kwh: float | None  # when the rate is money per energy


@attrs.frozen
class FabricBudget:
    """A cost line that budgets a fabric by port count (`fabric = compute`), for DC-COST-006."""

    line: CostLine
    fabric: str
    quantity: float
    unit: str
    extended_usd: float


@attrs.define
class RentOrBuy:
    """Break-even utilisation u* = owned / cloud: renting costs u × cloud, owning costs owned."""

    owned_usd_per_node_month: float
    owned_source: str  # "design" (stated) or "computed"
    on_demand_usd_per_node_month: float | None
    reserved_usd_per_node_month: float | None
    cloud_source: str
    breakeven_on_demand: float | None
    breakeven_reserved: float | None


@attrs.define
class Tco:
    years: float
    discount_rate: float
    capex_usd: float
    opex_usd_per_year: float
    total_usd: float  # capex + opex × years
    present_value_usd: float  # capex + Σ opex / (1 + r)^t, t = 1 … years
    annualised_usd_per_year: float  # capex / years + opex (straight-line amortisation)
    usd_per_gpu_hour: float | None
    usd_per_node_month: float | None


@attrs.define
class CostResult:
    bom: list[BomLine]
    capex_usd: dict[str, float]
    opex_usd_per_year: dict[str, float]
    energy_source: str  # "cost lines" or "facility energy × tariff" or ""
    energy_computed_usd_per_year: float | None  # facility energy × tariff, for comparison
    tco: Tco
    rent_or_buy: RentOrBuy | None
    problems: list[LineProblem] = attrs.Factory(list)
    per_power: list[PerPowerBasis] = attrs.Factory(list)
    energy_lines: list[EnergyLine] = attrs.Factory(list)
    fabric_budgets: list[FabricBudget] = attrs.Factory(list)
    maintenance_rate: float | None = None

    @property
    def unpriced(self) -> list[BomLine]:
        return [line for line in self.bom if not line.priced]

    @property
    def capex_lines(self) -> list[BomLine]:
        return [line for line in self.bom if not line.recurring]

    @property
    def opex_lines(self) -> list[BomLine]:
        return [line for line in self.bom if line.recurring]


def where(span: Span | None) -> str:
    return f"{span.file}:{span.line}" if span is not None else ""


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _price(specs: PartSpecs) -> float | None:
    return specs.price


def _slot_price(specs: PartSpecs) -> float | None:
    return specs.price_per_gpu_slot


def _origin(
    part: Part, use: PartUse | None = None, stated: Callable[[PartSpecs], object] = _price
) -> str:
    """Where a part's price (or the spec ``stated`` reads) comes from: a price book, the
    catalogue, or the design's own part."""
    if use is not None and stated(use.overrides) is not None:
        return f"design ({where(use.span)}, set where the part is placed)"
    if stated is _price and part.price_origin != "catalogue":
        return part.price_origin  # a price book, with its file:line
    owner = part.stated_by(stated)
    if owner is None:
        return ""
    file = owner.span.file if owner.span is not None else ""
    source = "catalogue" if file.startswith(("std/", "<std/")) or "/catalog/" in file else "design"
    return f"{source} (part `{owner.name}`, {where(owner.span)})"


def _confidence(part: Part) -> str | None:
    value = part.specs.price_confidence or part.specs.confidence
    return str(value) if value is not None else None


# --- aggregation: one line per (category, part, unit, price), locations merged -----------------


class _Bom:
    def __init__(self) -> None:
        self.lines: dict[tuple[Any, ...], BomLine] = {}
        # Locations per line as an ordered set; the `where` text is made once, in result(),
        # because a flattened design adds one location per device (re-joining each time was
        # quadratic).
        self.spans: dict[tuple[Any, ...], dict[Span, None]] = {}

    def add(self, line: BomLine) -> None:
        key = (
            line.category,
            line.part,
            line.description,
            line.unit,
            line.unit_price_usd,
            line.recurring,
            line.price_origin,
            line.covered_by,
        )
        found = self.lines.get(key)
        if found is None:
            self.lines[key] = line
            self.spans[key] = dict.fromkeys(line.spans)
            return
        found.quantity += line.quantity
        self.spans[key].update(dict.fromkeys(line.spans))

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
        unit_price_usd=_float(price),
        where=where(span),
        price_origin=_origin(part, use),
        confidence=_confidence(part),
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
    gpus = int(_float(use.specs.gpus) or 0)
    slot_price = _float(use.specs.price_per_gpu_slot)
    price = _float(use.specs.price)
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
        chassis.price_origin = _origin(part, use, _slot_price)
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


def _rack_lines(model: Model, bom: _Bom) -> None:
    for group in model.rack_groups():
        for use in group.all_contents():
            count = use.count * group.count
            if use.part.kind == "server" and use.role == "device":
                for line in server_lines(use, count):
                    bom.add(line)
            else:
                bom.add(_part_line(use.part, count, use.span, use))
        enclosure = group.enclosure
        if isinstance(enclosure, Part):
            bom.add(_part_line(enclosure, group.count, group.rack_type.span, None, "rack"))


def _power_lines(model: Model, bom: _Bom) -> None:
    for node in model.power_nodes():
        if node.part is None:
            continue  # a utility service, or an element given by its rating alone
        line = _part_line(node.part, node.count, node.span)
        line.note = f"{node.path}: {node.count} × {node.part.name} ({node.redundancy})"
        bom.add(line)


def _cooling_lines(model: Model, bom: _Bom) -> None:
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


def _fabric_lines(model: Model, results: Results, bom: _Bom, covered: dict[str, str]) -> None:
    # A switch the design places in a rack and a fabric also counts is one switch: the fabric's
    # line keeps only what the racks do not already hold.
    placed = _placed_in_racks(model)
    for name, result in sorted(results.fabrics.items()):
        fabric = getattr(result, "fabric", None)
        span = getattr(fabric, "span", None)
        items = getattr(result, "items", None) or []
        binned = _cable_bins(results, name, items)
        for item in items:
            if binned and item.role.startswith("cable ("):
                continue  # listed by medium and length bin below
            part = model.parts.get(item.part) if item.part else None
            price = _float(item.unit_price_usd)
            covering = covered.get(name)
            quantity = float(item.quantity)
            in_racks = placed.get(item.part, 0) if item.part else 0
            taken = min(in_racks, int(quantity))
            if taken:
                placed[item.part] = in_racks - taken
                quantity -= taken
            line = BomLine(
                category=str(getattr(item, "category", "network") or "network"),
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
                confidence=_confidence(part) if part is not None else None,
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
            price = None if cable is None else _float(cable.unit_price_usd)
            # A medium the layout chose by length (single-mode past multimode reach, copper in
            # the rack) is priced by the fabric's part for that medium, never by another's.
            own = getattr(fabric, f"{medium}_cable", None) if fabric is not None else None
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
                    confidence=_confidence(part) if part is not None else None,
                    spans=(span,) if span is not None else (),
                    covered_by=covering,
                    note=f'fabric "{name}", cable ({medium}), {length} (length from the layout)',
                )
            )


def _cable_bins(results: Results, name: str, items: list[Any]) -> dict[tuple[str, Any], int]:
    """The fabric's cables by (medium, vendor length) from the layout, when they add up to the
    fabric's own cable count (docs/layout.md); empty otherwise, and the BOM keeps one line."""
    per_hall = getattr(results.layout, "cabling", {}).get(name) or []
    binned: dict[tuple[str, Any], int] = {}
    for cabling in per_hall:
        for key, count in cabling.by_medium_and_bin().items():
            binned[key] = binned.get(key, 0) + count
    cables = sum(int(i.quantity) for i in items if i.role.startswith("cable ("))
    if not binned or sum(binned.values()) != cables:
        return {}
    return dict(sorted(binned.items(), key=lambda kv: (kv[0][0], kv[0][1] or 10**9)))


def _storage_lines(model: Model, bom: _Bom) -> None:
    for storage in model.storage:
        part = storage.part
        capacity_tb = _float(storage.capacity)
        if isinstance(part, Part):
            count = int(_float(storage.count) or 1)
            per_gb = _float(part.specs.price_per_capacity)
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
        price = _float(storage.price)
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


# --- the design's own cost lines ----------------------------------------------------------------

_DISPLAY_UNITS: dict[str, str] = {"energy": "kWh", "power": "MW", "data": "GB", "time": "hour"}


def _basis_display(basis: units.Quantity) -> tuple[float, str]:
    """The basis as a number and a unit to print in the BOM (250 MW; 2,190,000,000 kWh)."""
    if not basis.dims:
        return basis.magnitude, ""
    if basis.unit and units.unit_info(basis.unit).dims == basis.dims:
        return basis.to(basis.unit), basis.unit
    name = units.dimension_name(basis.dims)
    unit = _DISPLAY_UNITS.get(name)
    if unit is not None:
        return basis.to(unit), unit
    return basis.magnitude, f"SI units of {name}"


def _is_money(q: units.Quantity, per: str = "USD") -> bool:
    return q.dims == units.dims_of_unit(per)


class _LineBuilder:
    """Turns one `cost` block into a BOM line, or a LineProblem."""

    def __init__(self, result_problems: list[LineProblem]):
        self.problems = result_problems

    def problem(self, line: CostLine, message: str, help: str) -> None:
        self.problems.append(LineProblem(line, message, help))

    def build(self, line: CostLine) -> tuple[BomLine, units.Quantity | None] | None:
        category = str(value_or(line.category, "other"))
        recurring = bool(value_or(line.recurring, False)) or category in OPEX_CATEGORIES
        figures = {
            "amount": line.amount,
            "rate": line.rate,
            "quantity": line.quantity,
            "per_year": line.per_year,
        }
        ways = [k for k, v in figures.items() if v is not None]
        label = f'cost "{line.name}"'
        if not ways:
            self.problem(
                line,
                f"{label} has no figure",
                "give `amount = 200 MUSD`, `rate = 12 MUSD/MW  basis = 250 MW`, "
                "`quantity = 10  unit_price = 5000 USD`, or `per_year = 1 MUSD/year`",
            )
            return None
        if len(ways) > 1:
            self.problem(
                line,
                f"{label} sets {' and '.join(f'`{w}`' for w in ways)}: one figure per line",
                "split it into two cost lines",
            )
            return None
        way = ways[0]
        description = str(line.description or line.name)
        origin = "design" + (f" ({line.source})" if line.source else "")
        common: dict[str, Any] = {
            "category": category,
            "part": line.name,
            "description": description,
            "where": where(line.span),
            "price_origin": origin,
            "confidence": str(line.confidence) if line.confidence else None,
            "spans": (line.span,) if line.span is not None else (),
        }
        basis: units.Quantity | None = None
        if way == "amount":
            bom = BomLine(
                quantity=1.0, unit="lot", unit_price_usd=float(line.amount or 0.0),
                recurring=recurring, **common,
            )  # fmt: skip
        elif way == "per_year":
            bom = BomLine(
                quantity=1.0, unit="year", unit_price_usd=float(line.per_year or 0.0),
                recurring=True, **common,
            )  # fmt: skip
        elif way == "quantity":
            unit_price = _float(line.unit_price)
            if unit_price is None:
                self.problem(
                    line,
                    f"{label} has `quantity` but no `unit_price`",
                    "add `unit_price = 8000 USD` (the price of one)",
                )
                return None
            bom = BomLine(
                quantity=float(line.quantity or 0.0),
                unit=str(line.unit or "each"),
                unit_price_usd=unit_price,
                recurring=recurring,
                **common,
            )
        else:
            rate, basis = line.rate, line.basis
            if not isinstance(basis, units.Quantity) or not isinstance(rate, units.Quantity):
                self.problem(
                    line,
                    f"{label} has `rate` but no `basis`",
                    "add what the rate applies to: `basis = 250 MW`",
                )
                return None
            total = rate * basis
            amount, shown_unit = _basis_display(basis)
            # The price of one unit of the basis as shown (12 MUSD per MW; 0.05 USD per kWh).
            one = units.number(1.0)
            if basis.dims and units.is_unit(shown_unit):
                one = units.Quantity.of(1.0, shown_unit)
            elif basis.dims:
                one = units.Quantity(1.0, basis.dims)
            per_unit = rate * one
            if _is_money(total):
                unit_price = per_unit.to("USD")
            elif _is_money(total, "USD/year"):
                # A year of 8,760 h (pint's year is the Julian 8,766 h).
                unit_price = per_unit.to("USD/hour") * HOURS_PER_YEAR
                recurring = True
            else:
                self.problem(
                    line,
                    f"{label}: rate × basis is {units.dimension_name(total.dims)}, not money "
                    f"({units.format_quantity(rate)} × {units.format_quantity(basis)})",
                    "the rate's unit must cancel the basis's: `rate = 12 MUSD/MW  basis = 250 MW`",
                )
                return None
            bom = BomLine(
                quantity=amount,
                unit=shown_unit or str(line.unit or "each"),
                unit_price_usd=unit_price,
                recurring=recurring,
                **common,
            )
            bom.note = f"{units.format_quantity(rate)} × {units.format_quantity(basis)}"
        if category not in (*COST_CATEGORIES, *OPEX_CATEGORIES):
            bom.category = "other"
        return bom, basis


def _design_lines(
    model: Model, results: Results, bom: _Bom, result: CostResult, covered: dict[str, str]
) -> None:
    builder = _LineBuilder(result.problems)
    for line in model.costs:
        built = builder.build(line)
        if built is None:
            continue
        bom_line, basis = built
        bom.add(bom_line)
        extended = bom_line.extended_usd or 0.0
        if basis is not None and basis.dims == units.dims_of_unit("kW"):
            result.per_power.append(PerPowerBasis(line, basis.to("kW"), extended))
        if bom_line.category == "energy":
            rate = line.rate
            kwh: float | None = None
            tariff = None
            if basis is not None and basis.dims == units.dims_of_unit("kWh"):
                kwh = basis.to("kWh")
            elif basis is not None and basis.dims == units.dims_of_unit("kW"):
                kwh = basis.to("kW") * HOURS_PER_YEAR
            if isinstance(rate, units.Quantity) and rate.dims == units.dims_of_unit("USD/kWh"):
                tariff = rate.to("USD/kWh")
            if kwh is not None:
                result.energy_lines.append(EnergyLine(line, kwh, extended, tariff))
        fabric_name = _fabric_name(line)
        if fabric_name is not None:
            if fabric_name not in results.fabrics:
                close = sorted(results.fabrics)
                result.problems.append(
                    LineProblem(
                        line,
                        f'cost "{line.name}": `fabric = {fabric_name}` names no fabric',
                        "fabrics in this design: " + (", ".join(close) or "(none)"),
                    )
                )
                continue
            covered[fabric_name] = f'"{line.name}" ({where(line.span)})'
            if "port" in bom_line.unit:  # a lump sum budgets money, not a port count
                result.fabric_budgets.append(
                    FabricBudget(line, fabric_name, bom_line.quantity, bom_line.unit, extended)
                )


def _fabric_name(line: CostLine) -> str | None:
    value = line.fabric
    if isinstance(value, Symbol):
        return value.dotted
    if isinstance(value, str):
        return value
    name = getattr(value, "name", None)
    return str(name) if name is not None else None


# --- totals ----------------------------------------------------------------------------------------


def _capex(lines: Iterable[BomLine]) -> dict[str, float]:
    capex = dict.fromkeys(COST_CATEGORIES, 0.0)
    for line in lines:
        if line.recurring:
            continue
        capex[line.category if line.category in capex else "other"] += line.extended_usd or 0.0
    capex["total"] = sum(capex[c] for c in COST_CATEGORIES)
    return capex


def _opex(
    model: Model,
    results: Results,
    lines: list[BomLine],
    capex: dict[str, float],
    result: CostResult,
) -> dict[str, float]:
    design = model.design
    opex: dict[str, float] = {"energy": 0.0, "maintenance": 0.0, "staff": 0.0, "software": 0.0}
    for line in lines:
        if line.recurring:
            opex[line.category] = opex.get(line.category, 0.0) + (line.extended_usd or 0.0)
    facility = results.facility
    computed = _float(getattr(facility, "energy_cost_usd_per_year", None))
    if computed is None and facility is None and results.load is not None:
        tariff = _float(design.electricity)
        if tariff is not None:  # no facility analysis: IT load × stated PUE (1.0 if none)
            pue = _float(design.pue) or _float(design.pue_target) or 1.0
            load_factor = _float(design.load_factor) or 1.0
            computed = results.load.it_kw * pue * load_factor * HOURS_PER_YEAR * tariff
    result.energy_computed_usd_per_year = computed
    if any(line.recurring and line.category == "energy" for line in lines):
        result.energy_source = "the design's energy cost lines"
    elif computed is not None:
        opex["energy"] = computed
        result.energy_source = "facility energy × tariff"
    rate = _float(design.maintenance_rate)
    result.maintenance_rate = rate
    if rate is not None:
        opex["maintenance"] += rate * sum(capex[c] for c in EQUIPMENT_CATEGORIES)
    opex["staff"] += _float(design.staff_cost) or 0.0
    opex["total"] = sum(v for k, v in opex.items() if k != "total")
    return opex


def _tco(model: Model, results: Results, capex: float, opex: float) -> Tco:
    years = _float(model.design.years) or DEFAULT_YEARS
    rate = _float(model.design.discount_rate) or 0.0
    whole = int(years)
    present = capex + sum(opex / (1.0 + rate) ** t for t in range(1, whole + 1))
    if years > whole:  # a part year, discounted at its end
        present += opex * (years - whole) / (1.0 + rate) ** years
    annual = capex / years + opex
    gpus = results.load.gpus if results.load is not None else 0
    nodes = results.load.nodes if results.load is not None else 0
    return Tco(
        years=years,
        discount_rate=rate,
        capex_usd=capex,
        opex_usd_per_year=opex,
        total_usd=capex + opex * years,
        present_value_usd=present,
        annualised_usd_per_year=annual,
        usd_per_gpu_hour=annual / (gpus * HOURS_PER_YEAR) if gpus else None,
        usd_per_node_month=annual / (nodes * 12.0) if nodes else None,
    )


def rent_or_buy(
    owned: float, on_demand: float | None, reserved: float | None
) -> tuple[float | None, float | None]:
    """Break-even utilisations owned/on_demand and owned/reserved (owning wins above them)."""

    def ratio(cloud: float | None) -> float | None:
        return owned / cloud if cloud else None

    return ratio(on_demand), ratio(reserved)


def _rent_or_buy(model: Model, tco: Tco) -> RentOrBuy | None:
    design = model.design
    on_demand = _float(design.cloud_price_on_demand)
    reserved = _float(design.cloud_price_reserved)
    source = "design (USD per node-month)"
    cloud = design.cloud
    if isinstance(cloud, Part):
        hourly_on_demand = _float(cloud.specs.price_on_demand)
        hourly_reserved = _float(cloud.specs.price_reserved)
        if on_demand is None and hourly_on_demand is not None:
            on_demand = hourly_on_demand * HOURS_PER_MONTH
        if reserved is None and hourly_reserved is not None:
            reserved = hourly_reserved * HOURS_PER_MONTH
        source = f"cloud instance `{cloud.name}` (USD/hour × 730.5 h), {cloud.price_origin}"
    if on_demand is None and reserved is None:
        return None
    owned = _float(design.owned_cost_per_node_month)
    owned_source = "design"
    if owned is None:
        if tco.usd_per_node_month is None:
            return None
        owned, owned_source = tco.usd_per_node_month, "computed"
    on, res = rent_or_buy(owned, on_demand, reserved)
    return RentOrBuy(owned, owned_source, on_demand, reserved, source, on, res)


def analyse(model: Model, results: Results) -> None:
    bom = _Bom()
    placeholder = Tco(0, 0, 0, 0, 0, 0, 0, None, None)
    result = CostResult([], {}, {}, "", None, placeholder, None)
    covered: dict[str, str] = {}
    # Design lines first: a line with `fabric = …` marks that fabric's parts as budgeted.
    design_bom = _Bom()
    _design_lines(model, results, design_bom, result, covered)
    _rack_lines(model, bom)
    _power_lines(model, bom)
    _cooling_lines(model, bom)
    _fabric_lines(model, results, bom, covered)
    _storage_lines(model, bom)
    for line in design_bom.lines.values():
        bom.add(line)
    result.bom = bom.result()
    result.capex_usd = _capex(result.bom)
    result.opex_usd_per_year = _opex(model, results, result.bom, result.capex_usd, result)
    result.tco = _tco(model, results, result.capex_usd["total"], result.opex_usd_per_year["total"])
    result.rent_or_buy = _rent_or_buy(model, result.tco)
    results.cost = result
