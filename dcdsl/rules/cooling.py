"""Cooling rules (DC-COOL-001…019): rack density per tier, heat balance per loop under the
claimed redundancy, CDU approach, ASHRAE air and liquid classes, liquid-only devices, and the
units each tier needs at its racks (doors, CDUs, air handlers).

The figures come from ``results.cooling`` (dcdsl.analysis.cooling); these checks compare them
with limits and say what to do. docs/checks.md has each rule's formula and a worked example.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from dcdsl.analysis import cooling as c
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, Label, Span, error, warning
from dcdsl.model import CoolingLoop, Model, RackGroup
from dcdsl.number_format import number as format_number
from dcdsl.rules.registry import rule
from dcdsl.units import format_in

DENSITY = "DC-COOL-001"
DENSITY_WARN = "DC-COOL-002"
HEAT_BALANCE = "DC-COOL-003"
REAR_DOORS = "DC-COOL-004"
APPROACH = "DC-COOL-005"
AIR_ALLOWABLE = "DC-COOL-006"
AIR_RECOMMENDED = "DC-COOL-007"
LIQUID_CLASS = "DC-COOL-008"
NEEDS_LIQUID = "DC-COOL-009"
RESIDUAL_AIR = "DC-COOL-010"
CDU_FLOW = "DC-COOL-011"
DELTA_T = "DC-COOL-012"
TERMINALS = "DC-COOL-013"

# ASHRAE TC9.9 (2021) air classes: allowable inlet range (°C), recommended range (Thermal Guidelines, 5th ed., Table 2.1).
AIR_ALLOWABLE_C = {
    "A1": (15.0, 32.0),
    "A2": (10.0, 35.0),
    "A3": (5.0, 40.0),
    "A4": (5.0, 45.0),
    "H1": (5.0, 25.0),
}
AIR_RECOMMENDED_C = {"H1": (18.0, 22.0)}
AIR_RECOMMENDED_DEFAULT_C = (18.0, 27.0)
# Liquid classes: highest facility supply (°C); 2 °C is the lowest for all (ASHRAE TC9.9 2021 liquid-cooling white paper).
LIQUID_MAX_C = {"W17": 17.0, "W27": 27.0, "W32": 32.0, "W40": 40.0, "W45": 45.0, "W+": None}
LIQUID_MIN_C = 2.0


def _results(results: Results) -> c.CoolingResult | None:
    cooling = results.cooling
    return cooling if isinstance(cooling, c.CoolingResult) else None


def kw(value: float) -> str:
    return format_in(value, "kW", 1)


def pct(value: float | None) -> str:
    if value is None or value == float("inf"):
        return "no capacity left"
    return f"{format_number(value, 1)} %"


def degc(value: float) -> str:
    return format_in(value, "degC", 1)


def racks_text(group: RackGroup) -> str:
    where = [f"type {group.rack_type.name}"]
    if group.hall is not None:
        where.insert(0, f"hall {group.hall.name}")
    noun = "rack" if group.count == 1 else f"{group.count:,} racks"
    return f"{noun} {group.names_summary} ({', '.join(where)})"


def _draw(group: RackGroup) -> str:
    return "draws" if group.count == 1 else "draw"


def _outer_label(span: Span | None, loop: CoolingLoop) -> list[Label]:
    """Point at the loop too, unless the primary span already sits inside it."""
    if loop.span is None or (span is not None and loop.span.contains(span)):
        return []
    return [Label(loop.span, f'cooling loop "{loop.name}"')]


def _loop_label(loop: CoolingLoop | None) -> list[Label]:
    if loop is None or loop.span is None:
        return []
    return [Label(loop.span, f'cooling loop "{loop.name}" ({loop.tier})')]


def _suggestion(rack_kw: float, current: str) -> str:
    tier = c.carrying_tier(rack_kw)
    if tier is None or tier == current:
        return "spread the load over more racks"
    return f"{c.tier_limit_text(tier)} would carry it"


@rule(DENSITY)
def check_density(model: Model, results: Results) -> Iterator[Diagnostic]:
    cooling = _results(results)
    for rack in cooling.racks if cooling else ():
        if rack.limit_kw is None or rack.rack_kw <= rack.limit_kw:
            continue
        tier = c.carrying_tier(rack.rack_kw)
        how = (
            f"cool these racks with {tier}: a `cooling` loop with `tier = {tier}`"
            if tier and tier != rack.tier
            else "spread the load over more racks"
        )
        notes = [
            f"{rack.count:,} × {kw(rack.rack_kw)} = {kw(rack.total_kw)}",
            f"limit: {rack.limit_source}",
        ]
        if not rack.tier_stated:
            notes.append("no cooling is stated for these racks, so they are checked as air")
        yield error(
            DENSITY,
            f"{racks_text(rack.group)} {_draw(rack.group)} {kw(rack.rack_kw)} per rack; the {rack.tier} tier "
            f"carries at most {kw(rack.limit_kw)}; {_suggestion(rack.rack_kw, rack.tier)}",
            rack.group.span,
            labels=_loop_label(rack.loop),
            notes=notes,
            help=f"{how}; or, if the vendor confirms more, set `density_limit` with a source",
        )


@rule(DENSITY_WARN)
def check_density_warn(model: Model, results: Results) -> Iterator[Diagnostic]:
    cooling = _results(results)
    for rack in cooling.racks if cooling else ():
        if rack.warn_kw is None or rack.rack_kw <= rack.warn_kw:
            continue
        if rack.limit_kw is not None and rack.rack_kw > rack.limit_kw:
            continue  # DC-COOL-001 says it
        yield warning(
            DENSITY_WARN,
            f"{racks_text(rack.group)} {_draw(rack.group)} {kw(rack.rack_kw)} per rack, above the {rack.tier} "
            f"tier's usual {kw(rack.warn_kw)}; {_suggestion(rack.rack_kw, rack.tier)}",
            rack.group.span,
            labels=_loop_label(rack.loop),
            notes=[f"threshold: {rack.limit_source}"],
            help="confirm the density with the cooling vendor (then `allow "
            f'{DENSITY_WARN} because "…"`), or move these racks to a more capable tier',
        )


@rule(HEAT_BALANCE)
def check_heat_balance(model: Model, results: Results) -> Iterator[Diagnostic]:
    cooling = _results(results)
    for loop in cooling.loops if cooling else ():
        for role in loop.roles.values():
            if role.role not in c.HEAT_ROLES or not role.capacity_known or role.carried_kw <= 0:
                continue
            yield from _role_check(loop, role)


def _role_check(loop: c.LoopResult, role: c.RoleLoad) -> Iterable[Diagnostic]:
    heat = c.ROLE_HEAT.get(role.role, "heat")
    span = role.uses[0].span or loop.loop.span
    labels = _outer_label(span, loop.loop)
    sizes = " + ".join(f"{u.count} × {kw(u.specs.capacity or 0.0)}" for u in role.uses)
    if role.carried_kw > role.installed_kw:
        yield error(
            HEAT_BALANCE,
            f'{role.name} of cooling loop "{loop.name}" must carry {kw(role.carried_kw)} of '
            f"{heat} but have {kw(role.installed_kw)} ({sizes}): {pct(role.load_pct)} "
            "with every unit running",
            span,
            labels=labels,
            notes=_heat_notes(loop),
            help=f"add {_units_to_add(role, role.installed_kw)} or choose larger units",
        )
    elif role.scenario and role.carried_kw > role.surviving_kw:
        yield error(
            HEAT_BALANCE,
            f'{role.name} of cooling loop "{loop.name}" cannot carry {kw(role.carried_kw)} of '
            f"{heat} with {role.scenario}: "
            + (
                f"{role.surviving_units} left with {kw(role.surviving_kw)}, loaded to "
                f"{pct(role.failure_load_pct)}"
                if role.surviving_units
                else "none left"
            ),
            span,
            labels=labels,
            notes=[
                f"all {role.units} running: {kw(role.installed_kw)}, {pct(role.load_pct)}",
                *_heat_notes(loop),
            ],
            help=f"add {_units_to_add(role, role.surviving_kw)} to keep {role.redundancy} "
            "true, or choose larger units",
        )


def _units_to_add(role: c.RoleLoad, available_kw: float) -> str:
    unit_kw = min(u.specs.capacity or 0.0 for u in role.uses)
    if unit_kw <= 0:
        return "units"
    missing = role.carried_kw - available_kw
    extra = max(1, -int(-missing // unit_kw))
    singular, plural = c.ROLE_NAMES.get(role.role, (role.role, role.role + "s"))
    return f"{extra} {singular if extra == 1 else plural} of {kw(unit_kw)}"


def _heat_notes(loop: c.LoopResult) -> list[str]:
    notes = [
        f"{loop.rack_count:,} racks, {kw(loop.heat_kw)}: {kw(loop.liquid_kw)} to liquid, "
        f"{kw(loop.room_kw)} to room air"
    ]
    splits = {r.residual_source for r in loop.racks if r.tier not in c.AIR_TIERS}
    if splits:
        notes.append("liquid/air split from " + "; ".join(sorted(splits)))
    return notes


@rule(REAR_DOORS)
def check_rear_doors(model: Model, results: Results) -> Iterator[Diagnostic]:
    cooling = _results(results)
    for loop in cooling.loops if cooling else ():
        role = loop.roles.get("rdhx")
        if role is None or role.racks == 0:
            continue
        span = role.uses[0].span or loop.loop.span
        if role.units < role.racks:
            yield error(
                REAR_DOORS,
                f'cooling loop "{loop.name}" has {role.units:,} rear doors for {role.racks:,} '
                "rear-door racks; every rack needs its own door",
                span,
                help=f"set the door count to {role.racks:,} (one per rack)",
            )
        if role.min_unit_kw and role.max_rack_kw > role.min_unit_kw:
            hottest = max((r for r in loop.racks if r.tier == "rear_door"), key=lambda r: r.rack_kw)
            yield error(
                REAR_DOORS,
                f'a rear door of cooling loop "{loop.name}" removes {kw(role.min_unit_kw)}, but '
                f"{racks_text(hottest.group)} {_draw(hottest.group)} {kw(hottest.rack_kw)} per rack",
                span,
                labels=[Label(hottest.group.span, "these racks")] if hottest.group.span else [],
                help="choose a door rated for the rack's heat, or move the rack to direct-to-chip",
            )


@rule(APPROACH)
def check_approach(model: Model, results: Results) -> Iterator[Diagnostic]:
    for loop in model.cooling_loops:
        facility, supply = loop.facility_supply, loop.supply
        if facility is None or supply is None:
            continue
        for use in loop.units:
            approach = use.specs.approach
            if c.role_of(use) != "cdu" or approach is None:
                continue
            reach = float(facility) + float(approach)
            if reach > float(supply) + 1e-9:
                yield error(
                    APPROACH,
                    f'CDU {use.part.name} of cooling loop "{loop.name}" delivers '
                    f"{degc(reach)} at best (facility water {degc(float(facility))} + approach "
                    f"{format_in(float(approach), 'K', 1)}), warmer than the stated supply "
                    f"{degc(float(supply))}",
                    use.span or loop.span,
                    notes=[
                        "its rated capacity holds at that approach; a smaller approach "
                        "means less capacity"
                    ],
                    help=f"lower `facility_supply` to {degc(float(supply) - float(approach))} "
                    "or less, raise `supply`, or choose a CDU rated at a smaller approach",
                )


@rule(AIR_ALLOWABLE)
def check_air_allowable(model: Model, results: Results) -> Iterator[Diagnostic]:
    for loop in model.cooling_loops:
        inlet, air_class = _air_inlet(loop), loop.air_class
        if inlet is None or air_class not in AIR_ALLOWABLE_C:
            continue
        low, high = AIR_ALLOWABLE_C[str(air_class)]
        if not low <= inlet <= high:
            yield error(
                AIR_ALLOWABLE,
                f'cooling loop "{loop.name}" supplies air at {degc(inlet)}, outside ASHRAE '
                f"class {air_class}'s allowable {degc(low)}–{degc(high)}",
                loop.span,
                notes=["ASHRAE TC9.9 thermal guidelines (2021), Table 2.1"],
                help=f"set the supply between {degc(low)} and {degc(high)}, or state the class "
                "the IT equipment is rated for",
            )


@rule(AIR_RECOMMENDED)
def check_air_recommended(model: Model, results: Results) -> Iterator[Diagnostic]:
    for loop in model.cooling_loops:
        inlet, air_class = _air_inlet(loop), loop.air_class
        if inlet is None:
            continue
        if air_class in AIR_ALLOWABLE_C:
            low, high = AIR_ALLOWABLE_C[str(air_class)]
            if not low <= inlet <= high:
                continue  # DC-COOL-006 says it
        low, high = AIR_RECOMMENDED_C.get(str(air_class), AIR_RECOMMENDED_DEFAULT_C)
        if not low <= inlet <= high:
            name = f"class {air_class}" if air_class else "A1–A4"
            yield warning(
                AIR_RECOMMENDED,
                f'cooling loop "{loop.name}" supplies air at {degc(inlet)}, outside the ASHRAE '
                f"recommended {degc(low)}–{degc(high)} ({name})",
                loop.span,
                help="inside the allowable range this is legal, but IT reliability and fan "
                f"power suffer; aim for {degc(low)}–{degc(high)}",
            )


def _air_inlet(loop: CoolingLoop) -> float | None:
    """The rack air inlet: `air_supply`, or `supply` on an air tier (liquid tiers: water)."""
    if loop.air_supply is not None:
        return float(loop.air_supply)
    if loop.tier in c.AIR_TIERS and loop.supply is not None:
        return float(loop.supply)
    return None


@rule(LIQUID_CLASS)
def check_liquid_class(model: Model, results: Results) -> Iterator[Diagnostic]:
    for loop in model.cooling_loops:
        liquid_class = loop.liquid_class
        if liquid_class not in LIQUID_MAX_C:
            continue
        supply, which = _facility_supply(loop)
        if supply is None:
            continue
        high = LIQUID_MAX_C[str(liquid_class)]
        if high is not None and supply > high:
            yield error(
                LIQUID_CLASS,
                f'cooling loop "{loop.name}" supplies facility water at {degc(supply)} ({which}), '
                f"above class {liquid_class}'s {degc(high)}",
                loop.span,
                notes=["ASHRAE TC9.9 liquid cooling classes (2021): W17 W27 W32 W40 W45 W+"],
                help=f"lower the supply to {degc(high)} or less, or use equipment rated for a "
                "warmer class",
            )
        elif supply < LIQUID_MIN_C:
            yield error(
                LIQUID_CLASS,
                f'cooling loop "{loop.name}" supplies facility water at {degc(supply)} ({which}), '
                f"below the {degc(LIQUID_MIN_C)} minimum of every ASHRAE liquid class",
                loop.span,
                help=f"raise the supply to {degc(LIQUID_MIN_C)} or more",
            )


def _facility_supply(loop: CoolingLoop) -> tuple[float | None, str]:
    if loop.facility_supply is not None:
        return float(loop.facility_supply), "`facility_supply`"
    has_cdu = any(c.role_of(u) == "cdu" for u in loop.units)
    if not has_cdu and loop.supply is not None:
        return float(loop.supply), "`supply`, no CDU in between"
    return None, ""


LIQUID_ONLY = frozenset({"direct_to_chip", "immersion"})


@rule(NEEDS_LIQUID)
def check_needs_liquid(model: Model, results: Results) -> Iterator[Diagnostic]:
    cooling = _results(results)
    for rack in cooling.racks if cooling else ():
        for use in rack.group.all_contents():
            needs = use.specs.cooling
            if needs in LIQUID_ONLY and rack.tier != needs:
                yield error(
                    NEEDS_LIQUID,
                    f"{use.part.name} needs {needs} cooling, but {racks_text(rack.group)} are "
                    f"cooled by {rack.tier}",
                    rack.group.span,
                    labels=[Label(use.span, f"{use.part.name} placed here")] if use.span else [],
                    help=f"put these racks on a cooling loop with `tier = {needs}`",
                )
                break


@rule(RESIDUAL_AIR)
def check_residual_air(model: Model, results: Results) -> Iterator[Diagnostic]:
    cooling = _results(results)
    limit = c.TIER_LIMITS["air_contained"].limit_kw
    assert limit is not None
    for rack in cooling.racks if cooling else ():
        if rack.tier != "direct_to_chip" or rack.room_kw <= limit:
            continue
        yield error(
            RESIDUAL_AIR,
            f"{racks_text(rack.group)} leave {kw(rack.room_kw)} per rack in the air "
            f"({kw(rack.rack_kw)} less {kw(rack.liquid_kw)} to the cold plates); air cooling "
            f"carries at most {kw(limit)} per rack",
            rack.group.span,
            labels=_loop_label(rack.loop),
            notes=[f"liquid/air split from {rack.residual_source}"],
            help="add a rear door for the residual heat, take more heat to liquid, or move "
            "these racks to immersion",
        )


@rule(CDU_FLOW)
def check_cdu_flow(model: Model, results: Results) -> Iterator[Diagnostic]:
    cooling = _results(results)
    for loop in cooling.loops if cooling else ():
        role = loop.roles.get("cdu")
        if role is None or role.flow_l_per_min is None or not 0 < loop.flow_l_per_min < math.inf:
            continue
        needed = loop.flow_l_per_min
        available, when = role.flow_l_per_min, "with every unit running"
        if needed <= available and role.scenario:
            available, when = role.surviving_flow_l_per_min or 0.0, f"with {role.scenario}"
        if needed <= available + 1e-9:
            continue
        delta = format_in(loop.liquid_delta_t_k, "K", 1)
        stated = "" if loop.liquid_delta_t_stated else " (assumed; state `delta_t`)"
        yield error(
            CDU_FLOW,
            f'CDUs of cooling loop "{loop.name}" pump {format_in(available, "L/min", 0)} '
            f"{when}, but {kw(loop.liquid_kw)} at ΔT {delta}{stated} needs "
            f"{format_in(needed, 'L/min', 0)} of {loop.coolant.name}",
            role.uses[0].span or loop.loop.span,
            notes=[
                f"V = Q / (ρ·c_p·ΔT): ρ = {loop.coolant.density_kg_m3:g} kg/m³, "
                f"c_p = {loop.coolant.cp_kj_kg_k:g} kJ/(kg·K)"
            ],
            help="design for a larger ΔT (flow falls in proportion), add CDUs, or choose "
            "CDUs rated for more flow",
        )


@rule(DELTA_T)
def check_delta_t(model: Model, results: Results) -> Iterator[Diagnostic]:
    for loop in model.cooling_loops:
        delta = c.loop_delta_t(loop)
        if delta is None or delta > 0:
            continue
        supply, back = loop.supply, loop.return_
        how = (
            f"`delta_t = {format_in(delta, 'K', 1)}`"
            if loop.delta_t is not None
            else f"return {degc(float(back or 0.0))} − supply {degc(float(supply or 0.0))} = "
            f"{format_in(delta, 'K', 1)}"
        )
        yield error(
            DELTA_T,
            f'cooling loop "{loop.name}" has a ΔT of {format_in(delta, "K", 1)} ({how}); the '
            "coolant must warm up to carry heat",
            loop.span,
            help="the return must be warmer than the supply: a water loop is usually designed "
            "for 5–15 K",
        )


TERMINAL_EXAMPLES = {
    "rdhx": "rdhx = rdhx_50kw * {racks}",
    "cdu": "cdu = cdu_600kw * 2",
    "crah": "crah = crah_100kw * 2",
}


@rule(TERMINALS)
def check_terminals(model: Model, results: Results) -> Iterator[Diagnostic]:
    cooling = _results(results)
    for loop in cooling.loops if cooling else ():
        needed = loop.missing_terminals
        if not needed:
            continue
        names = " or ".join(c.ROLE_NAMES.get(r, (r, r + "s"))[1] for r in needed)
        example = TERMINAL_EXAMPLES.get(needed[0], f"{needed[0]} = …").format(racks=loop.rack_count)
        yield error(
            TERMINALS,
            f'cooling loop "{loop.name}" ({loop.tier}) carries {kw(loop.heat_kw)} from '
            f"{loop.rack_count:,} rack{'s' if loop.rack_count != 1 else ''} but has no {names}: "
            "nothing moves the heat from the racks into the loop",
            loop.loop.span,
            notes=[
                f"a {loop.tier} loop needs {names} at its racks; their capacity, power and "
                "cost belong in the design (heat balance, PUE, BOM)"
            ],
            help=f"add them to the loop, e.g. `{example}`",
        )
