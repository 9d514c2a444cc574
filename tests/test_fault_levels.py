"""Fault levels through a design: the IEC 60909-0 impedance method where the utility states its
fault level, the infinite-bus upper bound where it does not, cables, motors and the peak
current against the making capacity (docs/checks.md, DC-POWER-017 and DC-POWER-025)."""

from __future__ import annotations

import pytest

from dcdsl.emit.summary import summary
from tests.test_power import power_of
from tests.test_power_levels import build, found

# The hand-worked case of tests/test_short_circuit.py: 13.8 kV, I''kQ = 25 kA (R/X 0.1); a
# 2,500 kVA, 5.75 % transformer with 25 kW load losses → 52.57 kA, i_p 119.5 kA at 480 V.
CHAIN = """
power "main" {
  utility "grid" { capacity = 3 MW  voltage = 13.8 kV  %(utility)s }
  transformer "T" {
    rating            = 2500 kVA
    impedance         = 5.75 %%
    load_loss         = 25 kW
    primary_voltage   = 13.8 kV
    secondary_voltage = 480 V
    from              = grid
  }
  switchboard "SWB" { rating = 2500 kVA  interrupting = 65 kA  from = T  %(swb)s }
  ups "UPS" { part = ups_1000kw  count = 2  redundancy = 2N  from = SWB }
  pdu "PDU" { part = pdu_300kva_415v  count = 4  from = UPS }
}
hall "H1" { row "A" { rack r40 * 10 { power = main.PDU } } }
"""


def chain(utility: str = "fault_current = 25 kA", swb: str = "") -> object:
    return build(CHAIN % {"utility": utility, "swb": swb})


def test_impedance_method_at_the_switchboard() -> None:
    c = chain()
    power = power_of(c)
    t, swb = power.element("main.T"), power.element("main.SWB")
    assert t is not None and swb is not None
    assert t.fault_in_ka == pytest.approx(25.0)
    assert t.fault_out_ka == pytest.approx(52.57, abs=0.01)
    assert swb.fault_in_ka == pytest.approx(52.57, abs=0.01)
    assert swb.peak_in_ka == pytest.approx(119.5, abs=0.1)
    assert swb.fault_method == "impedance"
    assert "no cable impedance: upper bound" in swb.fault_notes
    assert found(c, "DC-POWER-017") == [] and found(c, "DC-POWER-025") == []
    row = next(e for e in summary(c)["power"]["elements"] if e["element"] == "main.SWB")
    assert row["fault_basis"] == "impedance" and row["fault_in_ka"] == pytest.approx(52.6, abs=0.1)
    assert row["fault_peak_in_ka"] == pytest.approx(119.5, abs=0.1)
    assert row["fault_notes"] == ["no cable impedance: upper bound"]


def test_the_same_level_from_an_mva_fault_level() -> None:
    # 597.6 MVA at 13.8 kV is 25.0 kA: √3 × 13.8 kV × 25 kA.
    t = power_of(chain("fault_level = 597.56 MVA")).element("main.T")
    assert t is not None and t.fault_out_ka == pytest.approx(52.57, abs=0.01)


def test_without_a_utility_fault_level_the_infinite_bus_bound_stays() -> None:
    c = chain(utility="")
    swb = power_of(c).element("main.SWB")
    assert swb is not None and swb.fault_in_ka == pytest.approx(52.30, abs=0.01)
    assert swb.fault_method == "infinite_bus" and swb.peak_in_ka is None
    row = next(e for e in summary(c)["power"]["elements"] if e["element"] == "main.SWB")
    assert row["fault_basis"] == "infinite_bus" and row["fault_peak_in_ka"] is None


def test_a_feeder_cable_lowers_the_level() -> None:
    # 20 m of 4 × 240 mm² copper: R = 20 / (54 × 240 × 4) = 0.3858 mΩ, X = 0.08 × 20 / 4 =
    # 0.4 mΩ; Z_k = (0.9313 + 0.3858) + j(5.4564 + 0.4) = 1.3171 + j5.8564 mΩ, |Z_k| = 6.0027 mΩ
    # → I''k = 1.05 × 480 / (√3 × 6.0027 mΩ) = 48.47 kA.
    swb = power_of(chain(swb="cable_length = 20 m  cable_size = 240 mm^2  cable_runs = 4")).element(
        "main.SWB"
    )
    assert swb is not None and swb.fault_in_ka == pytest.approx(48.47, abs=0.01)
    assert "no cable impedance: upper bound" not in swb.fault_notes
    assert any(n.startswith("feeder cable 4 × 240 mm² copper, 20 m") for n in swb.fault_notes)


def test_stated_motors_feed_the_fault_at_their_bus() -> None:
    # 400 kW of LV motors: S = 500 kVA, Z_M = 480² / 500 kVA / 5 = 92.16 mΩ (R/X 0.42),
    # I''kM = 3.16 kA; in parallel with the network's 5.5353 mΩ the bus sees 55.6 kA.
    swb = power_of(chain(swb="motor_load = 400 kW")).element("main.SWB")
    assert swb is not None and swb.motor_ka == pytest.approx(3.157, abs=0.001)
    assert swb.fault_in_ka == pytest.approx(55.6, abs=0.1)
    # i_p: the partial peaks add (IEC 60909-0 §8.1.2): 119.5 kA of the network + κ(0.42) =
    # 1.02 + 0.98·e^(−1.26) = 1.298, × √2 × 3.157 kA = 5.80 kA of the motors → 125.3 kA.
    assert swb.peak_in_ka == pytest.approx(125.3, abs=0.1)
    assert any(n.startswith("motor contribution I''kM = 3.2 kA") for n in swb.fault_notes)


def test_a_cooling_plant_bus_without_a_computed_plant_says_so() -> None:
    swb = power_of(chain(swb="cooling_plant = true")).element("main.SWB")
    assert swb is not None and swb.motor_ka is None
    assert "cooling plant load not computed: no motor contribution" in swb.fault_notes


def test_an_unknown_source_keeps_the_transformer_on_the_infinite_bus() -> None:
    # The grid states no fault level, the generators do: the MV bus is only known to be ≥ the
    # generators' level, so the transformer below keeps its I_FL / Z upper bound (52.3 kA)
    # rather than the generators' much lower impedance-method figure.
    c = build(
        """
power "main" {
  utility "grid" { capacity = 3 MW  voltage = 13.8 kV }
  generator "G" { rating_kw = 1500 kW  count = 2  redundancy = N+1  voltage = 13.8 kV }
  switchgear "MV" { rating = 5000 kVA  from = [grid, G] }
  transformer "T" { part = tx_2500kva  secondary_voltage = 480 V  from = MV }
  switchboard "SWB" { rating = 2500 kVA  interrupting = 65 kA  from = T }
  ups "UPS" { part = ups_1000kw  count = 2  redundancy = 2N  from = SWB }
  pdu "PDU" { part = pdu_300kva_415v  count = 4  from = UPS }
}
hall "H1" { row "A" { rack r40 * 10 { power = main.PDU } } }
"""
    )
    power = power_of(c)
    mv, t = power.element("main.MV"), power.element("main.T")
    assert mv is not None and mv.fault_partial and mv.fault_method == ""
    assert any(n.startswith("≥: main.grid states no fault level") for n in mv.fault_notes)
    assert t is not None and t.fault_method == "infinite_bus"
    assert t.fault_out_ka == pytest.approx(52.30, abs=0.01)


def test_peak_above_the_making_capacity() -> None:
    # A stated making capacity of 110 kA against i_p = 119.5 kA.
    c = chain(swb="making = 110 kA")
    (d,) = found(c, "DC-POWER-025")
    assert d.message == (
        "switchboard main.SWB: the peak short-circuit current at its bus is 119.5 kA, above "
        "its rated making capacity 110.0 kA"
    )
    assert d.notes[0].startswith("i_p = κ·√2·I''k = 1.607 × √2 × 52.6 kA")


def test_the_report_says_no_cable_impedance_next_to_the_figure() -> None:
    from dcdsl.emit import power_table

    rows = {r["element"]: r for r in power_table.rows(power_of(chain()))}
    assert rows["main.SWB"]["fault"] == ("52.6 kA (i_p 119.5 kA); no cable impedance: upper bound")
    # Without the utility's fault level the figure is the infinite-bus bound, marked ≤.
    rows = {r["element"]: r for r in power_table.rows(power_of(chain(utility="")))}
    assert rows["main.SWB"]["fault"] == "≤ 52.3 kA"


@pytest.mark.parametrize(
    "swb",
    [
        "cable_length = -20 m  cable_size = 240 mm^2",
        "cable_length = 20 m  cable_size = 0 mm^2  cable_runs = 0",
        "motor_load = -400 kW",
    ],
)
def test_figures_that_cannot_be_used_are_ignored_not_a_crash(swb: str) -> None:
    c = chain(swb=swb)
    swb_side = power_of(c).element("main.SWB")
    assert swb_side is not None and swb_side.fault_in_ka == pytest.approx(52.57, abs=0.01)
    assert not [d for d in c.diagnostics if d.code == "DC-INTERNAL-001"]


def test_a_negative_utility_fault_level_falls_back_to_the_infinite_bus() -> None:
    swb = power_of(chain(utility="fault_current = -25 kA  x_r = -3")).element("main.SWB")
    assert swb is not None and swb.fault_method == "infinite_bus"
