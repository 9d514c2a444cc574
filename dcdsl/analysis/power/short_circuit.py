"""Short-circuit currents by the impedance method of IEC 60909-0:2016, on plain numbers.

Every function is a pure formula on floats in canonical units (V, kVA, kW, kA, m, Ω) and complex
impedances in ohms, so that the fault-level analysis (``dcdsl.analysis.power.faults``) and its
tests share one implementation. ANSI designs use the same impedance method (IEEE Std 551
"Violet Book" ch. 4: per-unit impedances of utility, transformers, generators, cables and motors,
combined at the fault point); the differences are in the figures a breaker is rated by, not in
the network model.

Conventions, as in IEC 60909-0 §4: an equivalent voltage source c·U_n/√3 at the fault location
is the only active voltage; every impedance is referred to the fault's voltage level with the
transformers' rated ratios; the voltage factor c, and the correction factors K_T (§6.3.3) and
K_G (§6.6.1) for transformers and generators, give the maximum short-circuit current.
"""

from __future__ import annotations

import math

SQRT3 = math.sqrt(3.0)

# IEC 60909-0 Table 1: voltage factor c_max for maximum short-circuit currents. Low voltage
# (≤ 1 kV) systems with a tolerance of +6 % (IEC 60038 230/400 V, 277/480 V): 1.05; +10 %: 1.10;
# high voltage (> 1 kV): 1.10.
C_MAX_LV = 1.05
C_MAX_HV = 1.10
LV_MAX_V = 1000.0

# IEC 60909-0 §6.2: a network feeder whose R/X is not known: R_Q = 0.1·X_Q (X_Q = 0.995·Z_Q).
DEFAULT_NETWORK_R_X = 0.1

# IEC 60909-0 §6.6.1: a generator's fictitious resistance R_Gf for the peak current, as a
# fraction of X''d: 0.05 above 1 kV and ≥ 100 MVA, 0.07 above 1 kV below 100 MVA, 0.15 at ≤ 1 kV.
GENERATOR_R_X_LV = 0.15
GENERATOR_R_X_MV = 0.07
GENERATOR_R_X_HV_LARGE = 0.05

# IEC 60909-0 §6.8 (asynchronous motors): R_M/X_M = 0.10 (X_M = 0.995·Z_M) for medium-voltage
# motors of P_rM/p ≥ 1 MW per pole pair; 0.15 (0.989) below; 0.42 (0.922) for low-voltage motor
# groups with their connection cables. I_LR/I_rM = 5 when the motor data do not say.
MOTOR_R_X_MV_LARGE = 0.10
MOTOR_R_X_MV = 0.15
MOTOR_R_X_LV_GROUP = 0.42
DEFAULT_LOCKED_ROTOR_RATIO = 5.0

# Conductor resistivity at 20 °C for maximum short-circuit currents (IEC 60909-0 §6.5 note:
# ρ = 1/54 Ω·mm²/m for copper, 1/34 for aluminium), and a multicore LV cable's reactance per
# metre when the design states none: 0.08 mΩ/m (Schneider Electric Cahier Technique no. 158,
# §3.2 "cables": 0.08 mΩ/m for three-core cables) [estimate].
RESISTIVITY_OHM_MM2_PER_M = {"copper": 1 / 54, "aluminium": 1 / 34}
DEFAULT_CABLE_REACTANCE_OHM_PER_M = 0.08e-3

# IEC 60947-2 Table 2: the ratio n of short-circuit making capacity (peak) to breaking capacity
# I_cu (r.m.s.) by range of I_cu in kA (upper bound of the range, n).
MAKING_FACTOR: tuple[tuple[float, float], ...] = (
    (1.5, 1.41),
    (3.0, 1.42),
    (4.5, 1.47),
    (6.0, 1.5),
    (10.0, 1.7),
    (20.0, 2.0),
    (50.0, 2.1),
    (math.inf, 2.2),
)


def c_max(voltage_v: float) -> float:
    """IEC 60909-0 Table 1 c_max: 1.05 at ≤ 1 kV (+6 % tolerance systems), 1.10 above."""
    return C_MAX_LV if voltage_v <= LV_MAX_V else C_MAX_HV


def split(z_ohm: float, r_over_x: float) -> complex:
    """R + jX of an impedance of magnitude ``z_ohm`` with the given R/X."""
    x = z_ohm / math.sqrt(1.0 + r_over_x * r_over_x)
    return complex(r_over_x * x, x)


def refer(z: complex, from_v: float, to_v: float) -> complex:
    """An impedance referred through a transformer's rated ratio: Z·(U_to/U_from)²."""
    return z * (to_v / from_v) ** 2


def parallel(*impedances: complex) -> complex:
    """Impedances in parallel: 1/Σ(1/Z)."""
    return 1.0 / sum(1.0 / z for z in impedances)


def network_feeder(
    voltage_v: float,
    fault_ka: float,
    r_over_x: float = DEFAULT_NETWORK_R_X,
) -> complex:
    """Z_Q = c_Q·U_nQ/(√3·I''_kQ) at the feeder's voltage (IEC 60909-0 eq. 6), split by R/X."""
    z = c_max(voltage_v) * voltage_v / (SQRT3 * fault_ka * 1e3)
    return split(z, r_over_x)


def fault_ka_from_mva(voltage_v: float, mva: float) -> float:
    """I''_kQ from a stated short-circuit power S''_kQ = √3·U_nQ·I''_kQ."""
    return mva * 1e6 / (SQRT3 * voltage_v) / 1e3


def transformer(
    kva: float,
    voltage_v: float,
    u_kr: float,
    u_rr: float,
    fault_voltage_v: float | None = None,
) -> complex:
    """K_T·Z_T at the winding of ``voltage_v`` (IEC 60909-0 eqs. 7–9 and 12a).

    Z_T = u_kr·U_rT²/S_rT, R_T = u_Rr·U_rT²/S_rT, X_T = √(Z_T² − R_T²); the correction factor
    K_T = 0.95·c_max/(1 + 0.6·x_T), with x_T = X_T/(U_rT²/S_rT) and c_max of the fault's voltage.
    """
    base = voltage_v**2 / (kva * 1e3)
    r = u_rr * base
    x = math.sqrt(max(u_kr * u_kr - u_rr * u_rr, 0.0)) * base
    k_t = 0.95 * c_max(fault_voltage_v or voltage_v) / (1.0 + 0.6 * x / base)
    return k_t * complex(r, x)


def transformer_u_rr(kva: float, load_loss_kw: float) -> float:
    """u_Rr = P_krT/S_rT: the resistive part of the short-circuit voltage from the load losses."""
    return load_loss_kw / kva


def u_rr_from_x_r(u_kr: float, x_over_r: float) -> float:
    return u_kr / math.sqrt(1.0 + x_over_r * x_over_r)


def generator(
    kva: float,
    voltage_v: float,
    x_d: float,
    power_factor: float,
    nominal_v: float | None = None,
) -> complex:
    """K_G·(R_Gf + jX''_d) of one set (IEC 60909-0 eqs. 17–18, §6.6.1).

    X''_d = x''_d·U_rG²/S_rG; R_Gf from the table above; K_G = (U_n/U_rG)·c_max/(1 + x''_d·sin φ_rG).
    """
    x = x_d * voltage_v**2 / (kva * 1e3)
    if voltage_v <= LV_MAX_V:
        r_over_x = GENERATOR_R_X_LV
    elif kva >= 100e3:
        r_over_x = GENERATOR_R_X_HV_LARGE
    else:
        r_over_x = GENERATOR_R_X_MV
    un = nominal_v or voltage_v
    sin_phi = math.sqrt(max(1.0 - power_factor * power_factor, 0.0))
    k_g = (un / voltage_v) * c_max(un) / (1.0 + x_d * sin_phi)
    return k_g * complex(r_over_x * x, x)


def motor_r_over_x(voltage_v: float, kw_per_pole_pair: float | None = None) -> float:
    if voltage_v <= LV_MAX_V:
        return MOTOR_R_X_LV_GROUP
    if kw_per_pole_pair is not None and kw_per_pole_pair >= 1000.0:
        return MOTOR_R_X_MV_LARGE
    return MOTOR_R_X_MV


def motor(
    kva: float,
    voltage_v: float,
    locked_rotor_ratio: float = DEFAULT_LOCKED_ROTOR_RATIO,
    r_over_x: float | None = None,
) -> complex:
    """Z_M = (1/(I_LR/I_rM))·U_rM²/S_rM (IEC 60909-0 eq. 26), split by the §6.8 R/X."""
    z = voltage_v**2 / (kva * 1e3) / locked_rotor_ratio
    return split(z, motor_r_over_x(voltage_v) if r_over_x is None else r_over_x)


def motor_kva(kw: float, efficiency: float, power_factor: float) -> float:
    """S_rM = P_rM/(η_r·cos φ_r)."""
    return kw / (efficiency * power_factor)


def cable(
    length_m: float,
    size_mm2: float,
    runs: int = 1,
    material: str = "copper",
    reactance_ohm_per_m: float = DEFAULT_CABLE_REACTANCE_OHM_PER_M,
) -> complex:
    """R + jX of a feeder of ``runs`` parallel sets: R = ρ·l/(q·n), X = x'·l/n."""
    rho = RESISTIVITY_OHM_MM2_PER_M.get(material, RESISTIVITY_OHM_MM2_PER_M["copper"])
    n = max(runs, 1)
    return complex(rho * length_m / size_mm2 / n, reactance_ohm_per_m * length_m / n)


def initial_ka(voltage_v: float, z: complex) -> float:
    """I''_k = c·U_n/(√3·|Z_k|) (IEC 60909-0 eq. 29), in kA."""
    return c_max(voltage_v) * voltage_v / (SQRT3 * abs(z)) / 1e3


def kappa(r_over_x: float) -> float:
    """κ = 1.02 + 0.98·e^(−3R/X) (IEC 60909-0 §8.1, eq. 55)."""
    return 1.02 + 0.98 * math.exp(-3.0 * r_over_x)


def peak_ka(initial: float, z: complex) -> float:
    """i_p = κ·√2·I''_k with κ from the R/X of the short-circuit impedance."""
    r_over_x = z.real / z.imag if z.imag > 0 else math.inf
    return kappa(r_over_x) * math.sqrt(2.0) * initial


def making_factor(breaking_ka: float) -> float:
    """IEC 60947-2 Table 2: n = minimum making capacity (peak) / I_cu for a breaking capacity."""
    for up_to, n in MAKING_FACTOR:
        if breaking_ka <= up_to:
            return n
    return MAKING_FACTOR[-1][1]
