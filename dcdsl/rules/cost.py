"""Cost rules (DC-COST-…): an incomplete BOM, estimated prices, cost lines that cannot be
computed, and budgets whose basis disagrees with the design as the compiler models it.

Each rule reads ``results.cost`` (``dcdsl.analysis.cost``) and the other disciplines' results
(load, facility, fabrics) for the comparison. docs/checks.md documents every id.
"""

from __future__ import annotations

from collections.abc import Iterator

from dcdsl import number_format, units
from dcdsl.analysis.cost import HOURS_PER_YEAR, CostResult
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, error, note, warning
from dcdsl.model import Model
from dcdsl.rules.registry import rule

# A per-MW budget may cover the facility (IT × PUE) and some headroom, not more.
POWER_BASIS_HEADROOM = 1.2
# An energy line within 5 % of the modelled facility energy agrees with it.
ENERGY_TOLERANCE = 0.05
# A port budget within 5 % of the ports the fabric needs agrees with it.
PORT_TOLERANCE = 0.05


def _cost(results: Results) -> CostResult | None:
    cost = results.cost
    return cost if isinstance(cost, CostResult) else None


def _kw(kw: float) -> str:
    return units.format_quantity(units.Quantity.of(kw, "kW"), 1)


def _plural(unit: str, quantity: float) -> str:
    return unit if quantity == 1 or unit.endswith("s") else unit + "s"


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def _it_kw(results: Results) -> float:
    load = results.load
    return float(load.it_kw) if load is not None else 0.0


@rule("DC-COST-001")
def unpriced(model: Model, results: Results) -> Iterator[Diagnostic]:
    cost = _cost(results)
    if cost is None:
        return
    for line in cost.unpriced:
        is_part = line.part in model.parts
        what = f"`{line.part}`" if is_part else line.part
        yield warning(
            "DC-COST-001",
            f"{what} has no price: {number_format.number(line.quantity)} "
            f"{_plural(line.unit, line.quantity)} "
            f"({line.description}) are left out of capex",
            line.spans[0] if line.spans else None,
            notes=[f"capex by category counts only priced lines; {line.note}".rstrip("; ")],
            help=(
                f"give `{line.part}` a `price`, or set it in a price book: "
                f'`prices "quotes" {{ {line.part} = … USD }}`'
                if is_part
                else "name a part with a price, or budget it with a `cost` line"
                + (" (`fabric = …`)" if line.note.startswith("fabric") else "")
            ),
        )


@rule("DC-COST-002")
def estimates(model: Model, results: Results) -> Iterator[Diagnostic]:
    cost = _cost(results)
    if cost is None:
        return
    lines = [
        line
        for line in cost.capex_lines
        if line.confidence == "estimate" and line.extended_usd is not None
    ]
    if not lines:
        return
    total = sum(line.extended_usd or 0.0 for line in lines)
    capex = cost.capex_usd.get("total") or 0.0
    share = f" ({_pct(total / capex)} of capex)" if capex else ""
    named = ", ".join(
        f"`{line.part}` ({number_format.usd(line.extended_usd or 0.0)})" for line in lines
    )
    yield note(
        "DC-COST-002",
        f"{len(lines)} BOM line{'s' if len(lines) != 1 else ''} priced from estimates: "
        f"{number_format.usd(total)}{share}",
        lines[0].spans[0] if lines[0].spans else None,
        notes=[named],
        help='replace estimates with quotes in a price book: `prices "quotes" { part = … USD }`',
    )


@rule("DC-COST-003")
def bad_lines(model: Model, results: Results) -> Iterator[Diagnostic]:
    cost = _cost(results)
    if cost is None:
        return
    for problem in cost.problems:
        yield error("DC-COST-003", problem.message, problem.line.span, help=problem.help)


@rule("DC-COST-004")
def power_basis(model: Model, results: Results) -> Iterator[Diagnostic]:
    cost = _cost(results)
    it_kw = _it_kw(results)
    if cost is None or it_kw <= 0:
        return
    facility_kw = (results.facility.facility_kw if results.facility else None) or it_kw
    high = max(it_kw, facility_kw) * POWER_BASIS_HEADROOM
    load = results.load
    gpus = load.gpus if load is not None else 0
    for basis in cost.per_power:
        if it_kw * (1 - 1e-9) <= basis.basis_kw <= high:
            continue
        ratio = basis.basis_kw / it_kw
        notes = [
            f"IT load as modelled: {_kw(it_kw)} from {load.rack_count:,} racks "
            f"({load.nodes:,} nodes, {gpus:,} GPUs)"
            if load is not None
            else f"IT load as modelled: {_kw(it_kw)}",
            f"accepted range: the IT load to {POWER_BASIS_HEADROOM:g} × the facility power "
            f"({_kw(it_kw)} to {_kw(high)})",
        ]
        if gpus:
            notes.append(
                f"per GPU: the basis is {basis.basis_kw / gpus:.3g} kW, "
                f"the modelled load {it_kw / gpus:.3g} kW"
            )
        if basis.basis_kw < it_kw:
            message = (
                f'cost "{basis.line.name}" is priced for {_kw(basis.basis_kw)}, less than the '
                f"{_kw(it_kw)} of IT load the design carries"
            )
        else:
            message = (
                f'cost "{basis.line.name}" is priced for {_kw(basis.basis_kw)} '
                f"({number_format.usd(basis.extended_usd)}), {ratio:.2f} × the {_kw(it_kw)} "
                "of IT load the design models"
            )
        yield warning(
            "DC-COST-004",
            message,
            basis.line.span,
            notes=notes,
            help=f"size the basis from the computed load ({_kw(it_kw)} IT, {_kw(facility_kw)} "
            "facility), or add the racks that use the rest",
        )


@rule("DC-COST-005")
def energy_basis(model: Model, results: Results) -> Iterator[Diagnostic]:
    cost = _cost(results)
    facility = results.facility
    if cost is None or facility is None or not facility.energy_kwh_per_year:
        return
    modelled_kwh = facility.energy_kwh_per_year
    facility_kw = facility.facility_kw
    it_kw = facility.it_kw or _it_kw(results)
    pue = facility.pue
    lower_bound = facility.pue_is_lower_bound
    stated_pue = model.design.pue or model.design.pue_target
    for line in cost.energy_lines:
        if abs(line.kwh_per_year - modelled_kwh) <= ENERGY_TOLERANCE * modelled_kwh:
            continue
        line_kw = line.kwh_per_year / HOURS_PER_YEAR
        tariff = line.tariff_usd_per_kwh or facility.electricity_usd_per_kwh
        notes = [
            f"the line bills {_kw(line_kw)} for {HOURS_PER_YEAR:,.0f} h: "
            f"{number_format.number(line.kwh_per_year / 1e6, 4)} GWh, {number_format.usd(line.usd_per_year)}",
            f"as modelled: IT {_kw(it_kw)}"
            + (f" × PUE {pue:.3g}" if pue else "")
            + (" (a lower bound: part of the cooling has no plant data)" if lower_bound else "")
            + f" = {_kw(facility_kw)} facility, {number_format.number(modelled_kwh / 1e6, 4)} GWh"
            + (f", {number_format.usd(modelled_kwh * tariff)}" if tariff else ""),
        ]
        reference_pue = float(stated_pue) if stated_pue else (pue if pue and pue > 1 else None)
        if reference_pue and reference_pue > 1 and tariff:
            with_pue = line_kw * reference_pue * HOURS_PER_YEAR * tariff
            notes.append(
                f"the line bills its {_kw(line_kw)} flat, with no PUE on top: a facility draws "
                f"IT × PUE, so at PUE {reference_pue:g} the same IT load costs "
                f"{number_format.usd(with_pue)} a year"
            )
        yield warning(
            "DC-COST-005",
            f'energy line "{line.line.name}" bills {_kw(line_kw)} around the clock; the design '
            f"as modelled draws {_kw(facility_kw)} at the meter",
            line.line.span,
            notes=notes,
            help="drop the energy line and let the compiler bill facility energy × `electricity`, "
            "or base it on the facility power (IT × PUE)",
        )


@rule("DC-COST-006")
def port_budget(model: Model, results: Results) -> Iterator[Diagnostic]:
    cost = _cost(results)
    if cost is None:
        return
    for budget in cost.fabric_budgets:
        result = results.fabrics.get(budget.fabric)
        counts = result.counts if result is not None else None
        if counts is None:
            continue
        switch_ports = sum(t.link_ends for t in counts.switch_tiers)
        hca_ports = int(counts.endpoints)
        needed = switch_ports + hca_ports
        if needed <= 0 or abs(budget.quantity - needed) <= PORT_TOLERANCE * needed:
            continue
        tiers = ", ".join(f"{t.name} {t.link_ends:,}" for t in counts.switch_tiers)
        notes = [
            f'fabric "{budget.fabric}" as sized: {counts.endpoints:,} endpoints, '
            f"{counts.tiers} tiers, {counts.switches:,} switches",
            f"switch ports in use: {switch_ports:,} ({tiers}) + {hca_ports:,} HCA ports "
            f"= {needed:,}",
        ]
        if counts.limit_exceeded:
            notes.append(
                "the fabric is beyond what its tiers can hold (DC-NET-001): "
                "a fabric that can be built needs more"
            )
        per_port = budget.extended_usd / budget.quantity if budget.quantity else 0.0
        if per_port:
            notes.append(
                f"at {number_format.usd(per_port)} per port, {needed:,} ports cost "
                f"{number_format.usd(per_port * needed)}"
            )
        yield warning(
            "DC-COST-006",
            f'cost "{budget.line.name}" budgets {number_format.number(budget.quantity)} '
            f'{_plural(budget.unit or "port", budget.quantity)} for fabric "{budget.fabric}", which needs {needed:,}',
            budget.line.span,
            notes=notes,
            help=f"budget {needed:,} ports, or drop the line and price the fabric's switches, "
            "optics and cables from their parts",
        )


@rule("DC-COST-007")
def per_slot(model: Model, results: Results) -> Iterator[Diagnostic]:
    cost = _cost(results)
    if cost is None:
        return
    for line in cost.capex_lines:
        if line.unit != "GPU slot" or line.unit_price_usd is None:
            continue
        part = model.parts.get(line.part)
        slots = int(part.specs.gpus or 0) if part is not None else 0
        if not slots:
            continue
        nodes = line.quantity / slots
        yield note(
            "DC-COST-007",
            f"`{line.part}` chassis priced per GPU slot: {number_format.number(line.quantity)} "
            f"slots × {number_format.usd(line.unit_price_usd)} = {number_format.usd(line.extended_usd or 0.0)}",
            line.spans[0] if line.spans else None,
            notes=[
                f"{slots} slots per node: {number_format.usd(line.unit_price_usd * slots)} per node × "
                f"{number_format.number(nodes)} nodes",
                f"the slot price × {number_format.number(nodes)} nodes would be "
                f"{number_format.usd(line.unit_price_usd * nodes)}: a quantity in nodes, not slots, "
                "understates the chassis",
            ],
        )


@rule("DC-COST-008")
def rent_or_buy(model: Model, results: Results) -> Iterator[Diagnostic]:
    cost = _cost(results)
    rent = cost.rent_or_buy if cost is not None else None
    if rent is None:
        return
    parts = []
    for label, price, share in (
        ("on demand", rent.on_demand_usd_per_node_month, rent.breakeven_on_demand),
        ("reserved", rent.reserved_usd_per_node_month, rent.breakeven_reserved),
    ):
        if price is None or share is None:
            continue
        verdict = f"above {_pct(share)} utilisation" if share <= 1 else "at no utilisation"
        parts.append(
            f"owning beats {label} {verdict} "
            f"({number_format.usd(rent.owned_usd_per_node_month)} / {number_format.usd(price)} per node-month)"
        )
    if not parts:
        return
    yield note(
        "DC-COST-008",
        "; ".join(parts),
        model.design.span,
        notes=[
            "break-even utilisation u* = owned cost / cloud price per node-month: renting for a "
            "fraction u of the month costs u × cloud price, owning costs the same every month",
            f"owned cost: {rent.owned_source}; cloud prices: {rent.cloud_source}",
        ],
    )
