"""Facility rules (DC-COOL-020…029): PUE below 1.0, PUE above target, PUE as an input, and
figures that are lower bounds because the design leaves cooling power, a unit's draw, the power
chain or water use unstated.

The figures come from ``results.facility`` (dcdsl.analysis.facility).
"""

from __future__ import annotations

from collections.abc import Iterator

from dcdsl import number_format
from dcdsl.analysis.facility import FacilityResult
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, error, note, warning
from dcdsl.model import Model
from dcdsl.rules.registry import rule
from dcdsl.units import format_in

PUE_BELOW_ONE = "DC-COOL-020"
PUE_TARGET = "DC-COOL-021"
PUE_INPUT = "DC-COOL-022"
COOLING_POWER_UNKNOWN = "DC-COOL-023"
WATER_UNKNOWN = "DC-COOL-024"


def _facility(results: Results) -> FacilityResult | None:
    facility = results.facility
    return facility if isinstance(facility, FacilityResult) else None


def power(value: float) -> str:
    if abs(value) >= 10_000:
        return format_in(value / 1000, "MW", 2)
    return format_in(value, "kW", 1)


def breakdown(f: FacilityResult) -> str:
    parts = [f"IT {power(f.it_kw)}", f"cooling {power(f.cooling_kw)}"]
    if f.losses_kw:
        parts.append(f"electrical losses {power(f.losses_kw)}")
    if f.other_kw:
        parts.append(f"other {power(f.other_kw)}")
    total = f.it_kw + f.cooling_kw + f.losses_kw + f.other_kw
    return " + ".join(parts) + f" = {power(total)}"


@rule(PUE_BELOW_ONE)
def check_pue_below_one(model: Model, results: Results) -> Iterator[Diagnostic]:
    f = _facility(results)
    if f is None:
        return
    span = model.design.span
    if f.pue_target is not None and f.pue_target < 1.0:
        yield error(
            PUE_BELOW_ONE,
            f"`pue_target = {f.pue_target:g}` is below 1.0; a facility cannot use less energy "
            "than its IT",
            span,
            notes=["PUE = facility energy / IT energy ≥ 1 (The Green Grid WP#49)"],
            help="set a target of 1.0 or more (The Green Grid WP#49 defines PUE ≥ 1; large AI sites aim at 1.2–1.3)",
        )
    if f.pue_source == "input" and f.pue_input is not None and f.pue_input < 1.0:
        yield error(
            PUE_BELOW_ONE,
            f"`pue = {f.pue_input:g}` is below 1.0; a facility cannot use less energy than its IT",
            span,
            help="state a PUE of 1.0 or more, or remove `pue` to compute it from the plant",
        )
    elif f.pue_source == "computed" and f.pue is not None and f.pue < 1.0:
        yield error(
            PUE_BELOW_ONE,
            f"the design's inputs imply PUE {number_format.ratio(f.pue)}, below 1.0: {breakdown(f)}",
            span,
            notes=["a negative cooling, loss or other-load figure lowers facility power below IT"],
            help="check `other_load`, `fan_power`, `pump_power` and the COPs for negative values",
        )


@rule(PUE_TARGET)
def check_pue_target(model: Model, results: Results) -> Iterator[Diagnostic]:
    f = _facility(results)
    if f is None or f.pue is None or f.pue_target is None or f.pue_target < 1.0:
        return
    if f.pue <= f.pue_target + 1e-9:
        return
    notes = [breakdown(f)] if f.pue_source == "computed" else ["the PUE is the design's input"]
    if f.pue_is_lower_bound:
        notes.append(f"a lower bound: no cooling power is known for {power(f.uncooled_kw)} of heat")
    yield warning(
        PUE_TARGET,
        f"PUE {number_format.ratio(f.pue)} is above the design's target {f.pue_target:g}: "
        f"{power(f.facility_kw)} for {power(f.it_kw)} of IT",
        model.design.span,
        notes=notes,
        help="raise the cooling COP (warmer water, free cooling), cut fan and pump power, or "
        "revise `pue_target`",
    )


@rule(PUE_INPUT)
def check_pue_input(model: Model, results: Results) -> Iterator[Diagnostic]:
    f = _facility(results)
    if f is None or f.pue_source != "input" or f.pue_input is None or f.pue_input < 1.0:
        return
    notes = []
    if f.pue_computed is not None and f.it_kw > 0 and (f.cooling_kw > 0 or f.losses_source):
        notes.append(
            f"the plant as stated gives PUE {number_format.ratio(f.pue_computed)}: {breakdown(f)}"
        )
    yield note(
        PUE_INPUT,
        f"PUE {f.pue_input:g} is an input (`design {{ pue = {f.pue_input:g} }}`), not computed: "
        f"facility power = {power(f.it_kw)} × {f.pue_input:g} = {power(f.facility_kw)}",
        model.design.span,
        notes=notes,
        help="remove `pue` and state the cooling plant (cop, chillers, fan_power, pump_power) "
        "to compute it",
    )


@rule(COOLING_POWER_UNKNOWN)
def check_cooling_power_unknown(model: Model, results: Results) -> Iterator[Diagnostic]:
    f = _facility(results)
    if f is None or f.pue_source == "input" or not f.pue_is_lower_bound:
        return
    pue = (
        f"PUE {number_format.ratio(f.pue)} is a lower bound"
        if f.pue is not None
        else "the PUE is a lower bound"
    )
    missing = []
    if f.uncooled_kw > 0:
        missing.append(
            f"no heat-rejection power is known for {power(f.uncooled_kw)} of heat "
            f"({', '.join(f.uncooled_what)})"
        )
    notes = [f"counted: {breakdown(f)}"]
    if f.uncounted:
        missing.append("not counted: " + "; ".join(f.uncounted[:3]))
        if len(f.uncounted) > 3:
            notes.append(f"and {len(f.uncounted) - 3} more consumers with no stated draw")
    notes.append(
        "a loop states its plant with `cop`, `chiller` or `crac` units, cooling towers or dry "
        "coolers with `power_max`, or `fan_power`; a unit its draw with `power_max` (or `cop`); "
        "a power chain carries the IT load for its losses"
    )
    yield warning(
        COOLING_POWER_UNKNOWN,
        f"{pue}: " + "; ".join(missing),
        model.design.span,
        notes=notes,
        help="state the missing plant and power chain, or assume a PUE with "
        "`design { pue = 1.3 }` (summary.json then says `assumed`)",
    )


@rule(WATER_UNKNOWN)
def check_water_unknown(model: Model, results: Results) -> Iterator[Diagnostic]:
    f = _facility(results)
    if f is None or f.unwatered_kw <= 0:
        return
    what = ", ".join(f.unwatered_what)
    if f.water_l_per_year is None:
        message = f"water per year is not computed: no water use is stated for {what}"
    else:
        message = (
            f"water per year counts no water for {power(f.unwatered_kw)} of heat ({what}); "
            "it is a lower bound"
        )
    yield note(
        WATER_UNKNOWN,
        message,
        model.design.span,
        help="state `heat_rejection` (evaporative, closed_loop, dry, chiller) or `water_use` on "
        "each cooling loop, or `design { wue = 1.8 L/kWh }`",
    )
