"""Facility: power, PUE at part load and over the year, energy, cost and water, from the plant.

Facility power at a fraction f of the design's IT load = f × IT + every non-IT term at f
(``analysis.facility_terms``: cooling plant from the units' draws, electrical losses from the
power elements' part-load efficiency, other load). PUE(f) = facility(f) / (f × IT) at 25, 50,
75 and 100 %; the annualised PUE is annual facility energy / annual IT energy at the average load
(the design's `load_factor`; ISO/IEC 30134-2 defines PUE over a year). The status says how far to
trust it: ``computed``; ``assumed`` when the design states ``design { pue = 1.2 }`` (facility power
is then IT × PUE, note DC-COOL-022); ``lower_bound`` when some heat has no stated plant or some
consumer no stated draw (DC-COOL-023).

Energy per year = facility power at the average load × 8,760 h; cost = energy ×
``design.electricity``. Water per year = each loop's water per kWh of heat rejected × that heat
over the year, or ``design.wue`` × IT energy when the design states a WUE; then less
``design.water_reduction``. WUE = site water / IT energy (The Green Grid WP#35; ISO/IEC
30134-9), in L/kWh.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from dcdsl import number_format
from dcdsl.analysis.facility_terms import (
    LOAD_POINTS,
    PowerTerm,
    cooling_terms,
    electrical_terms,
    fractions,
    other_terms,
)
from dcdsl.analysis.results import CopBasis, FigureStatus, Results
from dcdsl.model import Model
from dcdsl.model.attributes import value_or

HOURS_PER_YEAR = 8760.0


STATUSES = ("computed", "assumed", "lower_bound")


@attrs.define
class FacilityResult:
    it_kw: float
    cooling_kw: float = 0.0
    compressor_kw: float = 0.0
    fan_kw: float = 0.0
    pump_kw: float = 0.0
    losses_kw: float = 0.0
    losses_source: str = ""  # "" when no power element's losses are known
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
    # Consumers whose draw is unknown (unit groups without power_max or COP, IT on no power
    # chain): the PUE is a lower bound for them too.
    uncounted: list[str] = attrs.Factory(list)
    terms: list[PowerTerm] = attrs.Factory(list)  # every non-IT consumer, with its source
    pue_at_load: dict[float, float | None] = attrs.Factory(dict)  # 0.25 … 1.0 of design IT
    pue_annual: float | None = None  # annual facility energy / annual IT energy
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
    # compressors: "climate" (COP moved to the design's climate), "rated" (no climate given), or
    # None (no compressor); economiser hours per loop that has one
    cop_basis: CopBasis | None = None
    economiser_hours: dict[str, float] = attrs.Factory(dict)

    @property
    def pue_is_lower_bound(self) -> bool:
        return self.pue_source == "computed" and (self.uncooled_kw > 0 or bool(self.uncounted))

    @property
    def pue_status(self) -> FigureStatus:
        """computed, assumed (the design's `pue`), or lower_bound (part of the plant missing)."""
        if self.pue_source == "input":
            return "assumed"
        return "lower_bound" if self.pue_is_lower_bound else "computed"

    @property
    def wue_status(self) -> FigureStatus | None:
        """computed, assumed (the design's `wue`), lower_bound, or None (no water figure)."""
        if self.water_l_per_year is None:
            return None
        if self.water_source.startswith("design `wue`"):
            return "assumed"
        return "lower_bound" if self.unwatered_kw > 0 else "computed"

    def terms_kw(self, fraction: float = 1.0) -> float:
        return sum(term.kw_at(fraction) for term in self.terms)


def finite(value: float | None) -> float | None:
    """Another stage's figure when it is a finite number, else None."""
    return float(value) if value is not None and math.isfinite(value) else None


def it_power_kw(results: Results) -> float:
    """The IT load as the power chain sees it (with network), else the racks' sum."""
    from_power = finite(results.power.it_kw) if results.power is not None else None
    if from_power is not None:
        return from_power
    return float(results.load.it_kw) if results.load is not None else 0.0


def energy_load_factor(model: Model, results: Results) -> float:
    """Average/peak ratio for energy. A `typical` power basis already includes the load factor."""
    if results.load is not None and results.load.basis == "typical":
        return 1.0
    return float(value_or(model.design.load_factor, 1.0))


def analyse(model: Model, results: Results) -> None:
    design = model.design
    it_kw = it_power_kw(results)
    result = FacilityResult(it_kw)
    result.load_factor = energy_load_factor(model, results)
    points = fractions(result.load_factor)
    cooling = results.cooling
    result.terms = cooling_terms(cooling, points)
    if cooling is not None:
        for loop in cooling.loops:
            if loop.heat_kw > 0 and not loop.plant_known:
                result.uncooled_kw += loop.heat_kw
                result.uncooled_what.append(f'cooling loop "{loop.name}"')
            if loop.heat_kw > 0:
                result.uncounted.extend(
                    f'{what} in cooling loop "{loop.name}" (no `power_max` or `cop`)'
                    for what in loop.unknown_draws
                )
        _climate(cooling, result)
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
            outside = result.outside_kw
            result.terms.append(
                PowerTerm(
                    "cooling of IT outside racks (network switches)",
                    "fan",
                    tuple((f, outside * f * ratio) for f in points),
                    f"{number_format.significant(outside, 4)} kW × the loops' average {ratio:.3f} kW of cooling per kW",
                    True,
                )
            )
        elif result.outside_kw > 0:
            result.uncooled_kw += result.outside_kw
            result.uncooled_what.append("IT outside racks (network switches)")

    power = results.power
    electrical = electrical_terms(power, points)
    result.terms.extend(electrical)
    if electrical:
        result.losses_source = "the power elements' part-load losses"
    fed = finite(power.fed_kw) if power is not None else None
    if it_kw > 0 and (power is None or not power.elements or fed is None):
        result.uncounted.append("electrical losses (no power chain carries the IT load)")
    elif fed is not None and it_kw - fed > 1e-6 * it_kw:
        result.uncounted.append(
            f"electrical losses of {it_kw - fed:,.1f} kW of IT (on no power chain)"
        )
    result.terms.extend(other_terms(design, it_kw, points))

    for category, attr in (
        ("compressor", "compressor_kw"),
        ("fan", "fan_kw"),
        ("pump", "pump_kw"),
        ("electrical", "losses_kw"),
        ("other", "other_kw"),
    ):
        setattr(result, attr, sum(t.kw for t in result.terms if t.category == category))
    result.cooling_kw = result.compressor_kw + result.fan_kw + result.pump_kw
    result.outside_cooling_kw = sum(
        t.kw for t in result.terms if t.name.startswith("cooling of IT outside")
    )
    computed_kw = it_kw + result.terms_kw(1.0)
    result.pue_computed = computed_kw / it_kw if it_kw > 0 else None

    target = design.pue_target
    result.pue_target = float(target) if target is not None else None
    stated = design.pue
    lf = result.load_factor
    if stated is not None:
        result.pue_source = "input"
        result.pue_input = result.pue = float(stated)
        result.facility_kw = it_kw * result.pue
        result.pue_at_load = {f: result.pue for f in LOAD_POINTS}
        result.pue_annual = result.pue
        average_facility_kw = it_kw * lf * result.pue
    else:
        result.facility_kw = computed_kw
        result.pue = result.pue_computed
        result.pue_at_load = {
            f: (f * it_kw + result.terms_kw(f)) / (f * it_kw) if it_kw > 0 else None
            for f in LOAD_POINTS
        }
        average = round(min(max(lf, 0.0), 1.0), 9)
        average_facility_kw = it_kw * lf + sum(
            term.kw_at(average) * term.annual_factor for term in result.terms
        )
        result.pue_annual = average_facility_kw / (it_kw * lf) if it_kw * lf > 0 else None

    hours = result.hours_per_year
    result.it_energy_kwh_per_year = it_kw * lf * hours
    result.energy_kwh_per_year = average_facility_kw * hours
    tariff = design.electricity
    if tariff is not None:
        result.electricity_usd_per_kwh = float(tariff)
        result.energy_cost_usd_per_year = result.energy_kwh_per_year * float(tariff)

    _water(model, results, result, lf * hours)
    results.facility = result


def _climate(cooling: Any, result: FacilityResult) -> None:
    """Whether compressor COPs follow the site's climate, and each economiser's hours."""
    compressors = [
        (loop, draw)
        for loop in cooling.loops
        for draw in loop.draws
        if draw.kind == "compressor" and loop.heat_kw > 0
    ]
    if compressors:
        rated = any(draw.cop_basis == "rated" for _, draw in compressors)
        result.cop_basis = "rated" if rated else "climate"
    for loop, draw in compressors:
        if draw.economiser_hours is not None:
            result.economiser_hours[loop.name] = draw.economiser_hours


def _water(model: Model, results: Results, result: FacilityResult, hours_at_load: float) -> None:
    design = model.design
    result.water_reduction = float(value_or(design.water_reduction, 0.0))
    wue = design.wue
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
