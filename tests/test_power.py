"""Power chain end to end: small .dc designs compiled, checked against hand-worked numbers.

Every figure asserted here is worked out by hand in docs/checks.md (Power).
"""

from __future__ import annotations

import time

import pytest

from dcdsl.analysis import load, power
from dcdsl.analysis.fabric import FabricItem, FabricResult
from dcdsl.analysis.power import PowerResult
from dcdsl.analysis.results import Results
from dcdsl.diagnostics import Diagnostic, Severity
from dcdsl.emit import summary
from dcdsl.model import Fabric, Selector
from dcdsl.pipeline import Compilation, compile_text

PARTS = """
part srv10 { kind = server  power_max = 10 kW  height = 2 U }
part srv11 { kind = server  power_max = 11 kW  height = 2 U }
part srv12_5 { kind = server  power_max = 12.5 kW  height = 2 U }
part pdu415 { kind = rack_pdu  voltage = 415 V  current = 60 A  phases = 3 }
rack_type r40 { height = 48 U  device srv10 * 4  rack_pdu pdu415 * 4 }
rack_type r44 { height = 48 U  device srv11 * 4  rack_pdu pdu415 * 4 }
rack_type r50 { height = 48 U  device srv12_5 * 4  rack_pdu pdu415 * 4 }
"""


def compile_design(body: str, design: str = "") -> Compilation:
    text = f'design "t" {{ {design} }}\n{PARTS}\n{body}'
    compilation = compile_text(text, "t.dc")
    assert compilation.results is not None, [d.message for d in compilation.diagnostics]
    return compilation


def power_of(compilation: Compilation) -> PowerResult:
    assert compilation.results is not None
    result = compilation.results.power
    assert isinstance(result, PowerResult)
    return result


def power_diagnostics(compilation: Compilation, code: str | None = None) -> list[Diagnostic]:
    return [
        d
        for d in compilation.diagnostics
        if d.code.startswith("DC-POWER") and (code is None or d.code == code)
    ]


def errors(compilation: Compilation) -> list[Diagnostic]:
    return [d for d in power_diagnostics(compilation) if d.severity is Severity.ERROR]


def ups_2n(rack_type: str, racks: int) -> str:
    return f"""
power "main" {{
  utility "grid" {{ capacity = 10 MW  voltage = 415 V }}
  ups "UPS" {{ rating_kw = 1250 kW  count = 2  redundancy = 2N  from = grid  efficiency = 0.97 }}
}}
hall "H1" {{ row "A" {{ rack {rack_type} * {racks} {{ power = main.UPS }} }} }}
"""


# --- golden: a 2N pair of 1,250 kW UPS ------------------------------------------------------------


def test_2n_ups_passes_at_1000_kw() -> None:
    c = compile_design(ups_2n("r40", 25))  # 25 × 40 kW = 1,000 kW
    p = power_of(c)
    assert p.it_kw == pytest.approx(1000.0)
    a, b = p.elements_of(c.model.power_chains[0].node("UPS"))  # type: ignore[union-attr]
    assert (a.side, b.side, a.units, b.units) == ("A", "B", 1, 1)
    assert a.normal is not None and a.normal.load_kw == pytest.approx(500.0)
    assert a.normal.loading == pytest.approx(0.4)
    # Path B lost: UPS (A) carries 1,000 kW = 80 % of 1,250 kW: exactly at the limit, passes.
    assert a.claimed is not None and a.claimed.loading == pytest.approx(0.8)
    assert a.claimed_scenario is not None and "path B lost" in a.claimed_scenario.name
    assert errors(c) == []


def warnings_of(compilation: Compilation, code: str) -> list[Diagnostic]:
    return [d for d in power_diagnostics(compilation, code) if d.severity is Severity.WARNING]


def test_2n_ups_above_the_design_margin_at_1100_kw_is_a_warning() -> None:
    c = compile_design(ups_2n("r44", 25))  # 25 × 44 kW = 1,100 kW
    assert errors(c) == []  # 88 % of nameplate: within the manufacturer's rating
    (d,) = warnings_of(c, "DC-POWER-020")
    assert d.message == (
        "ups main.UPS (A) is loaded to 88 % of its kW nameplate with main.UPS path B lost, "
        "above the design margin of 80 %"
    )
    assert any("owner's design policy" in n for n in d.notes)
    # ⌈1,100 / (0.8 × 1,250)⌉ = 2 per path: 4 units, or units of 1,100 / 0.8 = 1,375 kW.
    assert d.help == "use units of at least 1,375 kW or install 4 units instead of 2 (2N)"


def test_2n_ups_over_nameplate_at_1300_kw_names_the_failed_path() -> None:
    c = compile_design(ups_2n("r50", 26))  # 26 × 50 kW = 1,300 kW
    (d,) = errors(c)
    assert d.code == "DC-POWER-002"
    assert "main.UPS path B lost" in d.message
    assert "main.UPS (A) carries 1,300 kW of 1,250 kW (104 %)" in d.message
    assert "the limit is 100 %" in d.message
    assert any("manufacturer's kW and kVA ratings" in n for n in d.notes)
    # ⌈1,300 / 1,250⌉ = 2 per path: 4 units, or units of 1,300 kW.
    assert d.help == "use units of at least 1,300 kW or install 4 units instead of 2 (2N)"
    assert any("claimed by main.UPS (2N)" in n for n in d.notes)


def test_catalogue_ups_kva_rating_binds_at_power_factor_0_95() -> None:
    # ups_1250kw: 1,250 kW and 1,250 kVA. 1,000 kW at PF 0.95 = 1,052.6 kVA = 84.2 % of kVA
    # against 80 % of kW: kVA binds; within nameplate, above the 80 % design margin.
    body = ups_2n("r40", 25).replace("rating_kw = 1250 kW", "part = ups_1250kw")
    c = compile_design('import "std/power"\n' + body)
    assert errors(c) == []
    a = power_of(c).elements_of(c.model.power_chains[0].node("UPS"))[0]  # type: ignore[union-attr]
    assert a.claimed is not None and a.claimed.basis == "kVA"
    assert a.claimed.load_kva / a.claimed.units == pytest.approx(1052.63, abs=0.01)
    assert a.claimed.loading == pytest.approx(0.8421, abs=1e-4)
    (d,) = warnings_of(c, "DC-POWER-020")
    assert "84.2 % of its kVA nameplate" in d.message


# --- golden: four 500 kW UPS modules N+1 --------------------------------------------------------


def ups_n1(rack_type: str, racks: int) -> str:
    return f"""
power "main" {{
  utility "grid" {{ capacity = 10 MW  voltage = 415 V }}
  ups "UPS" {{ rating_kw = 500 kW  count = 4  redundancy = N+1  from = grid }}
}}
hall "H1" {{ row "A" {{ rack {rack_type} * {racks} {{ power = main.UPS }} }} }}
"""


def test_n_plus_1_ups_passes_at_1200_kw() -> None:
    c = compile_design(ups_n1("r40", 30))  # 1,200 kW
    (ups,) = power_of(c).elements_of(c.model.power_chains[0].node("UPS"))  # type: ignore[union-attr]
    assert ups.normal is not None and ups.normal.loading == pytest.approx(0.6)  # 300 of 500 kW
    assert ups.claimed is not None and ups.claimed.units == 3
    assert ups.claimed.loading == pytest.approx(0.8)  # 400 of 500 kW
    assert errors(c) == []


def test_n_plus_1_ups_above_margin_at_1300_kw() -> None:
    c = compile_design(ups_n1("r50", 26))  # 26 × 50 kW = 1,300 kW
    assert errors(c) == []
    (d,) = warnings_of(c, "DC-POWER-020")
    # 1,300 / 3 = 433.3 kW of 500 kW = 86.7 % with one module failed.
    assert d.message.startswith("ups main.UPS is loaded to 86.7 % of its kW nameplate with 1 unit")
    # ⌈1,300 / 400⌉ + 1 = 5 units; or 1,300 / 3 / 0.8 = 541.7 kW units.
    assert d.help == "use units of at least 541.7 kW or install 5 units instead of 4 (N+1)"


def test_n_plus_1_ups_over_nameplate_at_1550_kw() -> None:
    c = compile_design(ups_n1("r50", 31))  # 31 × 50 kW = 1,550 kW
    (d,) = errors(c)
    assert d.code == "DC-POWER-002"
    assert d.message.startswith("with 1 unit of main.UPS failed, ups main.UPS carries 516.7 kW")
    assert "of 500 kW per unit (103.3 %)" in d.message
    # ⌈1,550 / 500⌉ + 1 = 5 units; or 1,550 / 3 = 516.7 kW units.
    assert d.help == "use units of at least 516.7 kW or install 5 units instead of 4 (N+1)"


# --- golden: transformer overloads name the next standard size ----------------------------------


def transformer(rating: str, count: int, redundancy: str, rack_type: str, racks: int) -> str:
    return f"""
power "main" {{
  utility "grid" {{ capacity = 20 MW  voltage = 13.8 kV }}
  transformer "T" {{ rating = {rating}  count = {count}  redundancy = {redundancy}
                    secondary_voltage = 415 V  efficiency = 1.0  from = grid }}
}}
hall "H1" {{ row "A" {{ rack {rack_type} * {racks} {{ power = main.T }} }} }}
"""


def test_transformer_2n_above_margin_names_next_ansi_size() -> None:
    c = compile_design(transformer("2500 kVA", 2, "2N", "r40", 55))  # 2,200 kW
    assert errors(c) == []
    (d,) = warnings_of(c, "DC-POWER-020")
    # 2,200 kW / 0.95 = 2,315.8 kVA = 92.6 % of 2,500 kVA on the surviving transformer.
    assert "main.T (A) is loaded to 92.6 % of its kVA nameplate with main.T path B lost" in (
        d.message
    )
    assert d.help is not None
    assert d.help.startswith(
        "use 3,750 kVA transformers (the next ANSI C57.12 standard size ≥ 2,894.7 kVA = "
        "2,315.8 kVA / 80 %)"
    )
    assert "install 4 units instead of 2 (2N)" in d.help
    assert any("NEC 450.3 sizes its breakers, not its load" in n for n in d.notes)


def test_transformer_2n_over_nameplate_is_an_error() -> None:
    c = compile_design(transformer("2500 kVA", 2, "2N", "r40", 60))  # 2,400 kW
    (d,) = errors(c)
    assert d.code == "DC-POWER-002"
    # 2,400 / 0.95 = 2,526.3 kVA = 101.1 % of 2,500 kVA: over the nameplate.
    assert "carries 2,526.3 kVA of 2,500 kVA (101.1 %)" in d.message
    assert d.help is not None and d.help.startswith("use 3,750 kVA transformers")


def test_transformer_normal_overload_names_next_size() -> None:
    c = compile_design(transformer("1500 kVA", 1, "N", "r50", 30))  # 1,500 kW
    (d,) = errors(c)
    assert d.code == "DC-POWER-001"
    # 1,500 / 0.95 = 1,578.9 kVA = 105.3 % → the next ANSI size ≥ 1,578.9 kVA is 2,000 kVA.
    assert "carries 1,578.9 kVA of 1,500 kVA (105.3 %) in normal operation" in d.message
    assert d.help is not None and d.help.startswith("use 2,000 kVA transformers")
    assert any("2,197 A at 415 V" in n for n in d.notes)  # 1,578.9 kVA / (√3 × 415 V)


def test_iec_design_gets_iec_sizes() -> None:
    body = transformer("1250 kVA", 1, "N", "r40", 25).replace("13.8 kV", "11 kV")
    c = compile_design(body)  # 1,000 kW → 1,052.6 kVA = 84.2 %: above the 80 % margin
    assert power_of(c).standard == "IEC"  # from the 11 kV utility (IEC 60038)
    (d,) = warnings_of(c, "DC-POWER-020")
    assert d.help is not None and d.help.startswith(
        "use 1,600 kVA transformers (the next IEC 60076 (R10) standard size ≥ 1,315.8 kVA"
    )
    # The same design declared ANSI is offered the ANSI size.
    ansi = compile_design(body, design="standard = ANSI")
    (d,) = warnings_of(ansi, "DC-POWER-020")
    assert d.help is not None and d.help.startswith("use 1,500 kVA transformers")


# --- golden: rack PDUs per feed -----------------------------------------------------------------


def rack_pdu_design(pf: str, rack_kw: str) -> str:
    return f"""
part pdu_a {{ kind = rack_pdu  voltage = 415 V  current = 60 A  phases = 3 {pf} }}
part dev {{ kind = server  power_max = {rack_kw}  height = 2 U }}
rack_type r {{ height = 48 U  device dev  rack_pdu pdu_a * 2 }}
power "main" {{
  utility "grid" {{ capacity = 10 MW }}
  ups "UPS" {{ rating_kw = 1250 kW  count = 2  redundancy = 2N  from = grid }}
}}
hall "H1" {{ row "A" {{ rack r * 4 {{ power = main.UPS }} }} }}
"""


def test_rack_pdu_415v_60a_carries_34_5_kw_per_feed() -> None:
    c = compile_design(rack_pdu_design("power_factor = 1.0", "34.5 kW"))
    (feed,) = power_of(c).racks
    assert (feed.cords, feed.pdus, feed.pdus_per_feed) == (2, 2, 1)
    assert feed.pdu_kva == pytest.approx(43.128, abs=1e-3)
    assert feed.feed_capacity_kw == pytest.approx(34.502, abs=1e-3)
    assert power_diagnostics(c, "DC-POWER-003") == []


def test_rack_pdu_over_one_feed_is_an_error() -> None:
    c = compile_design(rack_pdu_design("power_factor = 1.0", "35 kW"))
    (d,) = power_diagnostics(c, "DC-POWER-003")
    assert d.severity is Severity.ERROR
    assert "draw 35 kW each; one feed of its A/B pair has 1 × pdu_a = 34.5 kW usable" in d.message
    assert any("√3 × 415 V × 60 A = 43.1 kVA" in n for n in d.notes)
    assert d.help is not None and d.help.startswith("use 4 rack PDUs of this size per rack")


def test_rack_pdu_at_default_power_factor() -> None:
    # No power factor on the PDU: the design default 0.95 gives 0.8 × 43.128 × 0.95 = 32.8 kW.
    c = compile_design(rack_pdu_design("", "34.5 kW"))
    (feed,) = power_of(c).racks
    assert feed.feed_capacity_kw == pytest.approx(32.777, abs=1e-3)
    assert len(power_diagnostics(c, "DC-POWER-003")) == 1


# --- roll-up, losses, current --------------------------------------------------------------------


def test_losses_roll_up_through_the_chain() -> None:
    body = """
power "main" {
  utility "grid" { capacity = 10 MW  voltage = 13.8 kV }
  transformer "T" { rating = 2500 kVA  efficiency = 0.99  secondary_voltage = 415 V  from = grid }
  ups "UPS" { rating_kw = 1500 kW  efficiency = 0.96  from = T }
}
hall "H1" { row "A" { rack r40 * 25 { power = main.UPS } } }
"""
    c = compile_design(body)
    p = power_of(c)
    # UPS: 1,000 / 0.96 = 1,041.67 kW in (41.67 kW lost); T: 1,041.67 / 0.99 = 1,052.19 kW in.
    assert p.losses_by_kind_kw["ups"] == pytest.approx(41.667, abs=1e-3)
    assert p.losses_by_kind_kw["transformer"] == pytest.approx(10.522, abs=1e-3)
    assert p.losses_kw == pytest.approx(52.189, abs=1e-3)
    assert p.utility_kw == pytest.approx(1052.189, abs=1e-3)
    t = p.element("main.T")
    assert t is not None and t.normal is not None
    # 1,041.67 kW at PF 0.95 and 415 V: 1,041,667 / (√3 × 415 × 0.95) = 1,525.4 A.
    assert t.normal.current_a == pytest.approx(1525.4, abs=0.1)
    assert c.results is not None and summary.summary(c)["power"]["it_kw"] == 1000


def test_transformer_no_load_and_load_losses() -> None:
    body = """
part dev { kind = server  power_max = 47.5 kW  height = 2 U }
rack_type r { height = 48 U  device dev  rack_pdu pdu415 * 4 }
power "main" {
  utility "grid" { capacity = 10 MW }
  transformer "T" { rating = 2500 kVA  no_load_loss = 3 kW  load_loss = 20 kW  from = grid }
}
hall "H1" { row "A" { rack r * 25 { power = main.T } } }
"""
    c = compile_design(body)
    # 1,187.5 kW / 0.95 = 1,250 kVA = 50 % of 2,500: 3 + 20 × 0.5² = 8 kW.
    assert power_of(c).losses_kw == pytest.approx(8.0)
    assert power_diagnostics(c, "DC-POWER-011") == []


def test_default_efficiencies_are_stated() -> None:
    body = """
power "main" {
  utility "grid" { capacity = 10 MW }
  ups "UPS" { rating_kw = 1500 kW  from = grid }
}
hall "H1" { row "A" { rack r40 * 24 { power = main.UPS } } }
"""
    c = compile_design(body)
    # 960 kW at the default 96 %: 960 / 0.96 − 960 = 40 kW.
    assert power_of(c).losses_kw == pytest.approx(40.0)
    (d,) = power_diagnostics(c, "DC-POWER-011")
    assert "main.UPS (96%)" in d.message


def test_design_power_factor_is_used() -> None:
    c = compile_design(ups_2n("r40", 25), design="power_factor = 0.9")
    p = power_of(c)
    assert (p.power_factor, p.power_factor_source) == (0.9, "design 't'")
    a = p.elements[1]
    assert a.normal is not None and a.normal.load_kva == pytest.approx(500 / 0.9)


# --- paths, failures, generators ----------------------------------------------------------------


AB_CHAIN = """
power "main" {
  utility "grid" { capacity = 2 MW  voltage = 415 V }
  %(shared)s
  ups "UPS_A" { rating_kw = 1250 kW  count = %(ups)s  redundancy = %(red)s  from = %(up)s }
  ups "UPS_B" { rating_kw = 1250 kW  count = %(ups)s  redundancy = %(red)s  from = %(up)s }
  pdu "PDU_A" { rating = 1500 kVA  from = UPS_A }
  pdu "PDU_B" { rating = 1500 kVA  from = UPS_B }
}
hall "H1" { row "A" { rack r40 * 25 { power = [main.PDU_A, main.PDU_B] } } }
"""


def test_separate_a_b_elements_take_their_path_from_the_racks() -> None:
    c = compile_design(AB_CHAIN % {"shared": "", "ups": 1, "red": "N", "up": "grid"})
    p = power_of(c)
    sides = {e.key: e.side for e in p.elements}
    assert sides == {
        "main.grid": None,
        "main.UPS_A": "A",
        "main.UPS_B": "A".replace("A", "B"),
        "main.PDU_A": "A",
        "main.PDU_B": "B",
    }
    names = {o.scenario.name: o for o in p.scenarios}
    assert names["path A lost"].scenario.claimed_by == "A/B rack feeds"
    assert names["path A lost"].dropped_kw == 0
    ups_b = p.element("main.UPS_B")
    assert ups_b is not None and ups_b.claimed is not None
    assert ups_b.claimed.load_kw == pytest.approx(1000.0)  # the whole load on path B
    assert errors(c) == []
    # Two active paths, but no generator: Tier III and IV need on-site generation.
    assert p.tier == 2
    assert "on-site engine generators" in p.tier_reason


def test_shared_switchboard_is_not_concurrently_maintainable() -> None:
    shared = 'switchboard "SWB" { rating = 2500 kVA  from = grid }'
    c = compile_design(AB_CHAIN % {"shared": shared, "ups": 2, "red": "N+1", "up": "SWB"})
    p = power_of(c)
    assert p.tier == 2
    assert any("concurrent maintainability: main.SWB" in m for m in p.tier_missing[3])
    assert any("shared: main.SWB" in m for m in p.tier_missing[4])
    (d,) = power_diagnostics(c, "DC-POWER-010")
    assert d.severity is Severity.NOTE
    assert d.message.startswith("the electrical topology reaches Tier II: redundant capacity")


@pytest.mark.parametrize(
    ("ups", "expected"),
    [
        ("count = 1", 1),
        ("count = 3  redundancy = N+1", 2),
        ("count = 2  redundancy = 2N", 2),  # no generator: not III or IV
    ],
)
def test_uptime_tier_of_a_single_chain(ups: str, expected: int) -> None:
    body = f"""
power "main" {{
  utility "grid" {{ capacity = 10 MW }}
  ups "UPS" {{ rating_kw = 1250 kW  {ups}  from = grid }}
}}
hall "H1" {{ row "A" {{ rack r40 * 10 {{ power = main.UPS }} }} }}
"""
    assert power_of(compile_design(body)).tier == expected


def test_single_fed_racks_under_a_claimed_path_loss_lose_power() -> None:
    body = """
power "main" {
  utility "grid" { capacity = 10 MW }
  ups "UPS_A" { rating_kw = 1250 kW  path = A  from = grid }
  ups "UPS_B" { rating_kw = 1250 kW  path = B  from = grid }
  pdu "PDU" { rating = 1500 kVA  from = UPS_A }
  pdu "PDU2" { rating = 1500 kVA  from = UPS_B }
}
hall "H1" {
  row "A" { rack r40 * 10 { power = main.PDU } }
  row "B" { rack r40 * 10 { power = [main.PDU, main.PDU2] } }
}
"""
    c = compile_design(body)
    drops = [d for d in errors(c) if "loses power" in d.message]
    assert len(drops) == 1
    assert drops[0].message == ("with path A lost, 400 kW of rack load loses power (H1.A A01..A10)")


def test_generators_carry_the_load_when_the_utility_is_lost() -> None:
    body = """
power "main" {
  utility "grid" { capacity = 5 MW }
  generator "G" { rating_kw = 1000 kW  count = 3  redundancy = N+1  rating_class = %s }
  switchgear "SWG" { rating = 4000 kVA  from = [grid, G] }
  ups "UPS" { rating_kw = 1250 kW  count = 3  redundancy = N+1  efficiency = 0.97  from = SWG }
}
hall "H1" { row "A" { rack r40 * 50 { power = main.UPS } } }
"""
    c = compile_design(body % "data_center")
    p = power_of(c)
    g = p.element("main.G")
    assert g is not None and g.normal is not None and g.normal.load_kw == 0  # standby
    assert g.claimed_scenario is not None
    assert g.claimed_scenario.name == "utility lost and 1 unit of main.G failed"
    assert g.claimed is not None and g.claimed.units == 2
    # 2,000 kW / 0.97 = 2,061.9 kW on two 1,000 kW generators: over their capacity.
    assert g.claimed.load_kw == pytest.approx(2061.856, abs=1e-3)
    found = [d for d in power_diagnostics(c, "DC-POWER-004") if "generators" in d.message]
    assert len(found) == 1
    # ISO 8528-1 DCP carries its full rating: two of three 1,000 kW sets = 2,000 kW.
    assert "site load 2,061.9 kW exceeds the generators capacity 2,000 kW (103.1 %)" in (
        found[0].message
    )
    # A standby (ESP) rating may average 70 % over 24 h: 2 × 700 = 1,400 kW.
    standby = compile_design(body % "standby")
    (d,) = [d for d in power_diagnostics(standby, "DC-POWER-004") if "generators" in d.message]
    assert "generators capacity 1,400 kW" in d.message


def test_utility_capacity_against_facility_power() -> None:
    body = """
power "main" {
  utility "grid" { capacity = 820 kW }
  ups "UPS" { rating_kw = 1250 kW  count = 2  redundancy = N+1  efficiency = 0.96  from = grid }
}
hall "H1" { row "A" { rack r40 * 20 { power = main.UPS } } }
"""
    c = compile_design(body)
    (d,) = power_diagnostics(c, "DC-POWER-004")
    assert d.severity is Severity.ERROR
    assert "exceeds the utility service capacity 820 kW" in d.message


def test_uneven_split_loop_unfed_unrated_and_missing_pdus() -> None:
    body = """
rack_type bare { height = 48 U  device srv10 * 2 }
power "main" {
  utility "grid" { capacity = 10 MW }
  ups "UPS" { rating_kw = 1250 kW  count = 3  redundancy = 2N  from = grid }
  pdu "P" { from = UPS }
  ups "L1" { rating_kw = 100 kW  from = L2 }
  ups "L2" { rating_kw = 100 kW  from = L1 }
}
hall "H1" {
  row "A" { rack r40 * 2 { power = main.P } }
  row "B" { rack r40 * 2 }
  row "C" { rack bare * 2 { power = main.UPS } }
}
"""
    c = compile_design(body)
    codes = sorted(d.code for d in power_diagnostics(c))
    for expected in (
        "DC-POWER-005",
        "DC-POWER-006",
        "DC-POWER-007",
        "DC-POWER-008",
        "DC-POWER-012",
    ):
        assert expected in codes, codes
    (unfed,) = power_diagnostics(c, "DC-POWER-005")
    assert "B01..B02" in unfed.message
    (uneven,) = power_diagnostics(c, "DC-POWER-008")
    assert "3 units do not split evenly over the 2 paths of 2N" in uneven.message


def _fabric_result(power_kw: float, items: list[FabricItem] | None = None) -> FabricResult:
    """A sized fabric as the power analysis reads it: its power and its BOM items."""
    return FabricResult(
        name="compute",
        kind="compute",
        topology="leaf_spine",
        planes=1,
        power_kw=power_kw,
        switch_power_kw=power_kw,
        optics_power_kw=0.0,
        node_optics_power_kw=0.0,
        bisection_gbps=None,
        items=items or [],
        counts=None,
    )


def test_network_power_joins_the_load_of_the_racks_it_serves() -> None:
    c = compile_design(ups_2n("r40", 25))
    model = c.model
    assert model is not None
    hall = model.halls[0]
    model.fabrics.append(Fabric("compute", None, endpoints=Selector(hall, "gpus", "H1.gpus")))
    results = Results()
    load.analyse(model, results)
    results.fabrics["compute"] = _fabric_result(50.0)
    power.analyse(model, results)
    p = results.power
    assert (p.rack_it_kw, p.network_kw, p.it_kw) == (1000.0, 50.0, 1050.0)
    a = p.elements[1]
    assert a.normal.load_kw == pytest.approx(525.0)  # half of 1,050 kW on each path
    assert p.racks[0].rack_kw == 40.0  # the switches are not in these racks


def test_switches_placed_in_racks_are_not_counted_twice() -> None:
    body = """
part sw { kind = switch  power_max = 1 kW  height = 1 U }
rack_type net { height = 48 U  device sw * 10  rack_pdu pdu415 * 2 }
power "main" {
  utility "grid" { capacity = 10 MW }
  ups "UPS" { rating_kw = 1250 kW  count = 2  redundancy = 2N  from = grid }
}
hall "H1" {
  power = main.UPS
  row "A" { rack r40 * 25 }
  row "N" { rack net * 5 }
}
"""
    c = compile_design(body)
    model = c.model
    assert model is not None
    model.fabrics.append(Fabric("compute", None))
    results = Results()
    load.analyse(model, results)
    switches = FabricItem("leaf switch", "sw", "", 60, None, 1.0)
    optics = FabricItem("switch transceiver", "osfp", "", 100, None, 0.05)
    results.fabrics["compute"] = _fabric_result(65.0, [switches, optics])
    power.analyse(model, results)
    p = results.power
    # 50 of the 60 switches sit in racks (in rack IT: 1,000 + 50 kW); the other 10 kW of
    # switches and 5 kW of optics are added outside racks: 1,065 kW in all.
    assert p.network_in_racks == {"compute": 50}
    assert (p.rack_it_kw, p.network_kw, p.it_kw) == (1050.0, 15.0, 1065.0)


def test_no_power_chain_is_a_warning() -> None:
    c = compile_design('hall "H1" { row "A" { rack r40 * 2 } }')
    (d,) = power_diagnostics(c, "DC-POWER-005")
    assert "no power chain" in d.message


def test_scale_thousands_of_rows_is_group_arithmetic() -> None:
    body = """
power "main" {
  utility "grid" { capacity = 2000 MW }
  ups "UPS" { rating_kw = 1250 kW  count = 2000  redundancy = 2(N+1)  from = grid }
  pdu "PDU" { rating = 300 kVA  count = 8000  redundancy = 2N  from = UPS }
}
hall "H1" { row "r0001".."r3000" { rack r40 * 24 { power = main.PDU } } }
"""
    started = time.perf_counter()
    c = compile_design(body)
    elapsed = time.perf_counter() - started
    p = power_of(c)
    assert p.rack_it_kw == pytest.approx(3000 * 24 * 40.0)
    assert len(p.buckets) == 1  # 3,000 rack groups, one load for the flow
    assert elapsed < 20, elapsed
