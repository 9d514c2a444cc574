"""Facility power, PUE, energy, cost, water and WUE: golden figures from the seed, computed.

Hand-worked in docs/checks.md ("Cooling and facility"); domain.md §4 items 6, 10 and 11.
"""

from __future__ import annotations

import json

import pytest

from dcdsl.analysis import facility
from dcdsl.analysis.power import PowerResult
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic
from dcdsl.emit.summary import summary
from dcdsl.pipeline import Compilation, compile_text

HOURS = 8760


def compile_ok(text: str) -> Compilation:
    compilation = compile_text(text, "facility.dc")
    assert compilation.model is not None, [d.message for d in compilation.diagnostics]
    internal = [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    assert not internal, internal[0].message
    return compilation


def found(compilation: Compilation, code: str) -> list[Diagnostic]:
    return [d for d in compilation.diagnostics if d.code == code]


def it_500mw(design: str, loop: str = "", cooling: str = "rear_door") -> str:
    """500 MW of IT: 10,000 racks × 4 × 12.5 kW (one rack group, not 10,000 objects)."""
    return f"""
design "seed" {{ {design} }}
part node {{ kind = server  gpus = 8  power_max = 12.5 kW  height = 8 U }}
rack_type r {{ height = 48 U  device node * 4 }}
{loop}
hall "H1" {{ rack r * 10000 {{ cooling = {cooling} }} }}
"""


# --- PUE --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pue", "facility_mw"), [(1.2, 600.0), (1.3, 650.0)])
def test_seed_500_mw_at_a_stated_pue(pue: float, facility_mw: float) -> None:
    comp = compile_ok(it_500mw(f"electricity = 0.05 USD/kWh  pue = {pue}"))
    f = comp.results.facility
    assert f.it_kw == pytest.approx(500_000)
    assert f.facility_kw == pytest.approx(facility_mw * 1000)
    assert (f.pue, f.pue_source) == (pue, "input")
    (d,) = found(comp, "DC-COOL-022")
    assert f"PUE {pue:g} is an input" in d.message
    assert f"500 MW × {pue:g} = {facility_mw:g} MW" in d.message
    assert not found(comp, "DC-COOL-023")  # an assumed PUE does not need the plant


@pytest.mark.parametrize(
    ("plant", "facility_mw", "pue"),
    [
        # COP 5: 500 / 5 = 100 MW of cooling → 600 MW, PUE 1.2
        ("cop = 5", 600.0, 1.2),
        # COP 5 + 40 MW of fans + 10 MW of pumps → 650 MW, PUE 1.3
        ("cop = 5  fan_power = 40 MW  pump_power = 10 MW", 650.0, 1.3),
    ],
)
def test_seed_500_mw_pue_computed_from_the_plant(
    plant: str, facility_mw: float, pue: float
) -> None:
    comp = compile_ok(
        it_500mw(
            "electricity = 0.05 USD/kWh  pue_target = 1.3",
            f'cooling "plant" {{ tier = rear_door  {plant} }}',
            "plant",
        )
    )
    f = comp.results.facility
    assert f.pue_source == "computed"
    assert f.facility_kw == pytest.approx(facility_mw * 1000)
    assert f.pue == pytest.approx(pue)
    assert not found(comp, "DC-COOL-021")  # at the target is not above it
    # the plant is known; only the losses of a power chain the test leaves out are missing
    assert f.uncooled_kw == 0 and f.uncounted == [
        "electrical losses (no power chain carries the IT load)"
    ]


def test_loop_fans_and_pumps_follow_the_affinity_laws_at_part_load() -> None:
    """Loop-level `fan_power` 40 MW and `pump_power` 10 MW are the draws at the design load; at
    a fraction f their speed is f (floored at 30 %) and their power speed³ (ASHRAE Handbook—HVAC
    Systems and Equipment, fan and pump laws). At 50 %: 50 MW × 0.5³ = 6.25 MW, compressors
    250 / 5 = 50 MW → (250 + 50 + 6.25) / 250 = 1.225. At 25 %: 50 × 0.3³ = 1.35 MW,
    compressors 25 MW → (125 + 25 + 1.35) / 125 = 1.2108."""
    comp = compile_ok(
        it_500mw(
            "",
            'cooling "plant" { tier = rear_door  cop = 5  fan_power = 40 MW  pump_power = 10 MW }',
            "plant",
        )
    )
    f = comp.results.facility
    assert f.pue_at_load[1.0] == pytest.approx(1.3)
    assert f.pue_at_load[0.5] == pytest.approx((250 + 50 + 6.25) / 250)
    assert f.pue_at_load[0.25] == pytest.approx((125 + 25 + 1.35) / 125)
    fans = next(t for t in f.terms if t.name.endswith("fan_power"))
    assert "speed³" in fans.source and "min speed 30 % [E]" in fans.source


def test_pue_above_target_is_a_warning_with_the_breakdown() -> None:
    comp = compile_ok(
        it_500mw(
            "pue_target = 1.2",
            'cooling "plant" { tier = rear_door  cop = 5  fan_power = 40 MW  pump_power = 10 MW }',
            "plant",
        )
    )
    (d,) = found(comp, "DC-COOL-021")
    assert d.message == "PUE 1.300 is above the design's target 1.2: 650 MW for 500 MW of IT"
    assert "IT 500 MW + cooling 150 MW = 650 MW" in d.notes


def test_pue_below_one_is_an_error() -> None:
    stated = compile_ok(it_500mw("pue = 0.95"))
    (d,) = found(stated, "DC-COOL-020")
    assert d.is_error and "`pue = 0.95` is below 1.0" in d.message
    assert not found(stated, "DC-COOL-022")
    computed = compile_ok(
        it_500mw("other_load = -60 MW", 'cooling "p" { tier = rear_door  cop = 20 }', "p")
    )
    (e,) = found(computed, "DC-COOL-020")
    # 500 + 25 - 60 = 465 MW → PUE 0.93
    assert "the design's inputs imply PUE 0.930, below 1.0" in e.message
    target = compile_ok(it_500mw("pue_target = 0.9  pue = 1.1"))
    (g,) = found(target, "DC-COOL-020")
    assert "`pue_target = 0.9` is below 1.0" in g.message


def test_unknown_cooling_power_makes_the_pue_a_lower_bound() -> None:
    comp = compile_ok(it_500mw("electricity = 0.05 USD/kWh"))
    f = comp.results.facility
    assert f.pue == pytest.approx(1.0) and f.pue_is_lower_bound
    (d,) = found(comp, "DC-COOL-023")
    assert d.message == (
        "PUE 1.000 is a lower bound: no heat-rejection power is known for 500 MW of heat "
        "(10,000 racks with no cooling loop); not counted: electrical losses (no power chain "
        "carries the IT load)"
    )
    assert f.pue_status == "lower_bound"
    assert summary(comp)["power"]["pue_status"] == "lower_bound"


def test_cdu_pumps_alone_do_not_make_the_plant_known() -> None:
    comp = compile_ok(
        it_500mw(
            "",
            "part cdu { kind = cdu  capacity = 2300 kW  power_max = 20 kW }\n"
            'cooling "p" { tier = rear_door  cdu = cdu * 250 }',
            "p",
        )
    )
    f = comp.results.facility
    # 250 CDUs × 20 kW × (500 MW / 575 MW installed)³ = 3,287.6 kW of pumps (affinity laws),
    # counted
    assert f.pump_kw == pytest.approx(250 * 20 * (500_000 / 575_000) ** 3)
    assert found(comp, "DC-COOL-023")


def test_other_loads_and_electrical_losses() -> None:
    comp = compile_ok(
        it_500mw(
            "other_load = 2 MW  other_load_fraction = 0.01",
            'cooling "p" { tier = rear_door  cop = 5 }',
            "p",
        )
    )
    results = comp.results
    # 2 MW + 1 % of 500 MW = 7 MW
    assert results.facility.other_kw == pytest.approx(7000)

    # no power chain: the electrical losses are unknown, so the PUE is a lower bound
    f = results.facility
    assert f.losses_kw == 0.0
    assert f.pue_status == "lower_bound"
    assert "electrical losses (no power chain carries the IT load)" in f.uncounted


def test_facility_without_racks_or_results() -> None:
    comp = compile_ok('design "empty" { electricity = 0.05 USD/kWh }\n')
    f = comp.results.facility
    assert (f.it_kw, f.facility_kw, f.pue, f.water_l_per_year) == (0.0, 0.0, None, None)
    results = Results()
    facility.analyse(comp.model, results)  # no load, no cooling, no power
    assert results.facility.pue is None


# --- energy and cost --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pue", "cost_musd"),
    [(1.0, 109.5), (1.2, 131.4), (1.3, 142.35)],  # domain §4 item 6
)
def test_seed_first_year_power_cost_250_mw(pue: float, cost_musd: float) -> None:
    comp = compile_ok(
        it_500mw(f"electricity = 0.05 USD/kWh  pue = {pue}").replace(
            "rack r * 10000", "rack r * 5000"
        )
    )
    f = comp.results.facility
    assert f.energy_kwh_per_year == pytest.approx(250_000 * pue * HOURS)  # 2.19e9 kWh × PUE
    assert f.energy_cost_usd_per_year == pytest.approx(cost_musd * 1e6)


def test_load_factor_scales_energy_once() -> None:
    comp = compile_ok(it_500mw("electricity = 0.05 USD/kWh  pue = 1.2  load_factor = 0.7"))
    f = comp.results.facility
    assert f.facility_kw == pytest.approx(600_000)  # peak power is not scaled
    assert f.energy_kwh_per_year == pytest.approx(600_000 * 0.7 * HOURS)  # 3.679e9 kWh
    # power_basis = typical already puts the load factor into the IT power: not twice
    typical = compile_ok(
        it_500mw("pue = 1.2  load_factor = 0.7  power_basis = typical").replace(
            "power_max = 12.5 kW", "power_max = 12.5 kW  power_typical = 10 kW"
        )
    )
    t = typical.results.facility
    assert t.it_kw == pytest.approx(10_000 * 4 * 10 * 0.7)  # 280 MW
    assert t.load_factor == 1.0
    assert t.energy_kwh_per_year == pytest.approx(280_000 * 1.2 * HOURS)


# --- water ------------------------------------------------------------------------------------------

SEED_WATER_L = 1.8 * 500_000 * HOURS  # 7.884e9 L (domain §4 item 11)


def test_seed_water_from_a_stated_wue() -> None:
    comp = compile_ok(it_500mw("pue = 1.2  wue = 1.8 L/kWh"))
    f = comp.results.facility
    assert f.water_l_per_year == pytest.approx(SEED_WATER_L)
    assert f.water_l_per_year == pytest.approx(7.9e9, rel=0.01)  # "about 7.9 billion litres"
    assert f.wue == pytest.approx(1.8)


@pytest.mark.parametrize("loop", ["heat_rejection = evaporative", "water_use = 1.8 L/kWh"])
def test_seed_water_from_an_evaporative_loop(loop: str) -> None:
    comp = compile_ok(it_500mw("pue = 1.2", f'cooling "p" {{ tier = rear_door  {loop} }}', "p"))
    f = comp.results.facility
    assert f.water_l_per_year == pytest.approx(SEED_WATER_L)
    assert f.wue == pytest.approx(1.8)


@pytest.mark.parametrize(("reduction", "litres"), [(0.8, 1.5768e9), (0.9, 7.884e8)])
def test_closed_loop_cuts_water_by_80_to_90_percent(reduction: float, litres: float) -> None:
    comp = compile_ok(it_500mw(f"pue = 1.2  wue = 1.8 L/kWh  water_reduction = {reduction}"))
    f = comp.results.facility
    assert f.water_l_per_year == pytest.approx(litres)
    assert f.wue == pytest.approx(1.8 * (1 - reduction))


def test_closed_loop_heat_rejection_default_is_inside_the_seed_range() -> None:
    comp = compile_ok(
        it_500mw("pue = 1.2", 'cooling "p" { tier = rear_door  heat_rejection = closed_loop }', "p")
    )
    litres = comp.results.facility.water_l_per_year
    assert 0.1 * SEED_WATER_L <= litres <= 0.2 * SEED_WATER_L
    assert litres == pytest.approx(SEED_WATER_L * 0.15)


def test_towers_reject_heat_plus_compressor_work() -> None:
    comp = compile_ok(
        """
design "d" { electricity = 0.1 USD/kWh }
part node { kind = server  power_max = 10 kW }
rack_type r { height = 48 U  device node * 4 }
part ch { kind = chiller  capacity = 600 kW  cop = 6 }
part tower { kind = cooling_tower  capacity = 1000 kW  water_use = 2 L/kWh  power_max = 10 kW }
cooling "p" { tier = air_contained  chiller = ch * 3  cooling_tower = tower * 2  redundancy = N+1 }
hall "H1" { rack r * 30 { cooling = p } }
"""
    )
    loop = comp.results.cooling.loop("p")
    assert loop.compressor_kw == pytest.approx(1200 / 6)  # 200 kW
    assert loop.heat_rejected_kw == pytest.approx(1400)
    # towers at 1,400 / 2,000 = 70 % of their capacity: fans 2 × 10 kW × 0.7³ = 6.86 kW
    assert loop.fan_kw == pytest.approx(6.86)
    f = comp.results.facility
    assert f.facility_kw == pytest.approx(1200 + 200 + 6.86)
    assert f.water_l_per_year == pytest.approx(2 * 1400 * HOURS)  # 24.5 ML
    # towers after one fails: 1,000 kW < 1,400 kW
    assert any(
        "cooling tower" in d.message and "1,400 kW" in d.message for d in found(comp, "DC-COOL-003")
    )
    assert f.uncooled_kw == 0 and f.uncounted == [
        "electrical losses (no power chain carries the IT load)"
    ]


def test_water_unknown_is_said() -> None:
    comp = compile_ok(it_500mw("pue = 1.2"))
    assert comp.results.facility.water_l_per_year is None
    (d,) = found(comp, "DC-COOL-024")
    assert "water per year is not computed" in d.message


# --- summary.json -----------------------------------------------------------------------------------


def test_summary_json_carries_facility_power_pue_energy_and_water() -> None:
    comp = compile_ok(it_500mw("electricity = 0.05 USD/kWh  pue = 1.2  wue = 1.8 L/kWh"))
    doc = json.loads(json.dumps(summary(comp)))
    assert doc["power"]["facility_kw"] == 600_000
    assert doc["power"]["pue"] == 1.2
    assert doc["energy_kwh_per_year"] == 600_000 * HOURS
    assert doc["water_l_per_year"] == pytest.approx(SEED_WATER_L)


def test_it_outside_racks_is_cooled_at_the_plant_average() -> None:
    comp = compile_ok(
        it_500mw("", 'cooling "p" { tier = rear_door  cop = 5  water_use = 1.8 L/kWh }', "p")
    )
    model, results = comp.model, comp.results

    def power_stub() -> PowerResult:
        return PowerResult(it_kw=520_000.0)  # 20 MW of network switches outside racks

    results.power = power_stub()
    facility.analyse(model, results)
    f = results.facility
    assert f.outside_kw == pytest.approx(20_000)
    # plant: 100 MW of cooling for 500 MW of heat → 0.2 kW/kW → 4 MW for the switches
    assert f.outside_cooling_kw == pytest.approx(4_000)
    assert f.facility_kw == pytest.approx(520_000 + 100_000 + 4_000)
    # water: 1.8 L/kWh × 600 MW rejected / 500 MW of heat = 2.16 L per kWh of heat
    assert f.water_l_per_year == pytest.approx(1.8 * 600_000 * HOURS + 2.16 * 20_000 * HOURS)
    # without a stated plant the switches' heat makes the PUE a lower bound
    bare = compile_ok(it_500mw(""))
    bare.results.power = power_stub()
    facility.analyse(bare.model, bare.results)
    assert bare.results.facility.uncooled_kw == pytest.approx(520_000)
    assert "IT outside racks (network switches)" in bare.results.facility.uncooled_what
