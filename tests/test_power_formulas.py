"""Electrical formulas against hand-worked examples (docs/checks.md, Power)."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dcdsl.analysis import electrical as el
from dcdsl.analysis import generation as gen
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
    # Without a design standard, an IEC-only size picks the IEC list; with one, the standard does.
    assert el.standard_series(1250)[0] == "IEC 60076 (R10)"
    assert el.standard_series(2500)[0] == "ANSI C57.12"
    assert el.standard_series(3750)[0] == "ANSI C57.12"
    assert el.standard_series(None)[0] == "ANSI C57.12"
    assert el.standard_series(2500, "IEC") == ("IEC 60076 (R10)", el.IEC_TRANSFORMER_KVA)
    assert el.standard_series(1250, "ANSI")[1] is ansi
    assert 3000 not in ansi and 112.5 in ansi
    assert 125 in el.IEC_TRANSFORMER_KVA  # R10: 1.00, 1.25, 1.60, …


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


def test_full_load_current_of_lv_transformers() -> None:
    # I_FL = S / (√3 · V_LL): 2,500 kVA at 480 V = 3,007 A; 3,750 kVA at 480 V = 4,511 A;
    # 3,150 kVA at 400 V = 4,547 A; 10 MVA at 415 V = 10,000,000 / (1.7321 × 415) = 13,912 A.
    assert el.full_load_current_a(2500, 480) == pytest.approx(3007.0, abs=0.5)
    assert el.full_load_current_a(3750, 480) == pytest.approx(4510.5, abs=0.5)
    assert el.full_load_current_a(3150, 400) == pytest.approx(4546.6, abs=0.5)
    assert el.full_load_current_a(10000, 415) == pytest.approx(13912.0, abs=0.5)


def test_lv_current_limits_by_standard() -> None:
    assert el.lv_current_finding(3007, el.ANSI) is None
    assert el.lv_current_finding(4511, el.ANSI) == "warning"  # above 4,000 A
    assert el.lv_current_finding(13912, el.ANSI) == "error"  # above the 5,000 A frame
    assert el.lv_current_finding(5500, el.ANSI) == "error"
    assert el.lv_current_finding(5500, el.IEC) == "warning"  # IEC frames reach 6,300 A
    # The largest unit one 5,000 A breaker protects at 480 V: √3 × 480 × 5,000 = 4,157 kVA.
    assert el.largest_lv_kva(480, el.ANSI) == pytest.approx(4156.9, abs=0.1)


def test_fault_current_infinite_bus() -> None:
    # 2,500 kVA, 480 V, 5.75 %: 3,007 A / 0.0575 = 52.3 kA (above 35 kA, below 65 kA).
    assert el.fault_current_ka(2500, 480, 0.0575) == pytest.approx(52.30, abs=0.01)
    # 10 MVA at 415 V: 13,912 A / 0.06 = 231.9 kA; / 0.0575 = 241.9 kA.
    assert el.fault_current_ka(10000, 415, 0.06) == pytest.approx(231.9, abs=0.1)
    assert el.fault_current_ka(10000, 415, 0.0575) == pytest.approx(241.9, abs=0.1)
    # IEC 60076-5 Table 1 minimum impedances by rated power.
    assert [el.default_impedance(k) for k in (630, 1000, 2500, 3150, 10000)] == [
        0.04,
        0.05,
        0.06,
        0.07,
        0.08,
    ]


def test_voltages_and_standards() -> None:
    assert el.voltages_match(415, 400)  # both IEC 60038 230/400 V systems
    assert not el.voltages_match(480, 415)
    assert not el.voltages_match(208, 240)
    assert el.standard_from_voltages([13800, 480, 415]) == el.ANSI
    assert el.standard_from_voltages([11000, 400]) == el.IEC
    assert el.standard_from_voltages([415]) == el.ANSI  # neither list: the default
    # 250 MW at 13.8 kV is beyond the ≈ 30 MW of a 15 kV-class service; 138 kV is usual.
    _, max_mw, name = el.voltage_class(13800)
    assert max_mw == 30 and name.startswith("15 kV class")
    assert el.usual_class_for(250_000).startswith("high-voltage transmission")
    assert el.voltage_class(138000)[1] >= 250


# --- properties and the pure tier logic -----------------------------------------------------------

KVA = st.floats(min_value=1, max_value=100_000)
VOLTS = st.floats(min_value=100, max_value=500_000)
Z = st.floats(min_value=0.01, max_value=0.2)


@given(KVA, VOLTS, Z)
def test_fault_current_is_full_load_over_impedance(kva: float, volts: float, z: float) -> None:
    i_fl = el.full_load_current_a(kva, volts)
    assert el.apparent_power_kva(volts, i_fl) == pytest.approx(kva, rel=1e-9)
    assert el.fault_current_ka(kva, volts, z) * 1000 * z == pytest.approx(i_fl, rel=1e-9)
    # A lower impedance always gives more fault current.
    assert el.fault_current_ka(kva, volts, z / 2) > el.fault_current_ka(kva, volts, z)


@given(st.floats(min_value=1, max_value=20_000))
def test_next_standard_size_is_the_smallest_that_carries(need: float) -> None:
    for series in (el.ANSI_TRANSFORMER_KVA, el.IEC_TRANSFORMER_KVA):
        size = el.next_standard_size(need, series)
        if size is None:
            assert need > series[-1]
        else:
            # Within the rounding tolerance: a need of 125.000…02 kVA (float noise) is 125 kVA.
            assert size + el.EPSILON >= need and all(s < need for s in series if s < size)


FACTS = gen.TierFacts(
    ups_on_every_path=True,
    redundant_ups=True,
    generators=True,
    generators_redundant=True,
    generator_tier_kw=1000,
    generator_load_kw=900,
    fuel_hours=24,
    dual_path=True,
    maintainable=True,
    paths_survive=True,
)


def test_tier_criteria_one_by_one() -> None:
    assert gen.tier_reached(FACTS) == 4
    assert gen.tier_reached(attrs.evolve(FACTS, shared=("main.SWB",))) == 3
    assert gen.tier_reached(attrs.evolve(FACTS, fuel_hours=8)) == 2
    assert gen.missing_for(3, attrs.evolve(FACTS, fuel_hours=8)) == [
        "12 h of on-site fuel (stated 8 h)"
    ]
    assert gen.tier_reached(attrs.evolve(FACTS, generators=False)) == 2
    assert gen.tier_reached(attrs.evolve(FACTS, redundant_ups=False)) == 1
    assert gen.tier_reached(attrs.evolve(FACTS, ups_on_every_path=False)) == 0
    # ISO 8528-1 credits: standby and limited-time ratings carry a runtime limit.
    assert (gen.tier_credit("standby"), gen.tier_credit("limited")) == (0.0, 0.0)
    assert (gen.tier_credit("data_center"), gen.tier_credit("prime")) == (1.0, 0.7)
    assert gen.sizing_credit(None) == gen.sizing_credit("standby") == 0.7
    assert gen.ride_through_ok(10.5, 10, 0.5) and not gen.ride_through_ok(9, 10, 0.5)
