"""summary.json: the design's key figures (format_version "1.0"; USD, kW, kWh, litres).

The schema is a contract (docs/outputs.md): ``build`` makes a typed ``Summary``
(dcdsl.emit.summary_model) from the compilation's results, and summary.json is its
serialisation; ``dcdsl/schemas/summary.schema.json`` is generated from the same classes. A
figure an analysis did not compute is ``null``, never a guess.
"""

from __future__ import annotations

from typing import Any, Literal

from dcdsl.analysis.cost import CostResult
from dcdsl.analysis.fabric import FabricResult
from dcdsl.analysis.power import PowerResult
from dcdsl.diagnostics import counts, json_dumps
from dcdsl.elaborate.schema import COST_CATEGORIES
from dcdsl.emit.key_figures import BY_KEY
from dcdsl.emit.summary_model import (
    Capex,
    Cost,
    Counts,
    DiagnosticCounts,
    Electrical,
    ElectricalElement,
    FabricFigures,
    Number,
    NvlinkFigures,
    Power,
    Summary,
    to_json,
)
from dcdsl.pipeline import Compilation

FORMAT_VERSION: Literal["1.0"] = "1.0"
# The capex categories of summary.json are the cost categories a design's lines may name.
CAPEX_CATEGORIES = COST_CATEGORIES


def _round(value: float | None, digits: int = 3) -> Number | None:
    if isinstance(value, float):
        rounded = round(value, digits)
        return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded
    return value


def build(compilation: Compilation) -> Summary:
    """The summary of a compilation's results."""
    model, results = compilation.model, compilation.results
    assert model is not None and results is not None
    facility = results.facility

    def figure(key: str) -> Number | None:
        """A key figure (dcdsl.emit.key_figures) to its summary.json decimals."""
        found = BY_KEY[key]
        return _round(found.of(compilation), found.digits)

    def count(key: str) -> int:
        value = BY_KEY[key].of(compilation)
        return int(value) if value is not None else 0

    return Summary(
        format_version=FORMAT_VERSION,
        design=model.design.name,
        counts=Counts(
            gpus=count("gpus"), nodes=count("nodes"), racks=count("racks"), halls=count("halls")
        ),
        power=Power(
            it_kw=figure("it_kw"),
            facility_kw=figure("facility_kw"),
            pue=figure("pue"),
            pue_status=facility.pue_status if facility else None,
            pue_at_load={
                f"{fraction * 100:g}": _round(value, 4)
                for fraction, value in sorted((facility.pue_at_load if facility else {}).items())
            },
            pue_annual=_round(facility.pue_annual if facility else None, 4),
            cop_basis=facility.cop_basis if facility else None,
            economiser_hours={
                name: _round(hours, 0)
                for name, hours in sorted((facility.economiser_hours if facility else {}).items())
            },
            electrical=_electrical(results.power),
        ),
        cost=Cost(capex_usd=_capex(results.cost), opex_usd_per_year=_opex(results.cost)),
        energy_kwh_per_year=figure("energy"),
        water_l_per_year=figure("water"),
        wue_l_per_kwh=_round(facility.wue if facility else None, 4),  # site water / IT energy
        wue_status=facility.wue_status if facility else None,
        fabrics={name: _fabric(result) for name, result in sorted(results.fabrics.items())},
        diagnostics=DiagnosticCounts(**counts(compilation.diagnostics)),
    )


def summary(compilation: Compilation) -> dict[str, Any]:
    """summary.json as JSON data (the serialisation of ``build``)."""
    document = to_json(build(compilation))
    assert isinstance(document, dict)
    return document


def _electrical(power: PowerResult | None) -> Electrical | None:
    """The chain's standard, rating basis and tier; per element side its voltages, the fault
    current at its input and output buses and its interrupting rating."""
    if power is None:
        return None
    return Electrical(
        standard=power.standard,
        rating_basis="typical" if power.rating_basis_opted else "max",
        rating_it_kw=_round(power.rating_it_kw) or 0,
        tier=power.tier,
        tier_claim=power.tier_claim,
        elements=[
            ElectricalElement(
                element=e.key,
                voltage_in_v=_round(e.voltage_in_v),
                voltage_v=_round(e.voltage_v),
                fault_in_ka=_round(e.fault_in_ka),
                fault_out_ka=_round(e.fault_out_ka),
                interrupting_ka=_round(e.interrupting_ka),
                fault_basis=_fault_basis(e.fault_method),
                fault_peak_in_ka=_round(e.peak_in_ka),
                fault_motor_ka=_round(e.motor_ka),
                fault_notes=list(e.fault_notes),
            )
            for e in power.elements
        ],
    )


def _fault_basis(method: str) -> Literal["impedance", "infinite_bus"] | None:
    if method == "impedance":
        return "impedance"
    if method == "infinite_bus":
        return "infinite_bus"
    return None


def _capex(cost: CostResult | None) -> Capex:
    capex = cost.capex_usd if cost is not None else {}
    by_category = {
        category: _round(capex.get(category)) if capex else None
        for category in ("total", *CAPEX_CATEGORIES)
    }
    return Capex(**by_category)


def _opex(cost: CostResult | None) -> dict[str, Number | None]:
    opex = cost.opex_usd_per_year if cost is not None else {}
    return {key: _round(value) for key, value in sorted(opex.items())} or {"total": None}


def _fabric(result: FabricResult) -> FabricFigures:
    """The fabric's counts; an NVLink fabric counts GPUs, switch chips and GPU links."""
    nvlink = result.nvlink
    if nvlink is not None:
        return FabricFigures(
            endpoints=nvlink.gpus,
            tiers=1,
            switches=nvlink.switch_chips,
            links=nvlink.links,
            cables=0,
            transceivers=0,
            oversubscription="1:1",
            nvlink=NvlinkFigures(
                domains=nvlink.domains,
                gpus_per_domain=nvlink.gpus_per_domain,
                switch_trays=nvlink.switch_trays,
            ),
        )
    return FabricFigures(
        endpoints=result.endpoints,
        tiers=result.tiers,
        switches=result.switches,
        links=result.links,
        cables=result.cables,
        transceivers=result.transceivers,
        oversubscription=result.oversubscription,
        nvlink=None,
    )


def render(compilation: Compilation) -> str:
    return json_dumps(summary(compilation))
