"""Electrical formulas on plain numbers: three-phase power and current, the 80 % continuous-load
rule, standard transformer sizes, UPS kW/kVA loading and redundancy arithmetic.

Everything here is a pure function of floats in canonical units (kW, kVA, V, A), so that the
power-chain analysis and its tests share one implementation of each formula. Sources are in
``docs/checks.md`` (Power): NEC 210.20(A)/215.3, IEEE C57.12.00, IEC 60076-1, IEC 62040-3.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from dcdsl.model import Redundancy

SQRT3 = math.sqrt(3.0)

# NEC 210.20(A) / 215.3: continuous load at most 80 % of the rating, unless listed for 100 %.
CONTINUOUS_LIMIT = 0.8
LISTED_100_LIMIT = 1.0

# The IT load's power factor when neither the design, the chain nor the element sets one.
DEFAULT_POWER_FACTOR = 0.95

# Standard three-phase transformer sizes, kVA (IEEE C57.12.00 and IEC 60076-1 / ISO 3 R10).
ANSI_TRANSFORMER_KVA: tuple[float, ...] = (
    15, 30, 45, 75, 112.5, 150, 225, 300, 500, 750, 1000, 1500, 2000, 2500, 3750, 5000, 7500,
    10000,
)  # fmt: skip
IEC_TRANSFORMER_KVA: tuple[float, ...] = (
    100, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150,
)  # fmt: skip

# Tolerance for "loading ≤ limit": 1,000 kW on 1,250 kW is exactly 80 % and must pass.
EPSILON = 1e-9


def apparent_power_kva(voltage_v: float, current_a: float, phases: int = 3) -> float:
    """S = √3·V_LL·I (three-phase) or V·I (single-phase), in kVA."""
    factor = SQRT3 if phases == 3 else 1.0
    return factor * voltage_v * current_a / 1000.0


def line_current_a(kw: float, voltage_v: float, power_factor: float, phases: int = 3) -> float:
    """I = P/(√3·V_LL·PF) (three-phase) or P/(V·PF) (single-phase), in A."""
    factor = SQRT3 if phases == 3 else 1.0
    return kw * 1000.0 / (factor * voltage_v * power_factor)


def continuous_limit(listed_100: bool) -> float:
    """The fraction of a rating a continuous load may use (NEC 210.20(A), 215.3)."""
    return LISTED_100_LIMIT if listed_100 else CONTINUOUS_LIMIT


def usable_kw(kva: float, power_factor: float, listed_100: bool = False) -> float:
    """Continuous real power a circuit of ``kva`` may carry: limit × S × PF."""
    return continuous_limit(listed_100) * kva * power_factor


def rack_pdu_usable_kw(
    voltage_v: float,
    current_a: float,
    phases: int = 3,
    power_factor: float = 1.0,
    listed_100: bool = False,
) -> float:
    """A rack PDU's continuous capacity: 0.8·√3·V·I·PF (415 V 60 A 3φ at PF 1 → 34.5 kW)."""
    return usable_kw(apparent_power_kva(voltage_v, current_a, phases), power_factor, listed_100)


def passes(load_fraction: float, limit: float) -> bool:
    return load_fraction <= limit + EPSILON


def standard_series(rating_kva: float | None) -> tuple[str, tuple[float, ...]]:
    """The standard list a transformer belongs to: IEC when its size is IEC-only, else ANSI."""
    iec_only = rating_kva in IEC_TRANSFORMER_KVA and rating_kva not in ANSI_TRANSFORMER_KVA
    if rating_kva is not None and iec_only:
        return "IEC", IEC_TRANSFORMER_KVA
    return "ANSI", ANSI_TRANSFORMER_KVA


def next_standard_size(kva_needed: float, series: Sequence[float]) -> float | None:
    """The smallest standard size ≥ the need, or None when the need exceeds the list."""
    for size in series:
        if size + EPSILON >= kva_needed:
            return float(size)
    return None


def units_to_carry(load: float, unit_capacity: float, limit: float) -> int:
    """N = ⌈load / (limit × unit capacity)⌉: units that carry the load within the limit."""
    if load <= 0:
        return 0
    return max(1, math.ceil(load / (limit * unit_capacity) - EPSILON))


def units_needed(load: float, unit_capacity: float, redundancy: Redundancy, limit: float) -> int:
    """Units to install so that the group survives the failure its redundancy claims.

    N+k: N + k units; 2N: 2·N; 2(N+k): 2·(N + k), with N = ⌈load/(limit·capacity)⌉.
    """
    return redundancy.units_needed(units_to_carry(load, unit_capacity, limit))


def surviving_units(count: int, redundancy: Redundancy) -> int:
    """Units left carrying the whole load after the claimed failure.

    N+k: n − k. 2N: n/2 (one path lost). 2(N+k): n/2 − k (a path lost, k units of the other).
    """
    per_path = count // max(1, redundancy.paths)
    return max(0, per_path - redundancy.spares)


def survives_claim(
    load: float, unit_capacity: float, count: int, redundancy: Redundancy, limit: float
) -> bool:
    """Does the group carry ``load`` within ``limit`` after the failure its redundancy claims?"""
    left = surviving_units(count, redundancy)
    if load <= 0:
        return True
    return left > 0 and passes(load / (left * unit_capacity), limit)
