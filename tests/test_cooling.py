"""Cooling: rack density per tier, heat balance per loop under failure, flows, ASHRAE classes.

Every expected figure is worked by hand in docs/checks.md ("Cooling and facility").
"""

from __future__ import annotations

import pytest

from dcdsl.analysis import cooling as c
from dcdsl.diagnostics import Diagnostic, render_text
from dcdsl.model import Redundancy
from dcdsl.pipeline import Compilation, compile_text


def compile_ok(text: str) -> Compilation:
    compilation = compile_text(text, "cool.dc")
    assert compilation.model is not None, [d.message for d in compilation.diagnostics]
    internal = [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    assert not internal, internal[0].message
    return compilation


def found(compilation: Compilation, code: str) -> list[Diagnostic]:
    return [d for d in compilation.diagnostics if d.code == code]


def codes(compilation: Compilation) -> set[str]:
    return {d.code for d in compilation.diagnostics if d.code.startswith("DC-COOL")}


# --- physics --------------------------------------------------------------------------------------


def test_water_flow_per_kw_at_10_k_is_about_1_43_l_per_min() -> None:
    # 60,000 / (997 kg/m³ × 4.18 kJ/kg·K × 10 K) = 1.4397 L/min (domain §1 row 12: ≈ 1.43)
    flow = c.liquid_flow_l_per_min(1.0, 10.0)
    assert flow == pytest.approx(1.4397, abs=1e-4)
    assert flow == pytest.approx(1.43, abs=0.015)
    # 1,350 kW at 10 K: 1,943.6 L/min; at 5 K twice that
    assert c.liquid_flow_l_per_min(1350.0, 10.0) == pytest.approx(1943.6, abs=0.1)
    assert c.liquid_flow_l_per_min(1350.0, 5.0) == pytest.approx(2 * 1943.6, abs=0.2)


def test_glycol_needs_more_flow_than_water() -> None:
    # 1,000 / (1020 × 3.95 × 10) × 60 = 1.4892 L/min per kW
    assert c.liquid_flow_l_per_min(1.0, 10.0, c.PG25) == pytest.approx(1.4892, abs=1e-4)


def test_loop_coolant_from_the_loop_or_its_cdus() -> None:
    glycol_cdu = DLC.replace("approach = 4 K", 'approach = 4 K  coolant = "PG25"').replace(
        "CDUS", "4"
    )
    assert compile_ok(glycol_cdu).results.cooling.loop("dlc").coolant is c.PG25
    stated = DLC.replace("CDUS", "4").replace("delta_t = 10 K", "delta_t = 10 K  coolant = water")
    assert compile_ok(stated).results.cooling.loop("dlc").coolant is c.WATER


def test_air_flow_matches_the_3_16_w_per_degf_rule() -> None:
    # CFM = 3.16 × W / ΔT°F: 1 kW at 20 °F gives 158 CFM; SI: 1 / (1.2 × 1.005 × 11.11) m³/s
    rule_of_thumb = 3.16 * 1000.0 / 20.0
    assert c.air_flow_cfm(1.0, 20.0 * 5 / 9) == pytest.approx(rule_of_thumb, rel=0.002)
    assert c.air_flow_m3_s(1.0, 20.0 * 5 / 9) == pytest.approx(0.07463, abs=1e-5)
    # 40 kW at 15 °F: 3.16 × 40,000 / 15 = 8,427 CFM
    assert c.air_flow_cfm(40.0, 15.0 * 5 / 9) == pytest.approx(8427, rel=0.002)


@pytest.mark.parametrize(
    ("units", "redundancy", "left"),
    [
        (3, Redundancy(1, 1), 2),  # N+1: one fails
        (5, Redundancy(1, 2), 3),  # N+2: two fail
        (4, Redundancy(2, 0), 2),  # 2N: a path of 2 is lost
        (6, Redundancy(2, 1), 2),  # 2(N+1): a path of 3 is lost, then one more unit
        (3, Redundancy(1, 0), 3),  # N: no failure claimed
    ],
)
def test_surviving_units(units: int, redundancy: Redundancy, left: int) -> None:
    assert c.surviving_units(units, redundancy) == left


def test_failure_scenario_text() -> None:
    assert c.failure_scenario(3, Redundancy(1, 1), ("CDU", "CDUs")) == "1 of 3 CDUs failed (N+1)"
    assert c.failure_scenario(4, Redundancy(2, 0), ("CDU", "CDUs")) == (
        "1 of 2 paths (2 CDUs each) lost (2N)"
    )
    assert c.failure_scenario(3, Redundancy(1, 0), ("CDU", "CDUs")) == ""


@pytest.mark.parametrize(
    ("rack_kw", "tier"),
    [
        (8, "air"),
        (30, "air"),
        (35, "rear_door"),
        (45, "rear_door"),
        (50, "rear_door"),
        (60, "direct_to_chip"),
        (120, "direct_to_chip"),
        (130, "immersion"),
        (400, "immersion"),
    ],
)
def test_carrying_tier(rack_kw: float, tier: str) -> None:
    assert c.carrying_tier(rack_kw) == tier


# --- rack density ---------------------------------------------------------------------------------

RACK_45KW = """
design "d" { electricity = 0.08 USD/kWh }
part srv { kind = server  gpus = 8  power_max = 15 kW  height = 8 U }
rack_type r45 { height = 48 U  device srv * 3 }
"""


def test_45_kw_air_rack_is_an_error_naming_the_tier_that_carries_it() -> None:
    comp = compile_ok(
        RACK_45KW
        + """
cooling "hall_air" { tier = air  supply = 22 degC }
hall "H1" { row "A" { rack r45 * 4 { cooling = hall_air } } }
"""
    )
    (d,) = found(comp, "DC-COOL-001")
    assert d.is_error
    assert "45 kW per rack" in d.message
    assert "the air tier carries at most 40 kW" in d.message
    assert "rear_door (to 50 kW) would carry it" in d.message
    assert "4 racks A01..A04" in d.message
    assert d.span is not None and d.span.snippet.startswith("rack r45 * 4")  # the rack group
    assert "4 × 45 kW = 180 kW" in d.notes
    assert d.help is not None and "tier = rear_door" in d.help
    assert 'cooling loop "hall_air" (air)' in render_text(d)
    assert not found(comp, "DC-COOL-002")  # the error says it; no warning on top


def test_same_rack_on_a_rear_door_loop_passes() -> None:
    comp = compile_ok(
        RACK_45KW
        + """
part door { kind = rdhx  capacity = 50 kW }
part cdu_600kw { kind = cdu  capacity = 600 kW  approach = 4 K }
cooling "rdhx" { tier = rear_door  rdhx = door * 4  cdu = cdu_600kw * 2  redundancy = N+1
                 supply = 18 degC }
hall "H1" { row "A" { rack r45 * 4 { cooling = rdhx } } }
"""
    )
    assert codes(comp) & {"DC-COOL-001", "DC-COOL-002", "DC-COOL-003", "DC-COOL-004"} == set()
    loop = comp.results.cooling.loop("rdhx")
    assert loop.heat_kw == pytest.approx(180.0)
    assert loop.liquid_kw == pytest.approx(180.0)  # the doors take all of it to water
    assert loop.roles["cdu"].failure_load_pct == pytest.approx(30.0)  # 180 / 600


def test_rack_tier_name_without_a_loop_is_checked_too() -> None:
    comp = compile_ok(
        RACK_45KW.replace("device srv * 3", "device srv * 3  cooling = rear_door")
        + 'hall "H1" { rack r45 * 2 }\n'
    )
    assert not found(comp, "DC-COOL-001")
    rack = comp.results.cooling.racks[0]
    assert (rack.tier, rack.limit_kw) == ("rear_door", 50.0)


def test_no_cooling_stated_is_checked_as_air() -> None:
    comp = compile_ok(RACK_45KW + 'hall "H1" { rack r45 * 2 }\n')
    (d,) = found(comp, "DC-COOL-001")
    assert any("checked as air" in n for n in d.notes)


def test_air_rack_between_30_and_40_kw_is_a_warning() -> None:
    comp = compile_ok(
        RACK_45KW.replace("power_max = 15 kW", "power_max = 12 kW")
        + 'cooling "a" { tier = air_contained }\nhall "H1" { rack r45 * 2 { cooling = a } }\n'
    )
    (d,) = found(comp, "DC-COOL-002")
    assert not d.is_error
    assert "36 kW per rack, above the air_contained tier's usual 30 kW" in d.message
    assert not found(comp, "DC-COOL-001")


def test_density_limit_override_and_allow() -> None:
    overridden = compile_ok(RACK_45KW + 'hall "H1" { rack r45 * 2 { density_limit = 48 kW } }\n')
    assert not found(overridden, "DC-COOL-001")
    assert overridden.results.cooling.racks[0].limit_source == "the rack's `density_limit`"
    on_loop = compile_ok(
        RACK_45KW
        + 'cooling "a" { tier = air  density_limit = 44 kW  density_warn = 35 kW }\n'
        + 'hall "H1" { rack r45 * 2 { cooling = a } }\n'
    )
    (d,) = found(on_loop, "DC-COOL-001")
    assert "carries at most 44 kW" in d.message
    allowed = compile_ok(
        RACK_45KW
        + 'hall "H1" { rack r45 * 2 }\nallow DC-COOL-001 because "vendor-confirmed 45 kW"\n'
    )
    assert not found(allowed, "DC-COOL-001")


def test_dlc_warns_above_120_and_fails_above_200_kw() -> None:
    base = """
design "d" { electricity = 0.08 USD/kWh }
part tray { kind = server  gpus = 4  power_max = PWR  heat_to_liquid = 0.85 }
rack_type nvl { height = 48 U  device tray * 18 }
cooling "dlc" { tier = direct_to_chip }
hall "H1" { rack nvl * 8 { cooling = dlc } }
"""
    at_132 = compile_ok(base.replace("PWR", "7.333333 kW"))  # 18 × 7.33 = 132 kW (NVL72)
    (d,) = found(at_132, "DC-COOL-002")
    assert "132 kW per rack, above the direct_to_chip tier's usual 120 kW" in d.message
    assert not found(at_132, "DC-COOL-001")
    at_216 = compile_ok(base.replace("PWR", "12 kW"))  # 216 kW
    (e,) = found(at_216, "DC-COOL-001")
    assert "immersion (no default limit) would carry it" in e.message


def test_dlc_residual_air_above_the_air_limit_is_an_error() -> None:
    # 180 kW × (1 - 0.75) = 45 kW to air > 40 kW
    comp = compile_ok(
        """
design "d" { electricity = 0.08 USD/kWh }
part tray { kind = server  power_max = 10 kW  heat_to_liquid = 0.75 }
rack_type hot { height = 48 U  device tray * 18 }
cooling "dlc" { tier = direct_to_chip }
hall "H1" { rack hot * 2 { cooling = dlc } }
"""
    )
    (d,) = found(comp, "DC-COOL-010")
    assert "45 kW per rack in the air (180 kW less 135 kW to the cold plates)" in d.message


def test_device_that_needs_liquid_in_an_air_rack() -> None:
    comp = compile_ok(
        """
design "d" { electricity = 0.08 USD/kWh }
part tray { kind = server  power_max = 1 kW  cooling = direct_to_chip }
rack_type r { height = 48 U  device tray * 4 }
hall "H1" { rack r * 2 }
"""
    )
    (d,) = found(comp, "DC-COOL-009")
    assert "tray needs direct_to_chip cooling" in d.message and "cooled by air" in d.message


# --- heat balance and redundancy ------------------------------------------------------------------

DLC = """
design "d" { electricity = 0.08 USD/kWh }
part gpu_node { kind = server  gpus = 8  power_max = 15 kW  height = 4 U  heat_to_liquid = 0.75 }
part cdu_600kw { kind = cdu  capacity = 600 kW  approach = 4 K  power_max = 6 kW }
rack_type dlc_rack { height = 48 U  device gpu_node * 6 }
cooling "dlc" { tier = direct_to_chip  cdu = cdu_600kw * CDUS  redundancy = N+1
                supply = 30 degC  delta_t = 10 K }
hall "H1" { row "A".."B" { rack dlc_rack * 10 { cooling = dlc } } }
"""


def test_dlc_loop_that_fails_after_one_cdu_fails_is_an_error_naming_the_failure() -> None:
    # 20 racks × 6 × 15 kW = 1,800 kW; 75 % to liquid = 1,350 kW; 2 × 600 = 1,200 kW after 1 fails
    comp = compile_ok(DLC.replace("CDUS", "3"))
    (d,) = found(comp, "DC-COOL-003")
    assert d.is_error
    assert d.message == (
        'CDUs of cooling loop "dlc" cannot carry 1,350 kW of liquid heat with 1 of 3 CDUs failed '
        "(N+1): 2 left with 1,200 kW, loaded to 112.5 %"
    )
    assert "all 3 running: 1,800 kW, 75 %" in d.notes
    assert d.help is not None and "add 1 CDU of 600 kW" in d.help
    assert d.span is not None and d.span.snippet == "cdu_600kw"
    loop = comp.results.cooling.loop("dlc")
    assert (loop.heat_kw, loop.liquid_kw, loop.room_kw) == pytest.approx((1800, 1350, 450))
    assert loop.flow_l_per_min == pytest.approx(1350 * 1.4397, rel=1e-4)  # 1,943.6 L/min
    assert loop.air_cfm == pytest.approx(3.16 * 450_000 / 20, rel=0.002)  # 71,100 CFM


def test_dlc_loop_with_four_cdus_survives_one_failure() -> None:
    comp = compile_ok(DLC.replace("CDUS", "4"))
    assert not found(comp, "DC-COOL-003")
    role = comp.results.cooling.loop("dlc").roles["cdu"]
    assert role.failure_load_pct == pytest.approx(75.0)  # 1,350 / 1,800
    assert role.load_pct == pytest.approx(56.25)  # 1,350 / 2,400
    # pumps draw power_max × speed³ (affinity laws): 4 × 6 kW × 0.5625³ = 4.271 kW
    assert role.power_kw == pytest.approx(4.271484375)


def test_loop_short_with_every_unit_running() -> None:
    comp = compile_ok(DLC.replace("CDUS", "2"))
    (d,) = found(comp, "DC-COOL-003")
    assert "must carry 1,350 kW of liquid heat but have 1,200 kW (2 × 600 kW): 112.5 %" in d.message


def test_two_n_cdus_lose_a_path() -> None:
    comp = compile_ok(DLC.replace("CDUS", "2").replace("N+1", "2N"))
    (d,) = found(comp, "DC-COOL-003")
    assert "must carry" in d.message  # 1,200 installed < 1,350 already
    comp = compile_ok(DLC.replace("CDUS", "4").replace("N+1", "2N"))
    (d,) = found(comp, "DC-COOL-003")
    assert "with 1 of 2 paths (2 CDUs each) lost (2N): 2 left with 1,200 kW" in d.message


def test_dlc_default_residual_when_devices_say_nothing() -> None:
    comp = compile_ok(DLC.replace("  heat_to_liquid = 0.75", "").replace("CDUS", "4"))
    loop = comp.results.cooling.loop("dlc")
    assert loop.liquid_kw == pytest.approx(1800 * 0.8)
    stated = compile_ok(
        DLC.replace("  heat_to_liquid = 0.75", "")
        .replace("CDUS", "4")
        .replace("delta_t = 10 K", "delta_t = 10 K  residual_to_air = 0.3")
    )
    assert stated.results.cooling.loop("dlc").liquid_kw == pytest.approx(1800 * 0.7)


def test_crahs_carry_the_room_heat_and_chillers_all_of_it() -> None:
    comp = compile_ok(
        DLC.replace("CDUS", "4")
        + """
part crah_100 { kind = crah  capacity = 100 kW  power_max = 5 kW }
part ch_1mw { kind = chiller  capacity = 1000 kW  cop = 6 }
cooling "dlc2" { tier = direct_to_chip  crah = crah_100 * 5  chiller = ch_1mw * 2  redundancy = N+1 }
hall "H2" { rack dlc_rack * 20 { cooling = dlc2 } }
"""
    )
    loop = comp.results.cooling.loop("dlc2")
    assert loop.roles["crah"].carried_kw == pytest.approx(450)
    # CRAHs: 4 × 100 = 400 kW after one fails < 450 kW; chillers: 1,000 kW after one fails < 1,800
    messages = [d.message for d in found(comp, "DC-COOL-003")]
    assert any(m.startswith('CRAHs of cooling loop "dlc2" cannot carry 450 kW') for m in messages)
    assert any("chillers" in m and "1,800 kW" in m for m in messages)
    assert loop.compressor_kw == pytest.approx(300)  # 1,800 kW / COP 6
    assert loop.heat_rejected_kw == pytest.approx(2100)


def test_rear_doors_per_rack() -> None:
    comp = compile_ok(
        RACK_45KW
        + """
part door { kind = rdhx  capacity = 40 kW }
cooling "rdhx" { tier = rear_door  rdhx = door * 3 }
hall "H1" { rack r45 * 4 { cooling = rdhx } }
"""
    )
    messages = " | ".join(d.message for d in found(comp, "DC-COOL-004"))
    assert 'cooling loop "rdhx" has 3 rear doors for 4 rear-door racks' in messages
    assert "removes 40 kW, but 4 racks H1-01..H1-04 (hall H1, type r45) draw 45 kW" in messages


# --- temperatures ---------------------------------------------------------------------------------


def _loop(attrs: str, units: str = "") -> Compilation:
    return compile_ok(
        f"""
design "d" {{ electricity = 0.08 USD/kWh }}
{units}
cooling "x" {{ {attrs} }}
"""
    )


def test_cdu_approach_cannot_reach_supply() -> None:
    cdu = "part cdu1 { kind = cdu  capacity = 600 kW  approach = 4 K }"
    bad = _loop(
        "tier = direct_to_chip  cdu = cdu1 * 2  supply = 35 degC  facility_supply = 32 degC", cdu
    )
    (d,) = found(bad, "DC-COOL-005")
    assert "delivers 36 °C at best (facility water 32 °C + approach 4 K)" in d.message
    assert d.help is not None and "31 °C" in d.help
    ok = _loop(
        "tier = direct_to_chip  cdu = cdu1 * 2  supply = 35 degC  facility_supply = 31 degC", cdu
    )
    assert not found(ok, "DC-COOL-005")


@pytest.mark.parametrize(
    ("attrs", "code"),
    [
        ("tier = air  supply = 22 degC  air_class = A1", None),
        ("tier = air  supply = 28 degC  air_class = A1", "DC-COOL-007"),  # > 27 recommended
        ("tier = air  supply = 33 degC  air_class = A1", "DC-COOL-006"),  # > 32 allowable
        ("tier = air  supply = 33 degC  air_class = A2", "DC-COOL-007"),
        ("tier = air  supply = 24 degC  air_class = H1", "DC-COOL-007"),  # H1: 18–22
        ("tier = air  supply = 26 degC  air_class = H1", "DC-COOL-006"),  # H1: ≤ 25
        ("tier = air  supply = 16 degC", "DC-COOL-007"),  # no class: recommended only
        ("tier = direct_to_chip  supply = 45 degC  air_class = A1", None),  # water, not air
        ("tier = direct_to_chip  air_supply = 36 degC  air_class = A2", "DC-COOL-006"),
    ],
)
def test_ashrae_air_classes(attrs: str, code: str | None) -> None:
    comp = _loop(attrs)
    assert codes(comp) & {"DC-COOL-006", "DC-COOL-007"} == ({code} if code else set())


@pytest.mark.parametrize(
    ("attrs", "bad"),
    [
        ("liquid_class = W32  facility_supply = 35 degC", True),
        ("liquid_class = W32  facility_supply = 32 degC", False),
        ("liquid_class = W45  supply = 40 degC", False),
        ("liquid_class = W27  supply = 30 degC", True),  # no CDU: supply is facility water
        ("liquid_class = W17  supply = 1 degC", True),  # below 2 °C
        ('liquid_class = "W+"  supply = 60 degC', False),
    ],
)
def test_ashrae_liquid_classes(attrs: str, bad: bool) -> None:
    comp = _loop("tier = direct_to_chip  " + attrs)
    assert bool(found(comp, "DC-COOL-008")) is bad


def test_liquid_class_skips_supply_behind_a_cdu() -> None:
    comp = _loop(
        "tier = direct_to_chip  liquid_class = W27  supply = 30 degC  cdu = cdu1",
        "part cdu1 { kind = cdu  capacity = 600 kW }",
    )
    assert not found(comp, "DC-COOL-008")


def test_large_design_is_counted_not_enumerated() -> None:
    # 1,000,000 GPUs: 125,000 racks in 10 groups; one analysis pass per group
    comp = compile_ok(
        DLC.replace("CDUS", "3000").replace(
            'row "A".."B" { rack dlc_rack * 10', 'row "A".."J" { rack dlc_rack * 2084'
        )
    )
    loop = comp.results.cooling.loop("dlc")
    assert loop.rack_count == 20_840
    assert loop.heat_kw == pytest.approx(20_840 * 90)


def test_pod_1k_sketch_with_the_catalogue() -> None:
    # design.md's pod-1k: 32 racks × 4 DGX H100 on rear doors, 3 × 600 kW CDUs N+1
    comp = compile_ok(
        """
design "pod-1k" { electricity = 0.08 USD/kWh  pue_target = 1.3 }
import "std/nvidia"
import "std/facility"
rack_type gpu_rack { height = 48 U  device dgx_h100 * 4  rack_pdu pdu_415v_60a * 4  cooling = rear_door }
cooling "rdhx" { tier = rear_door  cdu = cdu_600kw * 3  redundancy = N+1  supply = 18 degC
                 rdhx = rdhx_50kw * 32  chiller = chiller_ac_1500kw * 2  heat_rejection = dry }
hall "H1" { row "A".."D" { rack gpu_rack * 8 { cooling = rdhx } } }
"""
    )
    parts = comp.model.parts
    rack_kw = 4 * parts["dgx_h100"].specs.power_max  # 40.8 kW
    heat = 32 * rack_kw  # 1,305.6 kW
    loop = comp.results.cooling.loop("rdhx")
    assert loop.liquid_kw == pytest.approx(heat)
    (d,) = found(comp, "DC-COOL-003")
    cdu = parts["cdu_600kw"].specs.capacity
    assert f"loaded to {100 * heat / (2 * cdu):.1f} %" in d.message  # 108.8 %
    chiller = parts["chiller_ac_1500kw"]
    assert loop.compressor_kw == pytest.approx(heat / chiller.specs.cop)  # 408 kW at COP 3.2
    door = parts["rdhx_50kw"]
    # door fans at the doors' load, affinity laws: 32 × 1 kW × (1,305.6 / (32 × 50))³ = 17.39 kW
    assert loop.fan_kw == pytest.approx(
        32 * door.specs.power_max * (heat / (32 * door.specs.capacity)) ** 3
    )
    assert comp.results.facility.water_l_per_year == 0.0  # dry heat rejection
    assert not found(comp, "DC-COOL-004") and not found(comp, "DC-COOL-001")


def test_cdu_flow_against_the_loop_flow() -> None:
    # 1,350 kW of liquid at 10 K needs 1,943.6 L/min; 4 CDUs of 600 L/min, N+1 → 1,800 left
    text = DLC.replace("CDUS", "4").replace(
        "power_max = 6 kW", "power_max = 6 kW  flow = 600 L/min"
    )
    (d,) = found(compile_ok(text), "DC-COOL-011")
    assert d.message == (
        'CDUs of cooling loop "dlc" pump 1,800 L/min with 1 of 4 CDUs failed (N+1), but '
        "1,350 kW at ΔT 10 K needs 1,944 L/min of water"
    )
    # at ΔT 12 K: 1,943.6 × 10 / 12 = 1,619.7 L/min ≤ 1,800 → passes
    assert not found(compile_ok(text.replace("delta_t = 10 K", "delta_t = 12 K")), "DC-COOL-011")


def test_single_cdu_claimed_n_plus_1() -> None:
    (d,) = found(compile_ok(DLC.replace("CDUS", "1").replace("600 kW", "2000 kW")), "DC-COOL-003")
    assert d.message.endswith("with 1 of 1 CDU failed (N+1): none left")


def test_loop_delta_t_must_be_positive() -> None:
    (d,) = found(_loop("tier = direct_to_chip  supply = 30 degC  return = 25 degC"), "DC-COOL-012")
    assert "ΔT of -5 K (return 25 °C − supply 30 °C = -5 K)" in d.message
    assert not found(
        _loop("tier = direct_to_chip  supply = 30 degC  return = 40 degC"), "DC-COOL-012"
    )
    # a zero ΔT does not crash the flow (infinite) or the flow check
    comp = compile_ok(DLC.replace("CDUS", "4").replace("delta_t = 10 K", "delta_t = 0 K"))
    assert found(comp, "DC-COOL-012") and not found(comp, "DC-COOL-011")


def test_loop_rows_for_the_report() -> None:
    (row,) = compile_ok(DLC.replace("CDUS", "4")).results.cooling.loop_rows()
    assert row["name"] == "dlc" and row["racks"] == 20
    assert row["flow_l_per_min"] == pytest.approx(1350 * 1.4397, rel=1e-4)
    assert row["units"]["CDUs"]["failure_load_pct"] == pytest.approx(75.0)
    assert row["units"]["CDUs"]["scenario"] == "1 of 4 CDUs failed (N+1)"
