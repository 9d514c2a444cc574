"""Electrical formulas on plain numbers: three-phase power and current, continuous-load limits,
standard transformer sizes, fault current, LV current limits, voltage classes and redundancy.

Everything here is a pure function of floats in canonical units (kW, kVA, V, A, kA), so that the
power-chain analysis and its tests share one implementation of each formula. Sources and
hand-worked examples are in ``docs/checks.md`` (Power); generators and tiers are in
``dcdsl.analysis.generation``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from dcdsl.model import Redundancy

SQRT3 = math.sqrt(3.0)

# NEC 210.20(A), 215.3, 230.42(A): continuous load at most 80 % of an overcurrent device's
# rating (breaker ≥ 125 % of the continuous load), unless the assembly is listed for 100 %.
CONTINUOUS_LIMIT = 0.8
LISTED_100_LIMIT = 1.0
NAMEPLATE_LIMIT = 1.0  # transformers (IEEE C57.12.00, IEC 60076-1 rated power), UPS, generators

# The owner's design margin on transformers and UPS: a warning above it, never a code limit.
DEFAULT_DESIGN_MARGIN = 0.8

# The IT load's power factor when neither the design, the chain nor the element sets one.
DEFAULT_POWER_FACTOR = 0.95

ANSI, IEC = "ANSI", "IEC"

# Standard three-phase transformer sizes, kVA. ANSI: IEEE C57.12.00 / C57.12.34 preferred
# ratings. IEC: the R10 preferred-number series (ISO 3) that IEC 60076-1 ratings follow.
ANSI_TRANSFORMER_KVA: tuple[float, ...] = (
    15, 30, 45, 75, 112.5, 150, 225, 300, 500, 750, 1000, 1500, 2000, 2500, 3750, 5000, 7500,
    10000,
)  # fmt: skip
IEC_TRANSFORMER_KVA: tuple[float, ...] = (
    100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150,
)  # fmt: skip
SERIES = {ANSI: ANSI_TRANSFORMER_KVA, IEC: IEC_TRANSFORMER_KVA}
SERIES_NAME = {ANSI: "ANSI C57.12", IEC: "IEC 60076 (R10)"}

# Low voltage is ≤ 1,000 V a.c. (IEC 60038; NEC 100 "over 1000 volts" is medium voltage here).
LV_MAX_V = 1000.0
# One LV transformer or bus above 4,000 A is unusual (warning); above the largest main-breaker
# frame it cannot be protected by one breaker (error): ANSI low-voltage power circuit breakers
# reach 5,000 A (UL 1066 / IEEE C37.13 frames), IEC air circuit breakers 6,300 A (IEC 60947-2).
LV_WARN_A = 4000.0
LV_MAX_FRAME_A = {ANSI: 5000.0, IEC: 6300.0}

# Short-circuit impedance when a transformer states none: the minimum of IEC 60076-5 Table 1 by
# rated power (a lower impedance gives a higher, conservative fault current).
IEC_60076_5_MIN_Z: tuple[tuple[float, float], ...] = (
    (630, 0.04),
    (1250, 0.05),
    (2500, 0.06),
    (6300, 0.07),
    (25000, 0.08),
    (math.inf, 0.10),
)

# Nominal voltages that identify a design's standard (IEC 60038 Table 1 series I vs series II /
# ANSI C84.1): a design with any of the first set is ANSI, else IEC when it has any of the second.
ANSI_VOLTAGES = frozenset({120, 208, 240, 277, 480, 600, 4160, 12470, 13200, 13800, 34500})
IEC_VOLTAGES = frozenset({230, 400, 690, 3300, 6600, 10000, 11000, 20000, 22000, 33000})

# Two ends of a connection agree when their nominal voltages are within 5 % (400 V and 415 V are
# both IEC 60038 230/400 V systems; 415 V and 480 V, or 208 V and 240 V, are not).
VOLTAGE_TOLERANCE = 0.05

# Tolerance for "loading ≤ limit": 1,000 kW on 1,250 kW is exactly 80 % and must pass.
EPSILON = 1e-9


# --- three-phase power ------------------------------------------------------------------------


def apparent_power_kva(voltage_v: float, current_a: float, phases: int = 3) -> float:
    """S = √3·V_LL·I (three-phase) or V·I (single-phase), in kVA."""
    factor = SQRT3 if phases == 3 else 1.0
    return factor * voltage_v * current_a / 1000.0


def line_current_a(kw: float, voltage_v: float, power_factor: float, phases: int = 3) -> float:
    """I = P/(√3·V_LL·PF) (three-phase) or P/(V·PF) (single-phase), in A."""
    factor = SQRT3 if phases == 3 else 1.0
    return kw * 1000.0 / (factor * voltage_v * power_factor)


def full_load_current_a(kva: float, voltage_v: float, phases: int = 3) -> float:
    """Rated (full-load) current I_FL = S/(√3·V_LL): 2,500 kVA at 480 V is 3,007 A."""
    return line_current_a(kva, voltage_v, 1.0, phases)


def fault_current_ka(kva: float, voltage_v: float, impedance: float) -> float:
    """Three-phase bolted fault at a transformer's secondary, infinite-bus method: I_FL / Z_pu.

    The source behind the transformer is taken as infinitely strong (no utility impedance) and
    the cable to the bus as zero: the result is an upper bound, the figure equipment must
    interrupt. 2,500 kVA, 480 V, 5.75 %: 3,007 A / 0.0575 = 52.3 kA.
    """
    return full_load_current_a(kva, voltage_v) / impedance / 1000.0


def default_impedance(kva: float) -> float:
    """IEC 60076-5 Table 1 minimum short-circuit impedance for a transformer of ``kva``."""
    for up_to, z in IEC_60076_5_MIN_Z:
        if kva <= up_to + EPSILON:
            return z
    return IEC_60076_5_MIN_Z[-1][1]


# --- limits -----------------------------------------------------------------------------------


def continuous_limit(listed_100: bool) -> float:
    """The fraction of a rating a continuous load may use (NEC 210.20(A), 215.3, 230.42(A))."""
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


def is_low_voltage(voltage_v: float | None) -> bool:
    return voltage_v is not None and voltage_v <= LV_MAX_V


def lv_current_finding(current_a: float, standard: str) -> str | None:
    """'error' above the largest main-breaker frame, 'warning' above 4,000 A, else None."""
    if current_a > LV_MAX_FRAME_A.get(standard, LV_MAX_FRAME_A[ANSI]) + EPSILON:
        return "error"
    if current_a > LV_WARN_A + EPSILON:
        return "warning"
    return None


def largest_lv_kva(voltage_v: float, standard: str) -> float:
    """The largest transformer whose full-load current fits one main-breaker frame."""
    return apparent_power_kva(voltage_v, LV_MAX_FRAME_A.get(standard, LV_MAX_FRAME_A[ANSI]))


def voltages_match(upstream_v: float, downstream_v: float) -> bool:
    return abs(upstream_v - downstream_v) <= VOLTAGE_TOLERANCE * max(upstream_v, downstream_v)


def standard_from_voltages(voltages: Sequence[float]) -> str:
    """ANSI when any voltage is a North American nominal one, IEC when any is IEC, else ANSI."""
    rounded = {round(v) for v in voltages}
    if rounded & ANSI_VOLTAGES:
        return ANSI
    if rounded & IEC_VOLTAGES:
        return IEC
    return ANSI


# --- utility service voltage classes ----------------------------------------------------------

# (highest nominal kV of the class, largest usual service at it in MW, the class's name). A
# planning rule of thumb [estimate]: a 15 kV-class feeder carries up to about 10–20 MVA and a
# service a few feeders; larger loads are served at 35 kV class, then subtransmission and
# transmission voltages with a customer substation.
VOLTAGE_CLASSES: tuple[tuple[float, float, str], ...] = (
    (1.0, 3.0, "low voltage (≤ 1 kV)"),
    (15.0, 30.0, "15 kV class distribution (12.47–13.8 kV, 10–11 kV)"),
    (38.0, 80.0, "35 kV class distribution (20–34.5 kV)"),
    (72.5, 150.0, "subtransmission (66–69 kV)"),
    (170.0, 400.0, "high-voltage transmission (110–138 kV)"),
    (math.inf, math.inf, "extra-high-voltage transmission (≥ 230 kV)"),
)


def voltage_class(voltage_v: float) -> tuple[float, float, str]:
    kv = voltage_v / 1000.0
    for up_to_kv, max_mw, name in VOLTAGE_CLASSES:
        if kv <= up_to_kv + EPSILON:
            return up_to_kv, max_mw, name
    return VOLTAGE_CLASSES[-1]


def usual_class_for(capacity_kw: float) -> str:
    """The lowest voltage class whose usual services reach ``capacity_kw``."""
    for _, max_mw, name in VOLTAGE_CLASSES:
        if capacity_kw / 1000.0 <= max_mw + EPSILON:
            return name
    return VOLTAGE_CLASSES[-1][2]


# --- standard sizes ---------------------------------------------------------------------------


def standard_series(
    rating_kva: float | None, standard: str | None = None
) -> tuple[str, tuple[float, ...]]:
    """The standard list to size from: the design's standard, else IEC for an IEC-only size."""
    if standard in SERIES:
        return SERIES_NAME[standard], SERIES[standard]
    iec_only = rating_kva in IEC_TRANSFORMER_KVA and rating_kva not in ANSI_TRANSFORMER_KVA
    if rating_kva is not None and iec_only:
        return SERIES_NAME[IEC], IEC_TRANSFORMER_KVA
    return SERIES_NAME[ANSI], ANSI_TRANSFORMER_KVA


def next_standard_size(kva_needed: float, series: Sequence[float]) -> float | None:
    """The smallest standard size ≥ the need, or None when the need exceeds the list."""
    for size in series:
        if size + EPSILON >= kva_needed:
            return float(size)
    return None


# --- redundancy -------------------------------------------------------------------------------


def units_to_carry(load: float, unit_capacity: float, limit: float) -> int:
    """N = ⌈load / (limit × unit capacity)⌉: units that carry the load within the limit."""
    if load <= 0:
        return 0
    return max(1, math.ceil(load / (limit * unit_capacity) - EPSILON))


def units_needed(load: float, unit_capacity: float, redundancy: Redundancy, limit: float) -> int:
    """Units to install so that the group survives the failure its redundancy claims.

    N+k: N + k units; 2N: 2·N; 2(N+k): 2·(N + k); 2N+k: 2·N + k (k spares shared by both
    paths), with N = ⌈load/(limit·capacity)⌉.
    """
    return redundancy.units_needed(units_to_carry(load, unit_capacity, limit))


def surviving_units(count: int, redundancy: Redundancy) -> int:
    """Units left carrying the whole load after the claimed failure.

    N+k: n − k. 2N: n/2 (one path lost). 2(N+k): n/2 − k (a path lost, k units of the other).
    2N+k: (n − k)/2 (a path lost and k units of the other, which the k shared spares replace).
    """
    if redundancy.paths <= 1:
        return max(0, count - redundancy.spares - redundancy.shared)
    per_path = max(0, count - redundancy.shared) // redundancy.paths
    return max(0, per_path - redundancy.spares)


def survives_claim(
    load: float, unit_capacity: float, count: int, redundancy: Redundancy, limit: float
) -> bool:
    """Does the group carry ``load`` within ``limit`` after the failure its redundancy claims?"""
    left = surviving_units(count, redundancy)
    if load <= 0:
        return True
    return left > 0 and passes(load / (left * unit_capacity), limit)
