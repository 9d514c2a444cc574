"""Cooling: every rack against its tier's density limit, every loop's heat balance and plant.

Power in is heat out (1 kW drawn is 1 kW of heat). For each rack group this stage finds its
cooling (a loop, or a bare tier name), the tier's density limits, and how the rack's heat splits
between liquid and room air. For each loop it sums that heat, checks what each kind of unit must
carry (CDUs the liquid heat, CRAHs, CRACs and in-row units the room heat, chillers all of it,
towers and dry coolers all of it plus the compressor work; ``cooling_units``) with all units running and in the failure scenario that the
loop's redundancy claims, computes the coolant and air flows at the loop's ΔT, and the plant's
own draw (compressors from COP, fans, pumps: one ``Draw`` per unit group, which the facility
stage evaluates at 25–100 % load) and water use for the facility stage.

Everything is per rack group × count; no rack or unit is enumerated one by one.
"""

from __future__ import annotations

import attrs

from dcdsl import number_format
from dcdsl.analysis.cooling_climate import at_climate, loop_climate
from dcdsl.analysis.cooling_physics import (
    AIR_CP_KJ_KG_K,
    AIR_DENSITY_KG_M3,
    AIR_TIERS,
    CFM_PER_M3_S,
    COOLANTS,
    DEFAULT_AIR_DELTA_T_K,
    DEFAULT_LIQUID_DELTA_T_K,
    PG25,
    TIER_LIMITS,
    TIER_ORDER,
    WATER,
    Coolant,
    TierLimits,
    air_flow_cfm,
    air_flow_m3_s,
    carrying_tier,
    kw_text,
    liquid_flow_l_per_min,
    tier_limit_text,
)
from dcdsl.analysis.cooling_racks import RackCooling, rack_cooling
from dcdsl.analysis.cooling_units import (
    AIR_UNIT_ROLES,
    COMPRESSOR_ROLES,
    DEFAULT_MIN_SPEED,
    HEAT_ROLES,
    PUMP_ROLES,
    REJECTION_ROLES,
    ROLE_HEAT,
    ROLE_NAMES,
    TERMINAL_ROLES,
    Draw,
    RoleLoad,
    crac_fan_draw,
    door_load,
    failure_scenario,
    role_load,
    role_of,
    role_redundancy,
    share,
    surviving_units,
    unit_draw,
)
from dcdsl.analysis.results import Results
from dcdsl.model import CoolingLoop, Design, Model, PartUse, Redundancy
from dcdsl.model.attributes import value_or

__all__ = [
    "AIR_CP_KJ_KG_K",
    "AIR_DENSITY_KG_M3",
    "AIR_TIERS",
    "AIR_UNIT_ROLES",
    "CFM_PER_M3_S",
    "COOLANTS",
    "DEFAULT_AIR_DELTA_T_K",
    "DEFAULT_LIQUID_DELTA_T_K",
    "HEAT_ROLES",
    "PG25",
    "PUMP_ROLES",
    "ROLE_HEAT",
    "ROLE_NAMES",
    "TIER_LIMITS",
    "TIER_ORDER",
    "WATER",
    "Coolant",
    "Draw",
    "RackCooling",
    "RoleLoad",
    "TierLimits",
    "air_flow_cfm",
    "air_flow_m3_s",
    "carrying_tier",
    "failure_scenario",
    "liquid_flow_l_per_min",
    "rack_cooling",
    "role_of",
    "surviving_units",
    "tier_limit_text",
]

# --- results --------------------------------------------------------------------------------------


@attrs.define
class LoopResult:
    loop: CoolingLoop
    racks: list[RackCooling]
    heat_kw: float = 0.0
    liquid_kw: float = 0.0
    room_kw: float = 0.0
    air_kw: float = 0.0
    roles: dict[str, RoleLoad] = attrs.Factory(dict)
    coolant: Coolant = WATER
    liquid_delta_t_k: float = DEFAULT_LIQUID_DELTA_T_K
    liquid_delta_t_stated: bool = False
    flow_l_per_min: float = 0.0
    air_delta_t_k: float = DEFAULT_AIR_DELTA_T_K
    air_delta_t_stated: bool = False
    air_cfm: float = 0.0
    compressor_kw: float = 0.0
    fan_kw: float = 0.0
    pump_kw: float = 0.0
    # True when the loop states the power of its heat rejection (loop `cop`, chillers, towers or
    # dry coolers with power_max, or loop `fan_power`); else its cooling power is a lower bound.
    plant_known: bool = False
    plant_basis: list[str] = attrs.Factory(list)  # where the cooling power came from
    draws: list[Draw] = attrs.Factory(list)  # every unit group's own draw, with its source
    unknown_draws: list[str] = attrs.Factory(list)  # unit groups that state no power_max or COP
    heat_rejected_kw: float = 0.0  # heat + compressor work, what towers and dry coolers reject
    water_l_per_kwh: float | None = None  # per kWh of heat rejected
    water_source: str = ""

    @property
    def name(self) -> str:
        return self.loop.name

    @property
    def tier(self) -> str:
        return self.loop.cooling_tier

    @property
    def cooling_kw(self) -> float:
        return self.compressor_kw + self.fan_kw + self.pump_kw

    def cooling_kw_at(self, fraction: float) -> float:
        """The plant's draw when the loop carries ``fraction`` of its design heat."""
        return sum(d.kw_at(fraction) for d in self.draws)

    @property
    def missing_terminals(self) -> tuple[str, ...]:
        """The unit roles the loop's tier needs at its racks, when the loop has none of them."""
        needed = TERMINAL_ROLES.get(self.tier, ())
        if not needed or self.heat_kw <= 0 or any(r in self.roles for r in needed):
            return ()
        return needed

    @property
    def rack_count(self) -> int:
        return sum(r.count for r in self.racks)


@attrs.define
class CoolingResult:
    racks: list[RackCooling]
    loops: list[LoopResult]
    unlooped: list[RackCooling]  # racks cooled by a bare tier name (or nothing): no plant data
    heat_kw: float = 0.0
    liquid_kw: float = 0.0
    room_kw: float = 0.0
    cooling_kw: float = 0.0
    compressor_kw: float = 0.0
    fan_kw: float = 0.0
    pump_kw: float = 0.0
    flow_l_per_min: float = 0.0
    air_cfm: float = 0.0

    @property
    def unlooped_kw(self) -> float:
        return sum(r.total_kw for r in self.unlooped)

    def loop(self, name: str) -> LoopResult | None:
        return next((loop for loop in self.loops if loop.name == name), None)

    def loop_rows(self) -> list[dict[str, object]]:
        """One row per loop for the report: heat, flows at the loop's ΔT, plant draw, loading."""
        rows: list[dict[str, object]] = []
        for loop in self.loops:
            units = {
                role.name: {
                    "units": role.units,
                    "load_pct": role.load_pct,
                    "failure_load_pct": role.failure_load_pct,
                    "scenario": role.scenario,
                }
                for role in loop.roles.values()
            }
            rows.append(
                {
                    "name": loop.name,
                    "tier": loop.tier,
                    "racks": loop.rack_count,
                    "heat_kw": loop.heat_kw,
                    "liquid_kw": loop.liquid_kw,
                    "room_kw": loop.room_kw,
                    "coolant": loop.coolant.name,
                    "liquid_delta_t_k": loop.liquid_delta_t_k,
                    "flow_l_per_min": loop.flow_l_per_min,
                    "air_delta_t_k": loop.air_delta_t_k,
                    "air_cfm": loop.air_cfm,
                    "cooling_kw": loop.cooling_kw,
                    "water_l_per_kwh": loop.water_l_per_kwh,
                    "units": units,
                }
            )
        return rows


# --- loops ----------------------------------------------------------------------------------------


# Water per kWh of heat rejected when a loop names only its heat rejection: 1.8 L/kWh for
# evaporative towers [E]; closed loop saves 80–90 % of it (85 % taken) [E]; dry coolers and
# air-cooled chillers evaporate nothing.
WATER_BY_REJECTION = {
    "evaporative": (
        1.8,
        "evaporative default 1.8 L/kWh (estimate; WUE per The Green Grid / ISO/IEC 30134-9)",
    ),
    "closed_loop": (1.8 * (1 - 0.85), "closed-loop default 0.27 L/kWh (1.8 L/kWh less 85 %) [E]"),
    "dry": (0.0, "dry coolers: no water"),
    "chiller": (0.0, "air-cooled chillers: no water"),
}


def analyse_loop(
    loop: CoolingLoop, racks: list[RackCooling], design: Design | None = None
) -> LoopResult:
    result = LoopResult(loop, racks)
    for rack in racks:
        result.heat_kw += rack.total_kw
        result.liquid_kw += rack.liquid_kw * rack.count
        result.room_kw += rack.room_kw * rack.count
        result.air_kw += rack.air_kw * rack.count

    result.coolant = _coolant(loop)
    delta_t = loop_delta_t(loop)
    if loop.cooling_tier in AIR_TIERS:
        if delta_t is not None:
            result.air_delta_t_k, result.air_delta_t_stated = delta_t, True
    elif delta_t is not None:
        result.liquid_delta_t_k, result.liquid_delta_t_stated = delta_t, True
    result.flow_l_per_min = liquid_flow_l_per_min(
        result.liquid_kw, result.liquid_delta_t_k, result.coolant
    )
    result.air_cfm = air_flow_cfm(result.air_kw, result.air_delta_t_k)

    by_role: dict[str, list[PartUse]] = {}
    for use in loop.units:
        by_role.setdefault(role_of(use), []).append(use)

    # Compressor work first (chillers, DX units): towers and dry coolers reject heat + that work.
    cop = loop.cop
    carried = {
        "cdu": result.liquid_kw,
        "crah": result.room_kw,
        "crac": result.room_kw,
        "inrow": result.room_kw,
        "chiller": result.heat_kw,
    }
    order = sorted(by_role, key=lambda r: (r not in COMPRESSOR_ROLES, r in REJECTION_ROLES))
    compressors = any(r in COMPRESSOR_ROLES for r in by_role)
    climate = loop_climate(design, loop, set(by_role)) if design is not None else None
    if not compressors and isinstance(cop, int | float) and cop > 0:
        result.draws.append(
            at_climate(
                Draw(
                    f'cooling loop "{loop.name}" compressors',
                    "loop",
                    "compressor",
                    result.heat_kw / float(cop),
                    1.0,
                    f"loop COP {float(cop):g}: {kw_text(result.heat_kw)} / {float(cop):g}",
                ),
                climate,
            )
        )
        result.plant_known = True
    for role_name in order:
        uses = by_role[role_name]
        if role_name in REJECTION_ROLES:
            result.heat_rejected_kw = result.heat_kw + _kind_kw(result, "compressor")
            carried[role_name] = result.heat_rejected_kw
        redundancy = role_redundancy(uses, loop.redundancy)
        if role_name == "rdhx":
            role = door_load(uses, racks)
        elif role_name in carried:
            role = role_load(role_name, uses, carried[role_name], redundancy)
        else:  # pumps and anything else: no heat capacity to check, only their draw
            role = role_load(role_name, uses, 0.0, Redundancy())
        result.roles[role_name] = role
        for use in uses:
            draws = [unit_draw(use, role, cop), crac_fan_draw(use, role)]
            draws[0] = at_climate(draws[0], climate) if draws[0] is not None else None
            if draws[0] is None:
                result.unknown_draws.append(f"{use.part.name} × {use.count}")
            for draw in draws:
                if draw is None:
                    continue
                result.draws.append(draw)
                role.power_kw += draw.kw
                if role_name in COMPRESSOR_ROLES or role_name in REJECTION_ROLES:
                    result.plant_known = True
    result.heat_rejected_kw = result.heat_kw + _kind_kw(result, "compressor")

    for key, kind, stated in (
        ("fan_power", "fan", loop.fan_power),
        ("pump_power", "pump", loop.pump_power),
    ):
        if stated is not None:
            # A loop-level figure is the draw at the design load: its fans and pumps move a flow
            # that follows the loop's heat, so it scales by the affinity laws like a unit group's
            # (speed = the load fraction, floored at the default minimum speed).
            result.draws.append(
                Draw(
                    f'cooling loop "{loop.name}" {key}',
                    "loop",
                    kind,
                    float(stated),
                    1.0,
                    f"loop `{key}` {kw_text(float(stated))} at the design load × speed³ "
                    f"(affinity laws; min speed {number_format.percent(DEFAULT_MIN_SPEED, 0)} [E])",
                    min_speed=DEFAULT_MIN_SPEED,
                )
            )
            result.plant_known = result.plant_known or key == "fan_power"
    result.compressor_kw = _kind_kw(result, "compressor")
    result.fan_kw = _kind_kw(result, "fan")
    result.pump_kw = _kind_kw(result, "pump")
    result.plant_basis = [f"{d.what}: {d.source}" for d in result.draws]
    result.water_l_per_kwh, result.water_source = _water_intensity(loop, result, by_role)
    return result


def _kind_kw(result: LoopResult, kind: str, fraction: float = 1.0) -> float:
    return sum(d.kw_at(fraction) for d in result.draws if d.kind == kind)


def _coolant(loop: CoolingLoop) -> Coolant:
    """The loop's `coolant`, else the one its CDUs name (the catalogue says "PG25"), else water."""
    named = loop.coolant
    if named is None:
        named = next(
            (u.specs.coolant for u in loop.units if role_of(u) == "cdu" and u.specs.coolant), None
        )
    return COOLANTS.get(str(named).lower(), WATER) if named is not None else WATER


def loop_delta_t(loop: CoolingLoop) -> float | None:
    if loop.delta_t is not None:
        return float(loop.delta_t)
    supply, back = loop.supply, loop.return_
    if supply is not None and back is not None:
        return float(back) - float(supply)
    return None


def _water_intensity(
    loop: CoolingLoop, result: LoopResult, by_role: dict[str, list[PartUse]]
) -> tuple[float | None, str]:
    """Water per kWh of heat rejected, and where the figure came from (None: not stated)."""
    if loop.water_use is not None:
        return float(loop.water_use), f'`water_use` of cooling loop "{loop.name}"'
    rejecters = [*by_role.get("cooling_tower", []), *by_role.get("dry_cooler", [])]
    if rejecters:
        # Weighted by the heat each group rejects; a tower that states nothing is evaporative.
        total_weight = litres = 0.0
        for use in rejecters:
            role = result.roles[role_of(use)]
            weight = share(use, role)
            default = 1.8 if role_of(use) == "cooling_tower" else 0.0
            litres += weight * float(value_or(use.specs.water_use, default))
            total_weight += weight
        if total_weight > 0:
            return litres / total_weight, "the cooling towers' and dry coolers' `water_use`"
        return 0.0, "the cooling towers' and dry coolers' `water_use`"
    rejection = loop.heat_rejection
    if rejection in WATER_BY_REJECTION:
        return WATER_BY_REJECTION[str(rejection)]
    return None, ""


# --- the stage ------------------------------------------------------------------------------------


def analyse(model: Model, results: Results) -> None:
    load = results.load
    if load is None:
        results.cooling = CoolingResult([], [], [])
        return
    racks = [rack_cooling(r, load.basis, load.load_factor) for r in load.racks]
    by_loop: dict[int, list[RackCooling]] = {id(loop): [] for loop in model.cooling_loops}
    unlooped: list[RackCooling] = []
    for rack in racks:
        if rack.loop is None:
            unlooped.append(rack)
        else:
            by_loop.setdefault(id(rack.loop), []).append(rack)
    loops = [analyse_loop(loop, by_loop[id(loop)], model.design) for loop in model.cooling_loops]
    results.cooling = totals(CoolingResult(racks, loops, unlooped))


def totals(result: CoolingResult) -> CoolingResult:
    for rack in result.racks:
        result.heat_kw += rack.total_kw
        result.liquid_kw += rack.liquid_kw * rack.count
        result.room_kw += rack.room_kw * rack.count
    for rack in result.unlooped:  # flows at the default ΔTs: no loop states one
        result.flow_l_per_min += liquid_flow_l_per_min(
            rack.liquid_kw * rack.count, DEFAULT_LIQUID_DELTA_T_K
        )
        result.air_cfm += air_flow_cfm(rack.air_kw * rack.count, DEFAULT_AIR_DELTA_T_K)
    for loop in result.loops:
        result.compressor_kw += loop.compressor_kw
        result.fan_kw += loop.fan_kw
        result.pump_kw += loop.pump_kw
        result.flow_l_per_min += loop.flow_l_per_min
        result.air_cfm += loop.air_cfm
    result.cooling_kw = result.compressor_kw + result.fan_kw + result.pump_kw
    return result
