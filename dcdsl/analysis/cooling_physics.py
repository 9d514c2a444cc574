"""Cooling physics and rack-density tiers: coolant properties, the flow that carries a heat load
at a ΔT (V̇ = Q / (ρ·c_p·ΔT), for liquid and air), and each cooling tier's density limits.

Pure functions and tables, no model: the cooling stage (``analysis.cooling``) and the rules use
them; they are re-exported there.
"""

from __future__ import annotations

import math

import attrs

from dcdsl import number_format

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
        return f"{tier} (to {kw_text(limits.warn_kw)}, {kw_text(limits.limit_kw)} at most)"
    if limits.limit_kw is not None:
        return f"{tier} (to {kw_text(limits.limit_kw)})"
    return f"{tier} (no default limit)"


def kw_text(value: float) -> str:
    """A power as people read it: four significant figures and the unit."""
    return f"{number_format.significant(value, 4)} kW"
