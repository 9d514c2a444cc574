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

import math

import attrs

from dcdsl import number_format
from dcdsl.analysis.cooling_climate import at_climate, loop_climate
from dcdsl.analysis.cooling_units import (
    AIR_UNIT_ROLES,
    COMPRESSOR_ROLES,
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
from dcdsl.analysis.load import RackLoad, device_kw
from dcdsl.analysis.results import Results
from dcdsl.model import CoolingLoop, Design, Model, PartUse, RackGroup, Redundancy
from dcdsl.model.attributes import value_or

__all__ = [
    "AIR_UNIT_ROLES",
    "HEAT_ROLES",
    "PUMP_ROLES",
    "ROLE_HEAT",
    "ROLE_NAMES",
    "Draw",
    "RoleLoad",
    "failure_scenario",
    "role_of",
    "surviving_units",
]

# --- physical constants ---------------------------------------------------------------------------


@attrs.frozen
class Coolant:
    name: str
    density_kg_m3: float
    cp_kj_kg_k: float
    source: str


# Water at about 25 °C; 1 kW at 10 K needs 60,000 / (997 × 4.18 × 10) = 1.44 L/min (ṁ = Q / (c_p·ΔT)).
WATER = Coolant("water", 997.0, 4.18, "water at 25 °C (CRC handbook values)")
# 25 % propylene glycol: a lower c_p, a higher density [E], so more flow for the same heat.
PG25 = Coolant("pg25", 1020.0, 3.95, "25 % propylene glycol at 25 °C [E]")
COOLANTS = {c.name: c for c in (WATER, PG25)}

AIR_DENSITY_KG_M3 = 1.2  # sensible-heat equation, ASHRAE Handbook—Fundamentals
AIR_CP_KJ_KG_K = 1.005
CFM_PER_M3_S = 60.0 / 0.3048**3  # 1 m³/s = 2,118.88 ft³/min
DEFAULT_LIQUID_DELTA_T_K = 10.0  # the usual design ΔT of a facility or TCS water loop [E]
# 20 °F across the servers (the CFM = 3.16·W/ΔT°F rule of thumb)
DEFAULT_AIR_DELTA_T_K = 20.0 * 5.0 / 9.0


def liquid_flow_l_per_min(heat_kw: float, delta_t_k: float, coolant: Coolant = WATER) -> float:
    """Coolant flow that carries ``heat_kw`` at ``delta_t_k``: V̇ = Q / (ρ·c_p·ΔT)."""
    if delta_t_k <= 0:
        return math.inf if heat_kw > 0 else 0.0
    mass_kg_s = heat_kw / (coolant.cp_kj_kg_k * delta_t_k)
    return mass_kg_s / coolant.density_kg_m3 * 1000.0 * 60.0


def air_flow_m3_s(heat_kw: float, delta_t_k: float) -> float:
    """Air volume that carries ``heat_kw`` at ``delta_t_k``: V̇ = Q / (ρ·c_p·ΔT)."""
    if delta_t_k <= 0:
        return math.inf if heat_kw > 0 else 0.0
    return heat_kw / (AIR_DENSITY_KG_M3 * AIR_CP_KJ_KG_K * delta_t_k)


def air_flow_cfm(heat_kw: float, delta_t_k: float) -> float:
    return air_flow_m3_s(heat_kw, delta_t_k) * CFM_PER_M3_S


# --- tiers ----------------------------------------------------------------------------------------

# Order of increasing capability: the first tier whose limit covers a rack is the one to suggest.
TIER_ORDER = ("air", "air_contained", "rear_door", "direct_to_chip", "immersion")
AIR_TIERS = frozenset({"air", "air_contained"})


@attrs.frozen
class TierLimits:
    """Rack-density thresholds of a tier (kW per rack) and the heat it leaves in the room air."""

    warn_kw: float | None  # above this: warning (DC-COOL-002)
    limit_kw: float | None  # above this: error (DC-COOL-001); None: no limit
    residual_to_air: float  # fraction of rack heat left in the room when nothing else says
    source: str


# Rack-density bands [E]. Direct-to-chip warns above its 80–120 kW range rather than failing:
# GB200 NVL72 is a shipping DLC rack at 120–132 kW (NVIDIA DGX GB200 user guide; vendor figures).
# It fails at 200 kW, where immersion starts. The 20 % residual to air is an estimate [E].
TIER_LIMITS: dict[str, TierLimits] = {
    "air": TierLimits(
        30.0, 40.0, 1.0, "rack-density bands, estimate (air: warn > 30 kW, error > 40 kW)"
    ),
    "air_contained": TierLimits(
        30.0, 40.0, 1.0, "rack-density bands, estimate (air: warn > 30 kW, error > 40 kW)"
    ),
    "rear_door": TierLimits(None, 50.0, 0.0, "rack-density bands, estimate (rear-door HX ≈ 50 kW)"),
    "direct_to_chip": TierLimits(
        120.0, 200.0, 0.2, "rack-density bands, estimate (DLC 80–120 kW; immersion from 200 kW)"
    ),
    "immersion": TierLimits(
        None, None, 0.0, "rack-density bands, estimate (immersion 200 kW and more)"
    ),
}


def carrying_tier(rack_kw: float) -> str | None:
    """The least capable tier that carries ``rack_kw`` per rack without a warning."""
    for tier in TIER_ORDER:
        limits = TIER_LIMITS[tier]
        threshold = limits.warn_kw if limits.warn_kw is not None else limits.limit_kw
        if threshold is None or rack_kw <= threshold:
            return tier
    return None


def tier_limit_text(tier: str) -> str:
    limits = TIER_LIMITS[tier]
    if limits.warn_kw is not None and limits.limit_kw is not None:
        return f"{tier} (to {_kw(limits.warn_kw)}, {_kw(limits.limit_kw)} at most)"
    if limits.limit_kw is not None:
        return f"{tier} (to {_kw(limits.limit_kw)})"
    return f"{tier} (no default limit)"


def _kw(value: float) -> str:
    return f"{number_format.significant(value, 4)} kW"


# --- results --------------------------------------------------------------------------------------


@attrs.frozen
class RackCooling:
    """How one rack group is cooled; figures per rack."""

    load: RackLoad
    tier: str
    loop: CoolingLoop | None
    tier_stated: bool  # False: no cooling was stated, checked as air
    rack_kw: float
    liquid_kw: float  # heat that leaves the rack in liquid (cold plates, tank, door coil)
    room_kw: float  # heat left in the room air, for the CRAHs
    warn_kw: float | None
    limit_kw: float | None
    limit_source: str
    residual_source: str

    @property
    def group(self) -> RackGroup:
        return self.load.group

    @property
    def count(self) -> int:
        return self.load.group.count

    @property
    def total_kw(self) -> float:
        return self.rack_kw * self.count

    @property
    def air_kw(self) -> float:
        """Heat carried out of the rack by air (through the servers, before any door coil)."""
        return self.rack_kw if self.tier == "rear_door" else self.room_kw


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


# --- racks ----------------------------------------------------------------------------------------


def rack_cooling(load: RackLoad, basis: str, load_factor: float) -> RackCooling:
    group = load.group
    target = group.cooling
    loop = target if isinstance(target, CoolingLoop) else None
    if loop is not None:
        tier = loop.cooling_tier
    elif isinstance(target, str) and target in TIER_LIMITS:
        tier = target
    else:
        tier = "air"
    if tier not in TIER_LIMITS:  # an enum the schema allows but this table lacks: check as air
        tier = "air"
    defaults = TIER_LIMITS[tier]
    warn_kw, limit_kw, source = (
        defaults.warn_kw,
        defaults.limit_kw,
        f"{tier} default, {defaults.source}",
    )
    if loop is not None and loop.density_limit is not None:
        limit_kw = float(loop.density_limit)
        source = f'`density_limit` of cooling loop "{loop.name}"'
    if loop is not None and loop.density_warn is not None:
        warn_kw = float(loop.density_warn)
    if group.density_limit is not None:
        limit_kw = float(group.density_limit)
        source = "the rack's `density_limit`"
    rack_kw = load.it_kw
    liquid_kw, residual_source = _liquid_share(load, tier, loop, basis, load_factor)
    liquid_kw = min(max(liquid_kw, 0.0), rack_kw)
    return RackCooling(
        load,
        tier,
        loop,
        target is not None,
        rack_kw,
        liquid_kw,
        rack_kw - liquid_kw,
        warn_kw,
        limit_kw,
        source,
        residual_source,
    )


def _liquid_share(
    load: RackLoad, tier: str, loop: CoolingLoop | None, basis: str, load_factor: float
) -> tuple[float, str]:
    """Heat per rack that leaves in liquid, and where the split came from."""
    rack_kw = load.it_kw
    if tier in AIR_TIERS:
        return 0.0, "air tier: all heat to room air"
    stated = loop.residual_to_air if loop is not None else None
    residual = float(stated) if stated is not None else TIER_LIMITS[tier].residual_to_air
    where = (
        f'`residual_to_air` of cooling loop "{loop.name}"'
        if stated is not None and loop is not None
        else f"{tier} default residual to air {residual:.0%} [E]"
    )
    if tier != "direct_to_chip":
        return rack_kw * (1.0 - residual), where
    # Cold plates take what each device says (`heat_to_liquid`); the rest of a device's heat
    # stays in the air. Devices that say nothing take the loop's (or the tier's) split.
    liquid = 0.0
    from_devices = from_default = False
    for use in load.group.all_contents():
        kw = device_kw(use, basis, load_factor) * use.count
        fraction = use.specs.heat_to_liquid
        if fraction is not None:
            from_devices = True
            liquid += kw * float(fraction)
        elif kw > 0:
            from_default = True
            liquid += kw * (1.0 - residual)
    if from_devices:
        where = "the devices' `heat_to_liquid`" + (f"; others: {where}" if from_default else "")
    return liquid, where


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
                    f"loop COP {float(cop):g}: {_kw(result.heat_kw)} / {float(cop):g}",
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
            # A loop-level figure has no capacity to scale by: it runs at its stated draw.
            result.draws.append(
                Draw(
                    f'cooling loop "{loop.name}" {key}',
                    "loop",
                    kind,
                    float(stated),
                    None,
                    f"loop `{key}` {_kw(float(stated))} (constant)",
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
