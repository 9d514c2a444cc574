"""What the cost analysis returns: BOM lines, the cost result and its parts, and the helpers
that say where a price comes from."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

import attrs

from dcdsl.diagnostics import Span
from dcdsl.model import CostLine, Part, PartSpecs, PartUse
from dcdsl.model.parts import UseSpecs

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


def finite_float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def stated_price(specs: PartSpecs) -> float | None:
    return specs.price


def stated_slot_price(specs: PartSpecs) -> float | None:
    return specs.price_per_gpu_slot


class _StatedAtUse:
    """What a use states, read by spec name like its ``UseSpecs`` but without making one: the
    BOM asks this of every device of a flattened design (a UseSpecs has a hundred fields)."""

    __slots__ = ("_own",)

    def __init__(self, use: PartUse):
        self._own = dict(use.own)

    def __getattr__(self, name: str) -> object:
        if name not in _USE_SPECS:
            raise AttributeError(name)
        return self._own.get(name)


_USE_SPECS = frozenset(f.name for f in attrs.fields(UseSpecs))


def price_origin_of(
    part: Part, use: PartUse | None = None, stated: Callable[[PartSpecs], object] = stated_price
) -> str:
    """Where a part's price (or the spec ``stated`` reads) comes from: a price book, the
    catalogue, or the design's own part."""
    if use is not None and use.own and stated(cast(PartSpecs, _StatedAtUse(use))) is not None:
        return f"design ({where(use.span)}, set where the part is placed)"
    if stated is stated_price and part.price_origin != "catalogue":
        return part.price_origin  # a price book, with its file:line
    owner = part.stated_by(stated)
    if owner is None:
        return ""
    file = owner.span.file if owner.span is not None else ""
    source = "catalogue" if file.startswith(("std/", "<std/")) or "/catalog/" in file else "design"
    return f"{source} (part `{owner.name}`, {where(owner.span)})"


def confidence_of(part: Part) -> str | None:
    value = part.specs.price_confidence or part.specs.confidence
    return str(value) if value is not None else None
