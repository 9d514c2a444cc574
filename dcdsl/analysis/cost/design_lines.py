"""The design's own `cost` lines: `rate × basis`, `amount`, or `quantity × unit_price`.

- the design's own `cost` lines: `rate × basis` (12 MUSD/MW × 250 MW), `amount`, or
  `quantity × unit_price`. Lines with an opex category (energy, maintenance, staff), with
  `recurring = true` or with `per_year` are per year and go to opex, not capex.
"""

from __future__ import annotations

from typing import Any

from dcdsl import units
from dcdsl.analysis.cost.bom import Bom
from dcdsl.analysis.cost.lines import (
    HOURS_PER_YEAR,
    BomLine,
    CostResult,
    EnergyLine,
    FabricBudget,
    LineProblem,
    PerPowerBasis,
    finite_float,
    where,
)
from dcdsl.analysis.results import Results
from dcdsl.elaborate.evaluate import Symbol
from dcdsl.elaborate.schema import COST_CATEGORIES, OPEX_CATEGORIES
from dcdsl.model import CostLine, Model
from dcdsl.model.attributes import value_or

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
            unit_price = finite_float(line.unit_price)
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


def design_lines(
    model: Model, results: Results, bom: Bom, result: CostResult, covered: dict[str, str]
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
        fabric_name = fabric_of_line(line)
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


def fabric_of_line(line: CostLine) -> str | None:
    value = line.fabric
    if isinstance(value, Symbol):
        return value.dotted
    return value
