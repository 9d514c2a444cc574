"""Voltages, LV currents, fault current, generators and tier claims: the hand-worked examples of
docs/checks.md (Power), compiled end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from dcdsl.diagnostics import Diagnostic, Severity
from dcdsl.pipeline import Compilation, compile_text
from tests.test_power import power_of

ROOT = Path(__file__).resolve().parent.parent

PARTS = """
import "std/power"
part srv10 { kind = server  power_max = 10 kW  height = 2 U }
part pdu208 { kind = rack_pdu  voltage = 208 V  current = 60 A  phases = 3 }
part pdu415 { kind = rack_pdu  voltage = 415 V  current = 60 A  phases = 3 }
rack_type r40 { height = 48 U  device srv10 * 4  rack_pdu pdu415 * 4 }
rack_type r40_208 { height = 48 U  device srv10 * 4  rack_pdu pdu208 * 4 }
"""


def build(body: str, design: str = "") -> Compilation:
    compilation = compile_text(f'design "t" {{ {design} }}\n{PARTS}\n{body}', "t.dc")
    assert compilation.results is not None, [d.message for d in compilation.diagnostics]
    return compilation


def found(c: Compilation, code: str, severity: Severity | None = None) -> list[Diagnostic]:
    return [
        d for d in c.diagnostics if d.code == code and (severity is None or d.severity is severity)
    ]


# --- voltages -------------------------------------------------------------------------------------

MISMATCH = """
power "main" {
  utility "grid" { capacity = 1 MW  voltage = 480 V }
  ups "UPS" { part = ups_500kw  count = 2  redundancy = 2N  from = grid }
  pdu "PDU" { part = pdu_150kva  from = UPS }
}
hall "H1" { row "A" { rack %s * 2 { power = main.PDU } } }
"""


def test_415v_rack_pdus_under_a_480_to_208v_pdu_are_a_mismatch() -> None:
    c = build(MISMATCH % "r40")
    (d,) = found(c, "DC-POWER-014")
    assert d.severity is Severity.ERROR
    assert d.message == (
        "rack PDU pdu415 (415 V) in racks H1.A A01..A02 is fed from pdu main.PDU at 208 V"
    )
    assert "main.PDU output: 208 V (from part pdu_150kva secondary)" in d.notes
    # The same racks with 208 V rack PDUs, or a 480 → 415/240 V PDU above the 415 V ones, pass.
    assert found(build(MISMATCH % "r40_208"), "DC-POWER-014") == []
    fixed = build((MISMATCH % "r40").replace("pdu_150kva", "pdu_150kva_415v"))
    assert found(fixed, "DC-POWER-014") == []


def test_a_480v_primary_below_a_415v_bus_is_a_mismatch() -> None:
    body = MISMATCH.replace("voltage = 480 V", "voltage = 415 V") % "r40_208"
    (d,) = found(build(body), "DC-POWER-014")
    assert d.message == "pdu main.PDU takes 480 V in but ups main.UPS feeds it at 415 V"


def test_an_element_without_any_voltage_is_a_warning() -> None:
    body = MISMATCH.replace("  voltage = 480 V", "").replace("pdu_150kva", "rpp_225a_208v")
    c = build(body % "r40_208")
    names = [d.message.split(" has ")[0] for d in found(c, "DC-POWER-019")]
    assert names == ["utility main.grid", "ups main.UPS"]


# --- LV current and utility voltage class ---------------------------------------------------------

BIG_LV = """
power "main" {
  utility "grid" { capacity = 250 MW  voltage = 13.8 kV }
  transformer "T" { part = tx_10000kva  primary_voltage = 13.8 kV  secondary_voltage = 415 V  from = grid }
}
hall "H1" { row "A" { rack r40 * 10 { power = main.T } } }
"""


def test_10_mva_at_415v_is_beyond_one_lv_main_breaker() -> None:
    c = build(BIG_LV)
    (d,) = found(c, "DC-POWER-015")
    assert d.severity is Severity.ERROR
    # 10,000 kVA / (√3 × 415 V) = 13,912 A > 5,000 A (ANSI, from the 13.8 kV utility).
    assert d.message == (
        "transformer main.T: 10,000 kVA at 415 V is 13,912 A per unit: above the largest main "
        "breaker (5,000 A)"
    )
    assert d.help is not None and "3,594 kVA at 415 V" in d.help  # √3 × 415 V × 5,000 A
    # 3,750 kVA at 480 V = 4,511 A: a warning only.
    warn = build(BIG_LV.replace("tx_10000kva", "tx_3750kva").replace("415 V", "480 V"))
    (w,) = found(warn, "DC-POWER-015")
    assert w.severity is Severity.WARNING and "4,511 A per unit" in w.message


def test_250_mw_at_13_8_kv_is_an_unusual_service() -> None:
    (d,) = found(build(BIG_LV), "DC-POWER-016")
    assert d.severity is Severity.WARNING
    assert d.message.startswith("utility main.grid: 250 MW at 13.8 kV is beyond what 15 kV class")
    assert any("high-voltage transmission (110–138 kV)" in n for n in d.notes)
    assert found(build(BIG_LV.replace("13.8 kV }", "138 kV }", 1)), "DC-POWER-016") == []


# --- fault current --------------------------------------------------------------------------------

FAULT = """
power "main" {
  utility "grid" { capacity = 3 MW  voltage = 13.8 kV }
  transformer "T" { part = tx_2500kva  primary_voltage = 13.8 kV  secondary_voltage = 480 V  from = grid }
  switchboard "SWB" { part = lv_switchboard_480v_3000a  interrupting = %s  from = T }
  ups "UPS" { part = ups_1000kw  count = 2  redundancy = 2N  from = SWB }
  pdu "PDU" { part = pdu_300kva_415v  count = 4  from = UPS }
}
hall "H1" { row "A" { rack r40 * 10 { power = main.PDU } } }
"""


def test_2500_kva_5_75_percent_on_a_35_ka_switchboard_fails() -> None:
    c = build(FAULT % "35 kA")
    t = power_of(c).element("main.T")
    assert t is not None and t.fault_out_ka == pytest.approx(52.30, abs=0.01)
    (d,) = found(c, "DC-POWER-017")
    assert d.message == (
        "switchboard main.SWB: 52.3 kA of fault current is available at its bus; its "
        "interrupting rating is 35.0 kA"
    )
    assert (
        "available fault current: main.T 2,500 kVA at 480 V: I_FL = 3,007 A, / Z 5.75 % "
        "(part tx_2500kva) = 52.3 kA"
    ) in d.notes


def test_2500_kva_5_75_percent_on_a_65_ka_switchboard_passes() -> None:
    c = build(FAULT % "65 kA")
    assert found(c, "DC-POWER-017") == []
    # The UPS's static bypass carries the LV fault level to the PDUs' 65 kA input breakers.
    pdu = power_of(c).element("main.PDU (A)")
    assert pdu is not None and pdu.fault_in_ka == pytest.approx(52.30, abs=0.01)
    # Below the 480 → 415 V PDU transformer: 300 kVA / (√3 × 415) / 0.04 = 10.4 kA.
    assert pdu.fault_out_ka == pytest.approx(10.43, abs=0.01)


# --- generators, autonomy, tier claims ------------------------------------------------------------

TIER = """
power "main" {
  utility "grid" { capacity = 3 MW  voltage = 480 V }
  %(gen)s
  ats "ATS_A" { part = ats_3000a_480v  path = A  from = %(src)s }
  ats "ATS_B" { part = ats_3000a_480v  path = B  from = %(src)s }
  ups "UPS_A" { part = ups_750kw  count = 2  redundancy = N+1  from = ATS_A }
  ups "UPS_B" { part = ups_750kw  count = 2  redundancy = N+1  from = ATS_B }
  pdu "PDU_A" { part = pdu_300kva_415v  count = 4  from = UPS_A }
  pdu "PDU_B" { part = pdu_300kva_415v  count = 4  from = UPS_B }
}
hall "H1" { row "A" { rack r40 * 15 { power = [main.PDU_A, main.PDU_B] } } }
"""
GEN = (
    'generator "G" { rating_kw = %s  count = 3  redundancy = N+1  rating_class = %s  '
    "voltage = 480 V  fuel_hours = 24 hour }"
)


def tier_design(gen: str | None, design: str = "tier = 3  pue = 1.5") -> Compilation:
    src = "[grid, G]" if gen else "grid"
    return build(TIER % {"gen": gen or "", "src": src}, design)


def test_tier_3_claim_without_a_generator_fails() -> None:
    c = tier_design(None)
    (d,) = found(c, "DC-POWER-022")
    assert d.severity is Severity.ERROR
    assert d.message == (
        "the design claims Uptime Tier III; the topology reaches Tier II: missing on-site "
        "engine generators as the primary power source"
    )


def test_tier_3_claim_with_n_plus_1_generators_sized_for_it_and_cooling_passes() -> None:
    # IT 15 × 40 kW = 600 kW; PUE 1.5 → facility 900 kW, i.e. 300 kW of mechanical and losses.
    # Two of three 500 kW DCP sets carry 1,000 kW ≥ 900 kW.
    c = tier_design(GEN % ("500 kW", "data_center"))
    p = power_of(c)
    assert p.generator_load_kw == pytest.approx(900.0, abs=0.5)
    assert found(c, "DC-POWER-022") == [] and found(c, "DC-POWER-004") == []
    assert p.tier is not None and p.tier >= 3
    (d,) = found(c, "DC-POWER-010")
    assert d.message.startswith("the claimed Tier III is met")


def test_tier_3_generators_sized_for_it_only_or_standby_rated_fail() -> None:
    # Two of three 400 kW sets = 800 kW: enough for the IT, not for IT + cooling.
    small = tier_design(GEN % ("400 kW", "data_center"))
    (d,) = found(small, "DC-POWER-022")
    assert "generator capacity without a runtime limit (800 kW after one failure)" in d.message
    assert found(small, "DC-POWER-004")  # and the plant is short for the site load
    # Standby (ESP) ratings have a runtime limit: none of them counts for Tier III.
    standby = tier_design(GEN % ("1000 kW", "standby"))
    (d,) = found(standby, "DC-POWER-022")
    assert "generator capacity without a runtime limit (0 kW after one failure)" in d.message


def test_unclaimed_tier_note_says_what_the_topology_reaches() -> None:
    c = tier_design(None, design="pue = 1.5")
    assert found(c, "DC-POWER-022") == []
    (d,) = found(c, "DC-POWER-010")
    assert d.message == (
        "the electrical topology reaches Tier II: redundant capacity components; Tier III needs "
        "on-site engine generators as the primary power source"
    )


def test_ups_battery_shorter_than_generator_start_is_an_error() -> None:
    body = (TIER % {"gen": GEN % ("500 kW", "data_center"), "src": "[grid, G]"}).replace(
        "part = ups_750kw  count = 2  redundancy = N+1  from = ATS_A",
        "part = ups_750kw  count = 2  redundancy = N+1  runtime = 0.15 min  from = ATS_A",
    )
    (d,) = found(build(body, "pue = 1.5"), "DC-POWER-021")
    # 0.15 min = 9 s < 10 s start (NFPA 110 Type 10) + 0.5 s transfer (the ATS part).
    assert d.message == (
        "ups main.UPS_A: 9 s of battery is shorter than the 10 s generator start + 0.5 s transfer"
    )


# --- sizing basis ---------------------------------------------------------------------------------


def _enterprise(text: str) -> Compilation:
    compilation = compile_text(text, str(ROOT / "designs" / "enterprise-room.dc"))
    assert compilation.results is not None
    return compilation


def test_enterprise_room_errors_at_maximum_draw_appear_by_default() -> None:
    text = (ROOT / "designs" / "enterprise-room.dc").read_text(encoding="utf-8")
    shipped = _enterprise(text)
    assert [d for d in shipped.diagnostics if d.severity is Severity.ERROR] == []
    # The design as it was before it was fixed: typical-draw energy, 30 A rack PDUs, 225 kVA
    # transformers and three RPPs a side. Checked at maximum draw, it has errors.
    before = (
        text.replace("pdu_208v_60a", "pdu_208v_30a")
        .replace("tx_300kva", "tx_225kva")
        .replace("count = 4  path", "count = 3  path")
    )
    old = _enterprise(before)
    codes = sorted(d.code for d in old.diagnostics if d.severity is Severity.ERROR)
    assert codes == ["DC-POWER-002"] * 3 + ["DC-POWER-003"] * 3
    p = power_of(old)
    assert p.energy_basis == "typical draw × load factor 1"
    assert p.load_basis == "device maximum draw"
    assert p.rating_it_kw > p.it_kw  # energy at typical draw, ratings at maximum
    # Opting into the derated basis explicitly hides them, and every message says so.
    derated = _enterprise(
        before.replace("load_factor  = 100 %", "load_factor  = 100 %\n  rating_basis = typical")
    )
    assert [d for d in derated.diagnostics if d.severity is Severity.ERROR] == []
    assert power_of(derated).load_basis == "typical draw × load factor 1"


def test_report_rows_list_the_fault_current_at_every_bus() -> None:
    from dcdsl.emit import power_table

    rows = {r["element"]: r for r in power_table.rows(power_of(build(FAULT % "35 kA")))}
    assert rows["main.SWB"]["fault"] == "≤ 52.3 kA" and rows["main.SWB"]["status"] == "over"
    assert rows["main.SWB"]["interrupting"] == "35.0 kA"
    assert rows["main.T"]["voltage"] == "13.8 kV → 480 V"
    # The utility states no fault current: the transformer's input bus is unknown.
    assert rows["main.T"]["fault"] == "—"
    assert rows["main.PDU (A)"]["fault"] == "≤ 52.3 kA" and rows["main.PDU (A)"]["status"] == ""


def test_a_chain_without_ups_reaches_no_tier_and_still_builds() -> None:
    body = """
power "main" {
  utility "grid" { capacity = 1 MW  voltage = 415 V }
  rpp "P" { current = 400 A  from = grid }
}
hall "H1" { row "A" { rack r40 * 3 { power = main.P } } }
"""
    for design in ("", "tier = 0", "tier = 2"):
        c = build(body, design)
        p = power_of(c)
        assert p.tier == 0
        from dcdsl.emit import oneline

        files, _ = oneline.render_files(c.model, p)  # type: ignore[arg-type]
        assert "no Uptime tier" in files["oneline.dot"] and "oneline.svg" in files
    (d,) = found(build(body), "DC-POWER-010")
    assert d.message == (
        "the electrical topology reaches no Uptime tier: Tier I needs a UPS on the path to "
        "every rack"
    )
    (d,) = found(build(body, "tier = 0"), "DC-POWER-022")
    assert d.message == "`tier = 0`: Uptime tiers are I to IV (1–4)"
