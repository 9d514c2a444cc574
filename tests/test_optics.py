"""Cables and optics by reach (docs/fabrics.md, "Media by length"): a link past multimode reach
is single-mode under `medium = optical`, an error under `medium = multimode`, and the BOM never
prices it as a multimode cable."""

from __future__ import annotations

import pytest

from dcdsl.pipeline import Compilation, compile_text

HALL = """
design "o" { }
import "std/nvidia"
part node { kind = server  gpus = 8  nics = 8  nic_speed = 400 Gb/s  power_max = 10 kW  height = 8 U }
part sm_fibre {
  kind = cable  medium = fiber  length = 100 m  price = 120 USD
  description = "MPO-12 OS2 single-mode patch cable, 100 m"
}
rack_type r { height = 48 U  device node }
rack_type n { height = 48 U  device qm9700 * 2 }
hall "H1" {
  row "A" { rack r }
  row "B" { position = 60 m  rack n }
}
fabric "f" {
  kind = compute  topology = leaf_spine  endpoints = H1.gpus  switch = qm9700
  medium = MEDIUM  cable = mfp7e10_n030  singlemode_cable = sm_fibre
}
"""

# Hand-worked: row A's rack centre at y = 1.2 + 0.6 = 1.8 m, row B's at 60 + 0.6 = 60.6 m, same
# x: 58.8 m across; up and down each 48 U rack to the tray: 2 × (48 × 0.04445 / 2 + 0.5) m;
# × 1.1 slack = (58.8 + 2 × 1.5668) × 1.1 = 68.13 m: past multimode SR4's 50 m, within
# single-mode DR4's 500 m, in the 100 m length bin.
LENGTH_M = (58.8 + 2 * (48 * 0.04445 / 2 + 0.5)) * 1.1


def compiled(medium: str) -> Compilation:
    compilation = compile_text(HALL.replace("MEDIUM", medium), "o.dc")
    assert compilation.model is not None
    assert not [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    return compilation


def test_past_multimode_reach_the_link_is_single_mode() -> None:
    c = compiled("optical")
    (cabling,) = c.results.layout.cabling["f"]
    node_leaf, leaf_spine = cabling.tiers
    assert node_leaf.bins == {("singlemode", 100): 8}  # 8 NICs of the one node
    assert node_leaf.longest_m == pytest.approx(LENGTH_M)
    assert node_leaf.over_reach == {}
    assert leaf_spine.bins == {("optical", 2): 32}  # the two switches share a rack
    assert not [d for d in c.diagnostics if d.code == "DC-GEO-003"]
    bom = {line.part: line for line in c.results.cost.bom if "cable" in line.part}
    # single-mode links priced by the single-mode part, never by the 30 m multimode cable
    assert bom["singlemode cable, 100 m"].quantity == 8
    assert bom["singlemode cable, 100 m"].unit_price_usd == 120.0
    assert "sm_fibre" in bom["singlemode cable, 100 m"].description
    assert bom["optical cable, 2 m"].quantity == 32


def test_multimode_only_past_its_reach_is_an_error() -> None:
    c = compiled("multimode")
    (d,) = [d for d in c.diagnostics if d.code == "DC-GEO-003"]
    assert d.is_error
    assert "8 node-leaf links" in d.message and "longer than optical reaches (50 m)" in d.message
    assert "the longest is 68.1 m" in d.message


def compiled_with_singlemode_optics(medium: str = "optical", extra: str = "") -> Compilation:
    text = HALL.replace("MEDIUM", medium).replace(
        "singlemode_cable = sm_fibre",
        "singlemode_cable = sm_fibre  switch_transceiver = mma4z00_ns  "
        "singlemode_transceiver = mms4x00_ns  singlemode_node_transceiver = mms4x00_ns400" + extra,
    )
    compilation = compile_text(text, "o.dc")
    assert compilation.model is not None
    return compilation


def test_single_mode_links_count_single_mode_transceivers_hand_worked() -> None:
    # The node's 8 links are 68.1 m: single-mode (DR4 reaches 100 m on MMS4X00-NS). Their ends:
    # 8 node ports → 8 single-port MMS4X00-NS400 (9 W, inside the node's power); 8 leaf ports
    # → ⌈8/2⌉ = 4 twin-port MMS4X00-NS (17 W). The 32 leaf-spine links share a rack (2 m,
    # multimode): 64 ends. Switch modules in all: leaf 8 + 32 = 40 ends → 20, spine 32 → 16,
    # = 36: 4 single-mode, 32 multimode MMA4Z00-NS.
    c = compiled_with_singlemode_optics()
    result = c.results.fabrics["f"]
    lines = {(i.role, i.part): i.quantity for i in result.items if "transceiver" in i.role}
    assert lines == {
        ("switch transceiver", "mma4z00_ns"): 32,
        ("switch transceiver (single-mode)", "mms4x00_ns"): 4,
        ("node transceiver (single-port) (single-mode)", "mms4x00_ns400"): 8,
    }
    # QM9700's 1,720 W includes its cage modules: the swap adds no switch-side power; the node
    # side's 8 × 9 W = 72 W stay inside the node's power_max (shown for information).
    assert result.optics_power_kw == pytest.approx(0.0)
    assert result.node_optics_power_kw == pytest.approx(8 * 0.009)
    bom = {line.part: line.quantity for line in c.results.cost.bom}
    assert bom["mms4x00_ns"] == 4 and bom["mma4z00_ns"] == 32 and bom["mms4x00_ns400"] == 8
    assert bom["singlemode cable, 100 m"] == 8


def test_single_mode_reach_comes_from_the_module_datasheet() -> None:
    # MMS4X00-NS reaches 100 m: a 68.1 m link fits. A row 120 m away does not (≈ 134 m), and
    # no medium of `optical` (multimode 50 m, single-mode 100 m) reaches it: DC-GEO-003.
    far = compile_text(
        HALL.replace("MEDIUM", "optical")
        .replace("position = 60 m", "position = 120 m")
        .replace(
            "singlemode_cable = sm_fibre",
            "singlemode_cable = sm_fibre  singlemode_transceiver = mms4x00_ns",
        ),
        "o.dc",
    )
    (d,) = [d for d in far.diagnostics if d.code == "DC-GEO-003"]
    assert d.is_error and "longer than singlemode reaches (100 m)" in d.message
    # The 2 km FR4 module carries it.
    long_reach = compile_text(
        HALL.replace("MEDIUM", "optical")
        .replace("position = 60 m", "position = 120 m")
        .replace(
            "singlemode_cable = sm_fibre",
            "singlemode_cable = sm_fibre  singlemode_transceiver = mms4x50_nm",
        ),
        "o.dc",
    )
    assert not [d for d in long_reach.diagnostics if d.code == "DC-GEO-003"]
    # Its power is the 17 W Class 8 ceiling of the cage it plugs into (the specification's own
    # figure was not retrieved): a bound, so no gap is reported, and it stays inside the
    # QM9700's 1,720 W maximum with active modules.
    assert not [d for d in long_reach.diagnostics if d.code == "DC-NET-007"]
    fr4 = long_reach.model.parts["mms4x50_nm"]  # type: ignore[union-attr]
    assert fr4.specs.power_max == pytest.approx(0.017)


def test_an_aoc_reaches_as_far_as_its_datasheet_says() -> None:
    # MFA7U10-H030 is an active optical cable of 30 m: the 68.1 m node links are past it.
    c = compile_text(
        HALL.replace("MEDIUM", "aoc").replace(
            "singlemode_cable = sm_fibre", "singlemode_cable = sm_fibre  aoc_cable = mfa7u10_h030"
        ),
        "o.dc",
    )
    (d,) = [d for d in c.diagnostics if d.code == "DC-GEO-003"]
    assert d.is_error and "longer than aoc reaches (30 m)" in d.message
