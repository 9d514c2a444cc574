"""A loop's tier needs its terminal units (DC-COOL-013); CRAC/DX units draw heat / COP; a unit
group may carry its own redundancy inside a loop (docs/checks.md, DC-COOL-013)."""

from __future__ import annotations

import pytest

from dcdsl.pipeline import Compilation, compile_text

RACKS = """
design "t" { }
part node { kind = server  gpus = 8  power_max = 10.2 kW  height = 8 U }
part door { kind = rdhx  capacity = 50 kW  power_max = 1 kW }
part cdu { kind = cdu  capacity = 600 kW  power_max = 10 kW }
part crac { kind = crac  capacity = 100 kW  cop = 3  fan_power = 2 kW }
part crah { kind = crah  capacity = 100 kW  power_max = 5 kW }
part ch { kind = chiller  capacity = 1000 kW  cop = 6.5 }
rack_type r { height = 48 U  device node * 4 }
"""


def compiled(loop: str, racks: int = 32) -> Compilation:
    text = RACKS + loop + f'\nhall "H1" {{ rack r * {racks} {{ cooling = l }} }}\n'
    compilation = compile_text(text, "t.dc")
    assert compilation.model is not None
    assert not [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    return compilation


def codes(c: Compilation, code: str) -> list[str]:
    return [d.message for d in c.diagnostics if d.code == code]


def test_rear_door_loop_without_doors_is_an_error() -> None:
    c = compiled('cooling "l" { tier = rear_door  cdu = cdu * 3  chiller = ch * 2 }')
    (message,) = codes(c, "DC-COOL-013")
    assert message == (
        'cooling loop "l" (rear_door) carries 1,305.6 kW from 32 racks but has no rear-door '
        "heat exchangers: nothing moves the heat from the racks into the loop"
    )
    (d,) = [d for d in c.diagnostics if d.code == "DC-COOL-013"]
    assert d.help == "add them to the loop, e.g. `rdhx = rdhx_50kw * 32`"
    with_doors = compiled(
        'cooling "l" { tier = rear_door  cdu = cdu * 3  chiller = ch * 2  rdhx = door * 32 }'
    )
    assert not codes(with_doors, "DC-COOL-013")
    # the doors are in the BOM with their price line and in facility power
    terms = [t.name for t in with_doors.results.facility.terms]
    assert any(name.startswith("door × 32") for name in terms)
    bom = {line.part: line.quantity for line in with_doors.results.cost.bom}
    assert bom["door"] == 32


@pytest.mark.parametrize(
    ("tier", "units", "missing"),
    [
        ("direct_to_chip", "chiller = ch * 2", "CDUs"),
        ("air", "chiller = ch * 2", "CRAHs or CRAC (DX) units or in-row coolers"),
    ],
)
def test_other_tiers_need_their_units(tier: str, units: str, missing: str) -> None:
    c = compiled(f'cooling "l" {{ tier = {tier}  {units} }}', racks=2)
    (message,) = codes(c, "DC-COOL-013")
    assert f"has no {missing}" in message


def test_crac_draws_heat_over_cop_plus_fans() -> None:
    # 2 racks × 40.8 kW = 81.6 kW of room heat on 2 CRACs of 100 kW (COP 3, 2 kW fans each)
    c = compiled('cooling "l" { tier = air  crac = crac * 2 }', racks=2)
    assert not codes(c, "DC-COOL-013")
    loop = c.results.cooling.loop("l")
    assert loop.compressor_kw == pytest.approx(81.6 / 3)  # 27.2 kW
    assert loop.fan_kw == pytest.approx(2 * 2 * (81.6 / 200) ** 3)  # 0.2717 kW: affinity laws
    assert loop.plant_known
    assert c.results.facility.uncooled_kw == 0


def test_a_unit_group_carries_its_own_redundancy() -> None:
    # 2 CRACs of 100 kW, N+1 on the group: one fails and 100 kW must carry 81.6 kW → passes;
    # 3 racks (122.4 kW) with N+1 → 100 kW left → DC-COOL-003
    loop = 'cooling "l" { tier = air  unit crac * 2 { redundancy = N+1 } }'
    ok = compiled(loop, racks=2)
    role = ok.results.cooling.loop("l").roles["crac"]
    assert str(role.redundancy) == "N+1" and role.surviving_units == 1
    assert not codes(ok, "DC-COOL-003")
    over = compiled(loop, racks=3)
    assert any("1 of 2 CRAC (DX) units failed (N+1)" in m for m in codes(over, "DC-COOL-003"))


def test_estimated_prices_are_marked_in_the_bom() -> None:
    from dcdsl.emit.bom import render_markdown

    text = (
        'design "room" { }\nimport "std/cooling"\n'
        "part node { kind = server  power_max = 5 kW  height = 2 U }\n"
        "rack_type r { height = 42 U  device node * 2 }\n"
        'cooling "l" { tier = air  crac = crac_dx_25kw * 2 }\n'
        'hall "H1" { rack r * 2 { cooling = l } }\n'
    )
    c = compile_text(text, "room.dc")
    assert c.results is not None
    md = render_markdown("room", c.results.cost)
    (row,) = [line for line in md.splitlines() if "`crac_dx_25kw`" in line]
    assert "30,000 (estimate)" in row
