"""Cost: the bill of materials, capex by category, opex per year, TCO, and rent-or-buy.

Modules of this package: ``lines`` (the result classes), ``bom`` (lines from the parts the
design uses), ``design_lines`` (the design's own `cost` lines); the totals are here.

Opex per year: energy (the design's own energy lines when it has any, else facility energy ×
tariff from ``results.facility``), maintenance (`maintenance_rate` × equipment capex), staff
(`staff_cost` and staff lines), software and other recurring lines. TCO over `years` (5 unless
stated): capex + opex × years, and its present value at `discount_rate`. Rent-or-buy: the
utilisation above which owning a node beats renting it is owned cost / cloud price, per
node-month, against on-demand and reserved prices.
"""

from __future__ import annotations

from collections.abc import Iterable

from dcdsl.analysis.cost.bom import (
    Bom,
    cooling_lines,
    fabric_lines,
    part_line_for_use,
    power_lines,
    rack_lines,
    server_lines,
    storage_lines,
)
from dcdsl.analysis.cost.design_lines import design_lines
from dcdsl.analysis.cost.lines import (
    DEFAULT_YEARS,
    EQUIPMENT_CATEGORIES,
    HOURS_PER_MONTH,
    HOURS_PER_YEAR,
    BomLine,
    CostResult,
    EnergyLine,
    FabricBudget,
    LineProblem,
    PerPowerBasis,
    RentOrBuy,
    Tco,
    finite_float,
    where,
)
from dcdsl.analysis.results import Results
from dcdsl.elaborate.schema import COST_CATEGORIES
from dcdsl.model import Model, Part

__all__ = [
    "HOURS_PER_MONTH",
    "HOURS_PER_YEAR",
    "BomLine",
    "CostResult",
    "EnergyLine",
    "FabricBudget",
    "LineProblem",
    "PerPowerBasis",
    "RentOrBuy",
    "Tco",
    "analyse",
    "part_line_for_use",
    "rent_or_buy",
    "server_lines",
    "where",
]


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
    computed = finite_float(facility.energy_cost_usd_per_year) if facility is not None else None
    if computed is None and facility is None and results.load is not None:
        tariff = finite_float(design.electricity)
        if tariff is not None:  # no facility analysis: IT load × stated PUE (1.0 if none)
            pue = finite_float(design.pue) or finite_float(design.pue_target) or 1.0
            load_factor = finite_float(design.load_factor) or 1.0
            computed = results.load.it_kw * pue * load_factor * HOURS_PER_YEAR * tariff
    result.energy_computed_usd_per_year = computed
    if any(line.recurring and line.category == "energy" for line in lines):
        result.energy_source = "the design's energy cost lines"
    elif computed is not None:
        opex["energy"] = computed
        result.energy_source = "facility energy × tariff"
    rate = finite_float(design.maintenance_rate)
    result.maintenance_rate = rate
    if rate is not None:
        opex["maintenance"] += rate * sum(capex[c] for c in EQUIPMENT_CATEGORIES)
    opex["staff"] += finite_float(design.staff_cost) or 0.0
    opex["total"] = sum(v for k, v in opex.items() if k != "total")
    return opex


def _tco(model: Model, results: Results, capex: float, opex: float) -> Tco:
    years = finite_float(model.design.years) or DEFAULT_YEARS
    rate = finite_float(model.design.discount_rate) or 0.0
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
    on_demand = finite_float(design.cloud_price_on_demand)
    reserved = finite_float(design.cloud_price_reserved)
    source = "design (USD per node-month)"
    cloud = design.cloud
    if isinstance(cloud, Part):
        hourly_on_demand = finite_float(cloud.specs.price_on_demand)
        hourly_reserved = finite_float(cloud.specs.price_reserved)
        if on_demand is None and hourly_on_demand is not None:
            on_demand = hourly_on_demand * HOURS_PER_MONTH
        if reserved is None and hourly_reserved is not None:
            reserved = hourly_reserved * HOURS_PER_MONTH
        source = f"cloud instance `{cloud.name}` (USD/hour × 730.5 h), {cloud.price_origin}"
    if on_demand is None and reserved is None:
        return None
    owned = finite_float(design.owned_cost_per_node_month)
    owned_source = "design"
    if owned is None:
        if tco.usd_per_node_month is None:
            return None
        owned, owned_source = tco.usd_per_node_month, "computed"
    on, res = rent_or_buy(owned, on_demand, reserved)
    return RentOrBuy(owned, owned_source, on_demand, reserved, source, on, res)


def analyse(model: Model, results: Results) -> None:
    bom = Bom()
    placeholder = Tco(0, 0, 0, 0, 0, 0, 0, None, None)
    result = CostResult([], {}, {}, "", None, placeholder, None)
    covered: dict[str, str] = {}
    # Design lines first: a line with `fabric = …` marks that fabric's parts as budgeted.
    design_bom = Bom()
    design_lines(model, results, design_bom, result, covered)
    rack_lines(model, bom)
    power_lines(model, bom)
    cooling_lines(model, bom)
    fabric_lines(model, results, bom, covered)
    storage_lines(model, bom)
    for line in design_bom.lines.values():
        bom.add(line)
    result.bom = bom.result()
    result.capex_usd = _capex(result.bom)
    result.opex_usd_per_year = _opex(model, results, result.bom, result.capex_usd, result)
    result.tco = _tco(model, results, result.capex_usd["total"], result.opex_usd_per_year["total"])
    result.rent_or_buy = _rent_or_buy(model, result.tco)
    results.cost = result
