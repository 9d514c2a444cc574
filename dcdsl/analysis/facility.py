"""Facility: power, PUE, energy, cost and water per year, from the IT load and the plant.

Facility power = IT + cooling plant (compressors from COP, fans, pumps: ``results.cooling``)
+ electrical losses (``results.power.losses_kw`` when the power chain computed it) + other loads
(``design.other_load`` kW and ``design.other_load_fraction`` × IT). PUE = facility / IT.

A design that has no plant model may state ``design { pue = 1.2 }``: the PUE is then an input,
facility power is IT × PUE, and the result says so (``pue_source = "input"``, note DC-COOL-022).

Energy per year = facility power × load factor × 8,760 h (The Green Grid WP#49; ISO/IEC 30134-2); cost = energy ×
``design.electricity``. Water per year = each loop's water per kWh of heat rejected × that heat
over the year, or ``design.wue`` × IT energy when the design states a WUE; then less
``design.water_reduction``. WUE = water / IT energy (The Green Grid).
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from dcdsl.analysis.results import Results
from dcdsl.model import Model

HOURS_PER_YEAR = 8760.0


@attrs.define
class FacilityResult:
    it_kw: float
    cooling_kw: float = 0.0
    compressor_kw: float = 0.0
    fan_kw: float = 0.0
    pump_kw: float = 0.0
    losses_kw: float = 0.0
    losses_source: str = ""  # "" when the power chain gave no losses
    other_kw: float = 0.0
    facility_kw: float = 0.0
    pue: float | None = None
    pue_source: str = "computed"  # or "input": stated as `design { pue = … }`
    pue_input: float | None = None
    pue_computed: float | None = None  # from the plant, also when the PUE is an input
    pue_target: float | None = None
    outside_kw: float = 0.0  # IT load outside racks (network switches): in no cooling loop
    outside_cooling_kw: float = 0.0  # its cooling, at the stated plant's average kW per kW
    uncooled_kw: float = 0.0  # heat whose cooling power is unknown: the PUE is a lower bound
    uncooled_what: list[str] = attrs.Factory(list)
    load_factor: float = 1.0
    hours_per_year: float = HOURS_PER_YEAR
    it_energy_kwh_per_year: float = 0.0
    energy_kwh_per_year: float = 0.0
    electricity_usd_per_kwh: float | None = None
    energy_cost_usd_per_year: float | None = None
    water_l_per_year: float | None = None
    water_source: str = ""
    water_reduction: float = 0.0
    unwatered_kw: float = 0.0  # heat whose water use is unknown: the water is a lower bound
    unwatered_what: list[str] = attrs.Factory(list)
    wue: float | None = None  # L per IT kWh

    @property
    def pue_is_lower_bound(self) -> bool:
        return self.pue_source == "computed" and self.uncooled_kw > 0


def number(obj: Any, name: str) -> float | None:
    """A finite number from an attribute or a mapping key of another stage's result, or None."""
    if obj is None:
        return None
    value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def it_power_kw(results: Results) -> float:
    """The IT load as the power chain sees it (with network), else the racks' sum."""
    from_power = number(results.power, "it_kw")
    if from_power is not None:
        return from_power
    return float(results.load.it_kw) if results.load is not None else 0.0


def energy_load_factor(model: Model, results: Results) -> float:
    """Average/peak ratio for energy. A `typical` power basis already includes the load factor."""
    if results.load is not None and getattr(results.load, "basis", "max") == "typical":
        return 1.0
    return float(model.design.get("load_factor", 1.0))


def analyse(model: Model, results: Results) -> None:
    design = model.design
    it_kw = it_power_kw(results)
    result = FacilityResult(it_kw)
    cooling = results.cooling
    if cooling is not None:
        result.compressor_kw = cooling.compressor_kw
        result.fan_kw = cooling.fan_kw
        result.pump_kw = cooling.pump_kw
        result.cooling_kw = cooling.cooling_kw
        for loop in cooling.loops:
            if loop.heat_kw > 0 and not loop.plant_known:
                result.uncooled_kw += loop.heat_kw
                result.uncooled_what.append(f'cooling loop "{loop.name}"')
        if cooling.unlooped:
            result.uncooled_kw += cooling.unlooped_kw
            result.uncooled_what.append(_unlooped_text(cooling))
        # IT outside racks (network switches the fabric adds) sits in no loop: it is cooled at
        # the stated plant's average kW of cooling per kW of heat [E], or it is unknown.
        result.outside_kw = max(0.0, it_kw - cooling.heat_kw)
        known = [loop for loop in cooling.loops if loop.heat_kw > 0 and loop.plant_known]
        known_heat = sum(loop.heat_kw for loop in known)
        if result.outside_kw > 0 and known_heat > 0:
            ratio = sum(loop.cooling_kw for loop in known) / known_heat
            result.outside_cooling_kw = result.outside_kw * ratio
            result.cooling_kw += result.outside_cooling_kw
        elif result.outside_kw > 0:
            result.uncooled_kw += result.outside_kw
            result.uncooled_what.append("IT outside racks (network switches)")

    losses = number(results.power, "losses_kw")
    if losses is not None:
        result.losses_kw = losses
        result.losses_source = "the power chain's losses"
    result.other_kw = float(design.get("other_load", 0.0)) + it_kw * float(
        design.get("other_load_fraction", 0.0)
    )
    computed_kw = it_kw + result.cooling_kw + result.losses_kw + result.other_kw
    result.pue_computed = computed_kw / it_kw if it_kw > 0 else None

    target = design.get("pue_target")
    result.pue_target = float(target) if target is not None else None
    stated = design.get("pue")
    if stated is not None:
        result.pue_source = "input"
        result.pue_input = result.pue = float(stated)
        result.facility_kw = it_kw * result.pue
    else:
        result.facility_kw = computed_kw
        result.pue = result.pue_computed

    result.load_factor = energy_load_factor(model, results)
    hours_at_load = result.load_factor * result.hours_per_year
    result.it_energy_kwh_per_year = it_kw * hours_at_load
    result.energy_kwh_per_year = result.facility_kw * hours_at_load
    tariff = design.get("electricity")
    if tariff is not None:
        result.electricity_usd_per_kwh = float(tariff)
        result.energy_cost_usd_per_year = result.energy_kwh_per_year * float(tariff)

    _water(model, results, result, hours_at_load)
    results.facility = result


def _water(model: Model, results: Results, result: FacilityResult, hours_at_load: float) -> None:
    design = model.design
    result.water_reduction = float(design.get("water_reduction", 0.0))
    wue = design.get("wue")
    litres: float | None
    if wue is not None:
        litres = float(wue) * result.it_energy_kwh_per_year
        result.water_source = f"design `wue` {float(wue):g} L/kWh × IT energy"
    else:
        litres = None
        sources = []
        cooling = results.cooling
        for loop in cooling.loops if cooling is not None else ():
            if loop.heat_kw <= 0:
                continue
            if loop.water_l_per_kwh is None:
                result.unwatered_kw += loop.heat_kw
                result.unwatered_what.append(f'cooling loop "{loop.name}"')
                continue
            litres = (litres or 0.0) + loop.water_l_per_kwh * loop.heat_rejected_kw * hours_at_load
            sources.append(f'"{loop.name}": {loop.water_source}')
        if cooling is not None and cooling.unlooped:
            result.unwatered_kw += cooling.unlooped_kw
            result.unwatered_what.append(_unlooped_text(cooling))
        if result.outside_kw > 0:  # at the watered loops' average litres per kWh of heat
            watered = [
                loop
                for loop in (cooling.loops if cooling is not None else ())
                if loop.heat_kw > 0 and loop.water_l_per_kwh is not None
            ]
            heat = sum(loop.heat_kw for loop in watered)
            if heat > 0:
                per_kwh = (
                    sum((loop.water_l_per_kwh or 0.0) * loop.heat_rejected_kw for loop in watered)
                    / heat
                )
                litres = (litres or 0.0) + per_kwh * result.outside_kw * hours_at_load
                sources.append("IT outside racks: the loops' average")
            else:
                result.unwatered_kw += result.outside_kw
                result.unwatered_what.append("IT outside racks (network switches)")
        result.water_source = "; ".join(sources)
    if litres is not None:
        litres *= 1.0 - result.water_reduction
        if result.water_reduction:
            result.water_source += f"; less {result.water_reduction:.0%} (`water_reduction`)"
    result.water_l_per_year = litres
    if litres is not None and result.it_energy_kwh_per_year > 0:
        result.wue = litres / result.it_energy_kwh_per_year


def _unlooped_text(cooling: Any) -> str:
    count = sum(r.count for r in cooling.unlooped)
    return f"{count:,} rack{'s' if count != 1 else ''} with no cooling loop"
