"""summary.json: the design's key figures (format_version "1.0"; USD, kW, kWh, litres).

The schema is a contract (docs/outputs.md). A figure an analysis did not compute is ``null``,
never a guess.
"""

from __future__ import annotations

from typing import Any

from dcdsl.analysis.cost import CostResult
from dcdsl.analysis.fabric import FabricResult
from dcdsl.analysis.power import PowerResult
from dcdsl.diagnostics import counts, json_dumps
from dcdsl.elaborate.schema import COST_CATEGORIES
from dcdsl.emit.key_figures import BY_KEY
from dcdsl.pipeline import Compilation

FORMAT_VERSION = "1.0"
# The capex categories of summary.json are the cost categories a design's lines may name.
CAPEX_CATEGORIES = COST_CATEGORIES


def _round(value: Any, digits: int = 3) -> Any:
    if isinstance(value, float):
        rounded = round(value, digits)
        return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded
    return value


def summary(compilation: Compilation) -> dict[str, Any]:
    model, results = compilation.model, compilation.results
    assert model is not None and results is not None
    facility = results.facility

    def figure(key: str) -> Any:
        """A key figure (dcdsl.emit.key_figures) to its summary.json decimals."""
        found = BY_KEY[key]
        return _round(found.of(compilation), found.digits)

    cost = results.cost
    doc: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "design": model.design.name,
        "counts": {key: figure(key) for key in ("gpus", "nodes", "racks", "halls")},
        "power": {
            "it_kw": figure("it_kw"),
            "facility_kw": figure("facility_kw"),
            "pue": figure("pue"),
            # computed | assumed (the design's `pue`) | lower_bound (part of the plant missing)
            "pue_status": facility.pue_status if facility else None,
            "pue_at_load": {
                f"{fraction * 100:g}": _round(value, 4)
                for fraction, value in sorted((facility.pue_at_load if facility else {}).items())
            },
            "pue_annual": _round(facility.pue_annual if facility else None, 4),
            # compressors: climate (COP at the design's climate) | rated (none given) | None
            "cop_basis": facility.cop_basis if facility else None,
            "economiser_hours": {
                name: _round(hours, 0)
                for name, hours in sorted((facility.economiser_hours if facility else {}).items())
            },
            **_electrical(results.power),
        },
        "cost": {
            "capex_usd": _capex(cost),
            "opex_usd_per_year": _opex(cost),
        },
        "energy_kwh_per_year": figure("energy"),
        "water_l_per_year": figure("water"),
        "wue_l_per_kwh": _round(facility.wue if facility else None, 4),  # site water / IT energy
        "wue_status": facility.wue_status if facility else None,
        "fabrics": {name: _fabric(result) for name, result in sorted(results.fabrics.items())},
        "diagnostics": counts(compilation.diagnostics),
    }
    return doc


def _electrical(power: PowerResult | None) -> dict[str, Any]:
    """The chain's standard, rating basis and tier; per element side its voltages, the fault
    current at its input and output buses and its interrupting rating."""
    if power is None:
        return {}
    elements = [
        {
            "element": e.key,
            "voltage_in_v": _round(e.voltage_in_v),
            "voltage_v": _round(e.voltage_v),
            "fault_in_ka": _round(e.fault_in_ka),
            "fault_out_ka": _round(e.fault_out_ka),
            "interrupting_ka": _round(e.interrupting_ka),
        }
        for e in power.elements
    ]
    return {
        "standard": power.standard,
        "rating_basis": "typical" if power.rating_basis_opted else "max",
        "rating_it_kw": _round(power.rating_it_kw),
        "tier": power.tier,
        "tier_claim": power.tier_claim,
        "elements": elements,
    }


def _capex(cost: CostResult | None) -> dict[str, Any]:
    capex = cost.capex_usd if cost is not None else {}
    doc = {"total": _round(capex.get("total")) if capex else None}
    for category in CAPEX_CATEGORIES:
        doc[category] = _round(capex.get(category)) if capex else None
    return doc


def _opex(cost: CostResult | None) -> dict[str, Any]:
    opex = cost.opex_usd_per_year if cost is not None else {}
    return {key: _round(value) for key, value in sorted(opex.items())} or {"total": None}


def _fabric(result: FabricResult) -> dict[str, Any]:
    return dict(result.summary())


def render(compilation: Compilation) -> str:
    return json_dumps(summary(compilation))
