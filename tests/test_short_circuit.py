"""IEC 60909-0 impedance-method formulas against a published example and hand-worked ones
(docs/checks.md, DC-POWER-017 and DC-POWER-025)."""

from __future__ import annotations

import math

import pytest

from dcdsl.analysis.power import short_circuit as sc


def test_iec_tr_60909_4_medium_voltage_system_with_asynchronous_motors() -> None:
    """IEC TR 60909-4:2021 §6.2 (Figure 9): a 33 kV feeder, I''kQ = 13.12 kA, R/X = 0.1; two
    lines of 4.85 km at (0.1 + j0.1) Ω/km to two 15 MVA 33/6.3 kV transformers (u_kr = 15 %,
    u_Rr = 0.6 %) on the 6 kV busbar F; motors M1 (5 MW, cos φ 0.86, η 0.97, I_LR/I_rM = 4,
    p = 2) and M2 (3 × 1 MW, cos φ 0.83, η 0.94, I_LR/I_rM = 5.5, p = 1) on F.

    Published: I''k = 19.52 kA, i_p = 48.82 kA; partial currents I''k(T1, T2) = 14.74 kA,
    I''kM1 = 2.54 kA, I''kM2 = 2.24 kA. The motors match to the published rounding; the
    network branch comes out 0.26 % high (14.78 kA: the line data are a secondary transcription
    of the report's), so the network and totals are held to 0.5 %.
    """
    feeder = sc.refer(sc.network_feeder(33e3, 13.12), 33e3, 6.3e3)
    line = sc.refer(complex(0.485, 0.485), 33e3, 6.3e3)
    t = sc.transformer(15000, 6300, 0.15, 0.006, fault_voltage_v=6000)
    network = feeder + sc.parallel(line + t, line + t)
    m1 = sc.motor(sc.motor_kva(5000, 0.97, 0.86), 6000, 4.0, sc.motor_r_over_x(6000, 2500))
    m2 = sc.motor(sc.motor_kva(3000, 0.94, 0.83), 6000, 5.5, sc.motor_r_over_x(6000, 1000))

    assert sc.initial_ka(6000, m1) == pytest.approx(2.54, abs=0.005)
    assert sc.initial_ka(6000, m2) == pytest.approx(2.24, abs=0.005)
    assert sc.initial_ka(6000, network) == pytest.approx(14.74, rel=0.005)
    bus = sc.parallel(network, m1, m2)
    ik = sc.initial_ka(6000, bus)
    assert ik == pytest.approx(19.52, rel=0.005)
    assert sc.peak_ka(ik, bus) == pytest.approx(48.82, rel=0.005)


def test_voltage_factor_and_correction_factors() -> None:
    # IEC 60909-0 Table 1: 1.05 at ≤ 1 kV, 1.10 above.
    assert sc.c_max(480) == 1.05
    assert sc.c_max(13800) == 1.10
    # K_T = 0.95 × 1.05 / (1 + 0.6 × 0.05662) = 0.9647 for a 2,500 kVA, 5.75 %, u_Rr 1 % unit:
    # x_T = √(0.0575² − 0.01²) = 0.05662; base 480²/2.5 MVA = 92.16 mΩ.
    z = sc.transformer(2500, 480, 0.0575, 0.01)
    base = 480**2 / 2.5e6
    k_t = 0.95 * 1.05 / (1 + 0.6 * 0.056624)
    assert z.real == pytest.approx(k_t * 0.01 * base, rel=1e-6)
    assert z.imag == pytest.approx(k_t * 0.056624 * base, rel=1e-4)
    assert k_t == pytest.approx(0.9647, abs=1e-4)


def test_lv_switchboard_behind_a_2500_kva_transformer() -> None:
    """Hand-worked (docs/checks.md, DC-POWER-017): a 13.8 kV feeder of I''kQ = 25 kA (R/X 0.1),
    a 2,500 kVA 13.8 kV/480 V transformer of 5.75 % with 25 kW load losses (u_Rr = 1 %).

    Z_Q = 1.1 × 13,800 / (√3 × 25 kA) = 0.35058 Ω → × (480/13,800)² = 0.42413 mΩ;
    (R_Q = 0.0422, X_Q = 0.4220 mΩ); K_T·Z_T = 0.9647 × (0.9216 + j5.2185) mΩ = 0.8891 + j5.0344 mΩ;
    Z_k = 0.9313 + j5.4564 mΩ, |Z_k| = 5.5353 mΩ;
    I''k = 1.05 × 480 / (√3 × 5.5353 mΩ) = 52.57 kA; R/X = 0.1707, κ = 1.607, i_p = 119.5 kA.
    The infinite-bus figure, I_FL/Z = 3,007 A / 0.0575, is 52.3 kA.
    """
    feeder = sc.refer(sc.network_feeder(13800, 25.0), 13800, 480)
    assert abs(feeder) * 1e3 == pytest.approx(0.42413, abs=1e-4)
    z = feeder + sc.transformer(2500, 480, 0.0575, sc.transformer_u_rr(2500, 25))
    assert abs(z) * 1e3 == pytest.approx(5.5353, abs=1e-3)
    ik = sc.initial_ka(480, z)
    assert ik == pytest.approx(52.57, abs=0.01)
    assert sc.kappa(z.real / z.imag) == pytest.approx(1.607, abs=1e-3)
    assert sc.peak_ka(ik, z) == pytest.approx(119.5, abs=0.1)


def test_kappa_limits() -> None:
    # R/X → 0: a fully offset wave, κ → 2 (1.02 + 0.98); R/X = 0.1: 1.746.
    assert sc.kappa(0.0) == pytest.approx(2.0)
    assert sc.kappa(0.1) == pytest.approx(1.746, abs=1e-3)
    assert sc.kappa(1.0) == pytest.approx(1.069, abs=1e-3)


def test_cable_impedance() -> None:
    # 30 m of 240 mm² copper: R = 30 / (54 × 240) = 2.3148 mΩ, X = 0.08 mΩ/m × 30 = 2.4 mΩ;
    # two runs in parallel halve both.
    z = sc.cable(30, 240)
    assert z.real * 1e3 == pytest.approx(2.3148, abs=1e-4)
    assert z.imag * 1e3 == pytest.approx(2.4, abs=1e-9)
    assert sc.cable(30, 240, runs=2) == pytest.approx(z / 2)
    aluminium = sc.cable(30, 240, material="aluminium")
    assert aluminium.real == pytest.approx(z.real * 54 / 34)


def test_generator_correction_factor() -> None:
    # 2,000 kVA, 480 V, X''d = 0.15, cos φ 0.8: X''d = 0.15 × 480² / 2 MVA = 17.28 mΩ;
    # K_G = 1.05 / (1 + 0.15 × 0.6) = 0.96330; R_Gf = 0.15 X''d (≤ 1 kV); |K_G·Z_G| =
    # 0.9633 × 17.28 × √(1 + 0.15²) = 16.832 mΩ; I''k = 1.05 × 480/(√3 × 16.832 mΩ) = 17.29 kA
    # against I_FL/X''d = 2,406 A / 0.15 = 16.04 kA.
    z = sc.generator(2000, 480, 0.15, 0.8)
    assert z.imag * 1e3 == pytest.approx(0.96330 * 17.28, abs=1e-3)
    assert z.real == pytest.approx(0.15 * z.imag)
    assert sc.initial_ka(480, z) == pytest.approx(17.29, abs=0.01)


def test_lv_motor_group() -> None:
    # 400 kW of LV motors at 480 V, η·cos φ = 0.8: S = 500 kVA; Z_M = 480²/500 kVA / 5 =
    # 92.16 mΩ, R/X = 0.42; I''kM = 1.05 × 480/(√3 × 92.16 mΩ) = 3.157 kA (5 × 601 A × 1.05).
    z = sc.motor(500, 480)
    assert abs(z) * 1e3 == pytest.approx(92.16, abs=1e-6)
    assert z.real / z.imag == pytest.approx(0.42)
    assert sc.initial_ka(480, z) == pytest.approx(3.157, abs=1e-3)


@pytest.mark.parametrize(
    ("breaking", "n"),
    [(4.0, 1.47), (6.0, 1.5), (10.0, 1.7), (20.0, 2.0), (35.0, 2.1), (50.0, 2.1), (65.0, 2.2)],
)
def test_iec_60947_2_making_factor(breaking: float, n: float) -> None:
    assert sc.making_factor(breaking) == n


def test_network_feeder_from_mva() -> None:
    # 500 MVA at 13.8 kV is 20.92 kA.
    assert sc.fault_ka_from_mva(13800, 500) == pytest.approx(20.918, abs=1e-3)
    assert math.isclose(abs(sc.split(1.0, 0.1)), 1.0)
