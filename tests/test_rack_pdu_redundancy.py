"""Rack PDUs with a redundancy of their own (`pdu_redundancy`), hand-worked.

A 415 V 32 A three-phase rack PDU: √3 × 415 V × 32 A = 23.0 kVA nameplate; usable 80 % (NEC
210.20(A), a branch circuit) × 23.0 kVA × PF 0.95 = 17.5 kW. Racks of 4 × 5 kW = 20 kW, on a 2N
UPS pair (two feeds, A and B). docs/checks.md, DC-POWER-003 and DC-POWER-024.
"""

from __future__ import annotations

import math

import pytest

from dcdsl.analysis.power import PowerResult
from dcdsl.pipeline import Compilation, compile_text

USABLE_KW = 0.8 * math.sqrt(3) * 415 * 32 / 1000 * 0.95  # 17.48 kW per rack PDU


def compile_rack(pdus: int, redundancy: str | None, feeds: str = "main.UPS") -> Compilation:
    stated = f"pdu_redundancy = {redundancy}" if redundancy else ""
    text = f"""
design "x" {{}}
part srv {{ kind = server  power_max = 5 kW  height = 2 U }}
part pdu {{ kind = rack_pdu  voltage = 415 V  current = 32 A  phases = 3 }}
rack_type r {{
  {stated}
  device srv * 4
  rack_pdu pdu * {pdus}
}}
power "main" {{
  utility "grid" {{ capacity = 2 MW  voltage = 415 V }}
  ups "UPS" {{ rating_kw = 300 kW  count = 2  redundancy = 2N  from = grid  efficiency = 0.97 }}
  ups "ONE" {{ rating_kw = 300 kW  from = grid  efficiency = 0.97 }}
}}
hall "H1" {{ rack r * 10 {{ power = {feeds} }} }}
"""
    compilation = compile_text(text, "x.dc")
    assert compilation.results is not None
    return compilation


def power_of(compilation: Compilation) -> PowerResult:
    assert compilation.results is not None and compilation.results.power is not None
    return compilation.results.power


def codes(compilation: Compilation) -> list[str]:
    return [d.code for d in compilation.diagnostics if d.code.startswith("DC-POWER-0")]


def test_usable_kw_of_the_example_pdu() -> None:
    assert round(USABLE_KW, 2) == 17.48


def test_n_plus_1_rack_pdus_carry_the_rack_with_one_failed() -> None:
    compilation = compile_rack(3, "N+1")
    (feed,) = power_of(compilation).racks
    assert feed.pdus == 3 and feed.pdus_per_feed == 2  # 3 − 1 carry the rack
    assert feed.feed_capacity_kw == pytest.approx(2 * USABLE_KW)  # 34.96 kW ≥ 20 kW
    assert "DC-POWER-003" not in codes(compilation)


def test_n_plus_1_rack_pdus_on_a_b_feeds_warn_that_a_feed_takes_two() -> None:
    compilation = compile_rack(3, "N+1")
    (feed,) = power_of(compilation).racks
    assert (feed.feed_loss_pdus, feed.feed_loss_kw) == (2, pytest.approx(USABLE_KW))
    (warning,) = [d for d in compilation.diagnostics if d.code == "DC-POWER-024"]
    assert "takes 2 of their 3 rack PDUs (N+1 allows 1)" in warning.message
    assert "leaving 1 with 17.5 kW usable for 20 kW" in warning.message


def test_four_n_plus_1_rack_pdus_survive_a_feed() -> None:
    compilation = compile_rack(4, "N+1")  # a feed takes 2: 2 × 17.5 = 35.0 kW ≥ 20 kW
    (feed,) = power_of(compilation).racks
    assert feed.feed_capacity_kw == pytest.approx(3 * USABLE_KW)
    assert feed.feed_loss_kw == pytest.approx(2 * USABLE_KW)
    assert "DC-POWER-024" not in codes(compilation)


def test_n_plus_1_on_one_feed_has_no_feed_to_lose() -> None:
    compilation = compile_rack(3, "N+1", feeds="main.ONE")
    (feed,) = power_of(compilation).racks
    assert feed.cords == 1 and feed.feed_loss_kw is None
    assert "DC-POWER-024" not in codes(compilation)


def test_n_plus_2_leaves_one_pdu_short_of_the_rack() -> None:
    compilation = compile_rack(3, "N+2")  # 1 × 17.5 kW < 20 kW
    (error,) = [d for d in compilation.diagnostics if d.code == "DC-POWER-003"]
    assert "with N+2 rack PDUs, the 1 of 3 left after the failure it claims have" in error.message
    assert "1 × pdu = 17.5 kW usable" in error.message
    assert error.help is not None and "use 4 rack PDUs" in error.help  # ⌈20 / 17.5⌉ + 2
    assert any("any 2 of the rack PDUs may fail" in n for n in error.notes)


def test_2n_rack_pdus_on_one_feed_split_into_halves() -> None:
    compilation = compile_rack(2, "2N", feeds="main.ONE")  # each half: 1 × 17.5 kW < 20 kW
    (error,) = [d for d in compilation.diagnostics if d.code == "DC-POWER-003"]
    assert error.help is not None and "use 4 rack PDUs" in error.help  # 2 × ⌈20 / 17.5⌉
    assert any("each half of the rack PDUs carries the whole rack" in n for n in error.notes)


def test_default_is_each_feed_carries_the_rack() -> None:
    (feed,) = power_of(compile_rack(4, None)).racks
    assert feed.redundancy is None and feed.pdus_per_feed == 2  # 4 PDUs over A and B
    assert feed.feed_capacity_kw == pytest.approx(2 * USABLE_KW)


def test_a_redundancy_the_pdus_cannot_give_is_reported() -> None:
    compilation = compile_rack(1, "N+1")
    assert "DC-POWER-007" in codes(compilation)
    (feed,) = power_of(compilation).racks
    assert feed.problem == "1 rack PDU cannot give N+1"
