"""Electrical formulas against hand-worked examples (docs/checks.md, Power)."""

from __future__ import annotations

import math

import pytest

from dcdsl.analysis import electrical as el
from dcdsl.model import Redundancy

N = Redundancy(1, 0)
N1 = Redundancy(1, 1)
TWO_N = Redundancy(2, 0)
TWO_N1 = Redundancy(2, 1)


def test_rack_pdu_415v_60a() -> None:
    # √3 × 415 V × 60 A = 43,128 VA; 80 % of it at unity PF = 34,502 W.
    assert el.apparent_power_kva(415, 60) == pytest.approx(43.128, abs=1e-3)
    assert el.rack_pdu_usable_kw(415, 60) == pytest.approx(34.502, abs=1e-3)
    # At the design default power factor 0.95: 0.8 × 43.128 × 0.95 = 32.777 kW.
    assert el.rack_pdu_usable_kw(415, 60, power_factor=0.95) == pytest.approx(32.777, abs=1e-3)
    # Listed for 100 %: the whole 43.1 kVA.
    assert el.rack_pdu_usable_kw(415, 60, listed_100=True) == pytest.approx(43.128, abs=1e-3)


def test_other_rack_pdus_from_domain_table() -> None:
    assert el.apparent_power_kva(208, 60) == pytest.approx(21.616, abs=1e-3)
    assert el.rack_pdu_usable_kw(208, 60) == pytest.approx(17.292, abs=1e-3)
    assert el.apparent_power_kva(400, 32) == pytest.approx(22.170, abs=1e-3)
    assert el.apparent_power_kva(230, 32, phases=1) == pytest.approx(7.36, abs=1e-3)


def test_three_phase_current() -> None:
    # 2,500 kVA at 480 V: 2,500,000 / (√3 × 480) = 3,007 A; at 415 V: 3,478 A (domain.md §2).
    assert el.line_current_a(2500, 480, 1.0) == pytest.approx(3007.0, abs=0.5)
    assert el.line_current_a(2500, 415, 1.0) == pytest.approx(3478.0, abs=0.5)
    # 1,000 kW at 415 V and PF 0.95: 1,000,000 / (1.7321 × 415 × 0.95) = 1,464.4 A.
    assert el.line_current_a(1000, 415, 0.95) == pytest.approx(1464.4, abs=0.1)


def test_continuous_limit() -> None:
    assert el.continuous_limit(False) == 0.8
    assert el.continuous_limit(True) == 1.0
    assert el.passes(1000 / 1250, 0.8)  # exactly 80 % passes
    assert not el.passes(1100 / 1250, 0.8)


def test_standard_transformer_sizes() -> None:
    ansi = el.ANSI_TRANSFORMER_KVA
    # 2,200 kW at PF 0.95 = 2,315.8 kVA; / 0.8 = 2,894.7 kVA → 3,750 (3,000 is not on the ANSI list).
    assert el.next_standard_size(2200 / 0.95 / 0.8, ansi) == 3750
    assert el.next_standard_size(2500, ansi) == 2500  # an exact size is its own next size
    assert el.next_standard_size(12000, ansi) is None
    # IEC: 1,000 kW / 0.95 / 0.8 = 1,315.8 kVA → 1,600 kVA.
    assert el.next_standard_size(1000 / 0.95 / 0.8, el.IEC_TRANSFORMER_KVA) == 1600
    assert el.standard_series(1250)[0] == "IEC"
    assert el.standard_series(2500)[0] == "ANSI"
    assert el.standard_series(3750)[0] == "ANSI"
    assert el.standard_series(None)[0] == "ANSI"
    assert 3000 not in ansi and 112.5 in ansi


def test_redundancy_survival_2n_ups() -> None:
    # 2N pair of 1,250 kW: one path lost, one unit carries everything; 80 % of 1,250 = 1,000 kW.
    assert el.surviving_units(2, TWO_N) == 1
    assert el.survives_claim(1000, 1250, 2, TWO_N, 0.8)
    assert not el.survives_claim(1100, 1250, 2, TWO_N, 0.8)
    assert el.units_needed(1100, 1250, TWO_N, 0.8) == 4


def test_redundancy_survival_n_plus_1() -> None:
    # Four 500 kW modules N+1: three carry the load; 3 × 500 × 0.8 = 1,200 kW.
    assert el.surviving_units(4, N1) == 3
    assert el.survives_claim(1200, 500, 4, N1, 0.8)
    assert not el.survives_claim(1300, 500, 4, N1, 0.8)
    # ⌈1,300 / 400⌉ = 4 carry it, + 1 spare = 5.
    assert el.units_needed(1300, 500, N1, 0.8) == 5


def test_redundancy_2n_plus_1_and_n() -> None:
    # 2(N+1) with 6 units: 3 per path, a path and one unit of the other lost: 2 carry it.
    assert el.surviving_units(6, TWO_N1) == 2
    assert el.units_needed(1500, 1000, TWO_N1, 0.8) == 2 * (2 + 1)
    assert el.surviving_units(3, N) == 3
    assert el.units_to_carry(0, 500, 0.8) == 0
    assert el.units_to_carry(400, 500, 0.8) == 1
    assert el.units_to_carry(400.0000001, 500, 0.8) == 1  # rounding noise does not add a unit
    assert math.isclose(el.SQRT3, 1.7320508, rel_tol=1e-7)
