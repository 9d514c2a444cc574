"""Cost analysis: BOM lines, capex/opex/TCO arithmetic and rent-or-buy, checked by hand.

Each expected figure is worked out in the comment beside it from the inputs of the design text.
"""

from __future__ import annotations

import math

import pytest

from dcdsl.analysis.cost import CostResult, rent_or_buy
from dcdsl.pipeline import Compilation, compile_text

HEAD = """
design "t" { electricity = 0.10 USD/kWh }
part gpu_x { kind = gpu  price = 20000 USD }
part srv_slot { kind = server  gpus = 8  gpu = gpu_x  price_per_gpu_slot = 10000 USD
                power_max = 8 kW  height = 8 U }
part srv_whole { kind = server  gpus = 8  gpu = gpu_x  price = 250000 USD
                 power_max = 8 kW  height = 8 U }
part srv_apart { kind = server  gpus = 8  gpu = gpu_x  price = 50000 USD  price_includes_gpus = false
                 power_max = 8 kW  height = 8 U }
part srv_noprice { kind = server  gpus = 0  power_max = 1 kW  height = 1 U }
part pdu_x { kind = rack_pdu  price = 2000 USD }
"""


def build(text: str) -> Compilation:
    compilation = compile_text(HEAD + text, "t.dc")
    assert compilation.model is not None, [d.message for d in compilation.diagnostics]
    return compilation


def cost_of(compilation: Compilation) -> CostResult:
    assert compilation.results is not None
    assert isinstance(compilation.results.cost, CostResult)
    return compilation.results.cost


def line(cost: CostResult, part: str, unit: str | None = None):
    found = [b for b in cost.bom if b.part == part and (unit is None or b.unit == unit)]
    assert len(found) == 1, [(b.part, b.unit) for b in cost.bom]
    return found[0]


def codes(compilation: Compilation) -> list[str]:
    return [d.code for d in compilation.diagnostics]


def test_gpus_and_chassis_per_slot_are_two_lines() -> None:
    # 3 racks × 2 servers = 6 nodes = 48 GPUs: GPUs 48 × 20,000 = 960,000; chassis 48 slots ×
    # 10,000 = 480,000; rack PDUs 3 × 2 × 2,000 = 12,000.
    c = build(
        """
        rack_type r { height = 48 U  device srv_slot * 2  rack_pdu pdu_x * 2 }
        hall "H" { rack r * 3 }
        """
    )
    cost = cost_of(c)
    gpus = line(cost, "gpu_x")
    assert (gpus.quantity, gpus.unit, gpus.extended_usd) == (48, "GPU", 960_000)
    chassis = line(cost, "srv_slot")
    assert (chassis.quantity, chassis.unit, chassis.extended_usd) == (48, "GPU slot", 480_000)
    assert line(cost, "pdu_x").extended_usd == 12_000
    assert cost.capex_usd["compute"] == 1_440_000
    assert cost.capex_usd["power"] == 12_000
    assert cost.capex_usd["total"] == 1_452_000
    assert chassis.where == "t.dc:13"  # the rack type's `device` line
    assert "DC-COST-007" in codes(c)


def test_server_price_with_gpus_is_one_line_and_without_gpus_adds_them() -> None:
    c = build(
        """
        rack_type a { height = 48 U  device srv_whole * 1 }
        rack_type b { height = 48 U  device srv_apart * 1 }
        hall "H" { rack a * 2  rack b * 3 }
        """
    )
    cost = cost_of(c)
    # srv_whole: 2 nodes × 250,000, GPUs included: no GPU line of its own.
    assert line(cost, "srv_whole").extended_usd == 500_000
    assert line(cost, "srv_whole").unit == "node"
    # srv_apart: 3 nodes × 50,000 chassis + 24 GPUs × 20,000.
    assert line(cost, "srv_apart").extended_usd == 150_000
    assert line(cost, "gpu_x").quantity == 24
    assert cost.capex_usd["compute"] == 500_000 + 150_000 + 480_000


def test_unpriced_part_is_named_in_a_warning_and_left_out_of_capex() -> None:
    c = build(
        """
        rack_type r { height = 48 U  device srv_noprice * 4 }
        hall "H" { rack r * 5 }
        """
    )
    cost = cost_of(c)
    assert [b.part for b in cost.unpriced] == ["srv_noprice"]
    assert cost.capex_usd["total"] == 0
    warnings = [d for d in c.diagnostics if d.code == "DC-COST-001"]
    assert len(warnings) == 1
    assert "`srv_noprice` has no price: 20 nodes" in warnings[0].message
    assert warnings[0].span is not None and warnings[0].span.line == 13


def test_design_cost_lines_in_every_form() -> None:
    c = build(
        """
        cost "construction" { category = facility  rate = 12 MUSD/MW  basis = 2 MW }
        cost "licences" { category = software  quantity = 10  unit = "seat"  unit_price = 5000 USD }
        cost "fit-out" { category = other  amount = 1.5 MUSD }
        cost "support" { category = software  recurring = true  amount = 30000 USD }
        cost "people" { category = staff  per_year = 400000 USD/year }
        cost "power" { category = energy  rate = 0.10 USD/kWh  basis = 1 MW * 8760 hour }
        """
    )
    cost = cost_of(c)
    construction = line(cost, "construction")
    # 12 MUSD/MW × 2 MW: quantity 2 MW at 12,000,000 per MW.
    assert (construction.quantity, construction.unit, construction.unit_price_usd) == (
        2,
        "MW",
        12_000_000,
    )
    assert line(cost, "licences").extended_usd == 50_000
    assert line(cost, "licences").unit == "seat"
    assert cost.capex_usd["facility"] == 24_000_000
    assert cost.capex_usd["software"] == 50_000
    assert cost.capex_usd["other"] == 1_500_000
    # Energy: 1 MW × 8,760 h = 8,760,000 kWh × 0.10 = 876,000 a year (the design's own line
    # replaces the computed facility energy, which would be 0 here: no racks).
    energy = line(cost, "power")
    assert energy.recurring and energy.unit == "kWh" and energy.quantity == 8_760_000
    assert cost.opex_usd_per_year["energy"] == pytest.approx(876_000)
    assert cost.opex_usd_per_year["software"] == 30_000
    assert cost.opex_usd_per_year["staff"] == 400_000
    assert cost.opex_usd_per_year["total"] == pytest.approx(876_000 + 30_000 + 400_000)
    assert cost.energy_source == "the design's energy cost lines"


def test_power_basis_per_year_uses_8760_hours() -> None:
    # rate × power is money per time: 0.10 USD/kWh × 1,000 kW × 8,760 h = 876,000 USD a year
    # (pint's Julian year of 8,766 h would give 876,600).
    c = build('cost "power" { category = energy  rate = 0.10 USD/kWh  basis = 1 MW }')
    assert cost_of(c).opex_usd_per_year["energy"] == pytest.approx(876_000)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('cost "x" { category = facility }', "has no figure"),
        ('cost "x" { amount = 5 USD  quantity = 3  unit_price = 1 USD }', "one figure per line"),
        ('cost "x" { quantity = 3 }', "no `unit_price`"),
        ('cost "x" { rate = 12 MUSD/MW  basis = 250 kg }', "not money"),
        ('cost "x" { rate = 12 MUSD/MW }', "no `basis`"),
    ],
)
def test_cost_lines_that_cannot_be_computed_are_errors(text: str, message: str) -> None:
    c = build(text)
    found = [d for d in c.diagnostics if d.code == "DC-COST-003"]
    assert len(found) == 1 and message in found[0].message
    assert found[0].help


def test_computed_energy_from_facility_power_and_tariff() -> None:
    # 10 racks × 2 × 8 kW = 160 kW IT; no cooling plant: PUE 1.0 (a lower bound) →
    # 160 × 8,760 × 0.10 = 140,160 USD a year. Capex: 20 nodes × 250,000 = 5,000,000.
    # Maintenance 4 % of equipment capex = 200,000. Staff 100,000.
    c = build(
        """
        rack_type r { height = 48 U  device srv_whole * 2 }
        hall "H" { rack r * 10 }
        """
    )
    cost = cost_of(c)
    assert cost.capex_usd["total"] == 5_000_000
    assert cost.energy_computed_usd_per_year == pytest.approx(140_160)
    assert cost.opex_usd_per_year["energy"] == pytest.approx(140_160)
    assert cost.energy_source == "facility energy × tariff"


def test_maintenance_staff_and_discounted_tco() -> None:
    text = (
        HEAD.replace(
            'design "t" { electricity = 0.10 USD/kWh }',
            'design "t" { maintenance_rate = 4 %  staff_cost = 100000 USD/year  years = 2 '
            " discount_rate = 10 % }",
        )
        + """
        rack_type r { height = 48 U  device srv_whole * 2 }
        hall "H" { rack r * 10 }
        """
    )
    c = compile_text(text, "t.dc")
    cost = cost_of(c)
    assert cost.opex_usd_per_year["maintenance"] == pytest.approx(200_000)
    assert cost.opex_usd_per_year["staff"] == 100_000
    opex = cost.opex_usd_per_year["total"]
    assert opex == pytest.approx(300_000)  # no tariff: no energy
    tco = cost.tco
    assert tco.total_usd == pytest.approx(5_000_000 + 2 * 300_000)
    # PV = 5,000,000 + 300,000/1.1 + 300,000/1.21 = 5,520,661.16
    assert tco.present_value_usd == pytest.approx(5_000_000 + 300_000 / 1.1 + 300_000 / 1.21)
    assert tco.annualised_usd_per_year == pytest.approx(2_500_000 + 300_000)
    # 20 nodes: 2,800,000 / (20 × 12) = 11,666.67 per node-month; 160 GPUs × 8,760 h.
    assert tco.usd_per_node_month == pytest.approx(2_800_000 / 240)
    assert tco.usd_per_gpu_hour == pytest.approx(2_800_000 / (160 * 8760))


def test_break_even_utilisation_is_owned_over_cloud() -> None:
    # The seed's figures: 7,600 owned; 71,000 on demand; 30,000 reserved per node-month.
    on_demand, reserved = rent_or_buy(7600, 71000, 30000)
    assert on_demand == pytest.approx(0.10704, abs=1e-5)  # ≈ 10.7 %, not the seed's 60–70 %
    assert reserved == pytest.approx(0.25333, abs=1e-5)  # ≈ 25.3 %
    assert rent_or_buy(7600, None, None) == (None, None)


def test_cloud_part_prices_per_hour_become_node_months() -> None:
    text = HEAD.replace(
        'design "t" { electricity = 0.10 USD/kWh }',
        'design "t" { cloud = inst  owned_cost_per_node_month = 7305 USD/month }',
    ) + (
        "part inst { kind = cloud_instance  price_on_demand = 100 USD/hour "
        " price_reserved = 30000 USD/month }"
    )
    c = compile_text(text, "t.dc")
    rent = cost_of(c).rent_or_buy
    assert rent is not None
    # 100 USD/h × 730.5 h = 73,050 per month; a monthly price comes back unchanged.
    assert rent.on_demand_usd_per_node_month == pytest.approx(73_050)
    assert rent.reserved_usd_per_node_month == pytest.approx(30_000)
    assert rent.breakeven_on_demand == pytest.approx(0.1)
    assert math.isclose(rent.breakeven_reserved or 0, 7305 / 30000)


def test_fabric_budget_line_covers_the_fabric_parts() -> None:
    c = build(
        """
        part sw { kind = switch  ports = 64  port_speed = 400 Gb/s  price = 30000 USD  power_max = 1 kW }
        rack_type r { height = 48 U  device srv_whole * 4 }
        hall "H" { rack r * 8 }
        fabric "f" { topology = leaf_spine  endpoints = H.gpus  switch = sw }
        cost "ib" { category = network  quantity = 300  unit = "port"  unit_price = 1000 USD  fabric = f }
        """
    )
    cost = cost_of(c)
    # The fabric's switches are listed but priced by the budget line alone.
    switch = line(cost, "sw")
    assert switch.unit_price_usd is None and switch.covered_by is not None
    assert cost.capex_usd["network"] == 300_000
    assert not [d for d in c.diagnostics if d.code == "DC-COST-001"]
    # 256 GPUs, two tiers at 64 ports: 256 leaf-down + 256 leaf-up + 256 spine ports + 256 HCA
    # ports = 1,024 ports needed against 300 budgeted.
    found = [d for d in c.diagnostics if d.code == "DC-COST-006"]
    assert len(found) == 1 and "needs 1,024" in found[0].message


def test_unknown_fabric_in_a_cost_line_is_an_error() -> None:
    c = build('cost "ib" { category = network  amount = 5 USD  fabric = nope }')
    found = [d for d in c.diagnostics if d.code == "DC-COST-003"]
    assert found and "names no fabric" in found[0].message


def test_switches_placed_in_racks_are_not_counted_twice_by_the_fabric() -> None:
    # 256 GPUs on 64-port switches, two tiers non-blocking: 8 leaves + 4 spines = 12 switches.
    # The racks place 10 of them: the fabric adds only the 2 the racks do not hold.
    c = build(
        """
        part sw { kind = switch  ports = 64  port_speed = 400 Gb/s  price = 30000 USD  power_max = 1 kW }
        rack_type r { height = 48 U  device srv_whole * 4 }
        rack_type net { height = 48 U  device sw * 5 }
        hall "H" { rack r * 8  rack net * 2 }
        fabric "f" { topology = leaf_spine  endpoints = H.gpus  switch = sw }
        """
    )
    cost = cost_of(c)
    switches = [b for b in cost.bom if b.part == "sw"]
    assert sorted(b.quantity for b in switches) == [2, 10]
    assert sum(b.extended_usd or 0 for b in switches) == 12 * 30_000


def test_lump_sum_fabric_budget_is_not_a_port_count() -> None:
    from dcdsl.pipeline import compile_file
    from tests.conftest import ROOT

    compilation = compile_file(ROOT / "designs" / "enterprise-room.dc")
    codes = {d.code for d in compilation.diagnostics}
    assert "DC-COST-006" not in codes  # `amount = 30000 USD` with `fabric = dc`
    assert not compilation.has_errors()


def test_price_origin_names_a_price_set_where_the_part_is_placed() -> None:
    cost = cost_of(
        build(
            """
            hall "H" {
              rack "r1" { height = 48 U  device srv_whole "n1" { price = 200000 USD  serial = "S1" } }
              rack "r2" { height = 48 U  device srv_whole "n2" { serial = "S2" }
                          device srv_slot "n3" { serial = "S3" } }
              rack "r3" { height = 48 U  device srv_slot "n4" { price_per_gpu_slot = 9000 USD } }
            }
            """
        )
    )
    origins = {(b.part, b.unit_price_usd): b.price_origin for b in cost.bom}
    placed = "set where the part is placed"
    assert placed in origins[("srv_whole", 200_000)]
    assert origins[("srv_whole", 250_000)].startswith("design (part `srv_whole`")  # a serial only
    assert placed in origins[("srv_slot", 9_000)]  # the slot price, stated at the device
    assert origins[("srv_slot", 10_000)].startswith("design (part `srv_slot`")


def test_devices_of_one_part_merge_into_one_line_with_every_location() -> None:
    # The BOM makes the lines of a (part, stated specs, count) once and adds each further
    # device's quantity and line to them; a device stating a price keeps its own line.
    racks = "\n".join(
        f'  rack "r{r}" {{ height = 48 U\n'
        f'    device srv_apart "n{r}a" {{ position = 2 U  serial = "A{r}" }}\n'
        f'    device srv_apart "n{r}b" {{ position = 12 U  serial = "B{r}" }}\n'
        f"    device srv_apart * 2\n"
        f"  }}"
        for r in range(1, 9)
    )
    priced = '  rack "p" { height = 48 U  device srv_apart "np" { price = 40000 USD } }\n}\n'
    text = 'hall "H" {\n' + racks + "\n" + priced
    cost = cost_of(build(text))
    chassis = [b for b in cost.bom if b.part == "srv_apart" and b.unit == "node"]
    assert sorted((b.unit_price_usd, b.quantity) for b in chassis) == [(40_000, 1), (50_000, 32)]
    merged = next(b for b in chassis if b.unit_price_usd == 50_000)
    first = HEAD.count("\n") + 3  # the line of rack "r1"'s first device
    assert len(merged.spans) == 24  # 3 device lines in each of 8 racks
    assert merged.where.startswith(f"t.dc:{first}; t.dc:{first + 1}; t.dc:{first + 2}")
    assert merged.where.endswith("… (+18)")
    gpus = line(cost, "gpu_x", "GPU")
    assert gpus.quantity == 33 * 8
    assert len(gpus.spans) == 25
