"""Messages a user acts on: `allow` wherever the docs say it works (and a warning when it
suppresses nothing), "did you mean" ranked by what was most likely meant, no false errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from dcdsl.pipeline import compile_text
from dcdsl.syntax.parse import suggest
from dcdsl.units import suggest_units

HEAD = 'design "d" { electricity = 0.08 USD/kWh }\nimport "std/nvidia"\n'
RACKS = """
rack_type gpu_rack {{
  height = 48 U
  device dgx_h100 * 4
  cooling = {cooling}
  {in_rack_type}
}}
cooling "room" {{
  tier = air
  {in_loop}
}}
hall "H1" {{ rack gpu_rack * 2 }}
"""


def _codes(text: str) -> list[str]:
    compilation = compile_text(text, "d.dc", Path("."))
    return [d.code for d in compilation.diagnostics]


def _design(in_rack_type: str = "", in_loop: str = "", cooling: str = "room") -> str:
    return HEAD + RACKS.format(in_rack_type=in_rack_type, in_loop=in_loop, cooling=cooling)


ALLOW = 'allow DC-COOL-001 because "vendor-confirmed 45 kW"'


def test_without_allow_the_racks_are_too_dense_for_air() -> None:
    assert "DC-COOL-001" in _codes(_design())


@pytest.mark.parametrize("where", ["in_rack_type", "in_loop"])
def test_allow_in_rack_type_and_cooling_covers_their_racks(where: str) -> None:
    codes = _codes(_design(**{where: ALLOW}))
    assert "DC-COOL-001" not in codes
    assert "DC-LANG-040" in codes, "the exception is listed for reviewers"
    assert "DC-LANG-041" not in codes


def test_allow_in_a_loop_that_does_not_cool_the_racks_suppresses_nothing() -> None:
    codes = _codes(_design(in_loop=ALLOW, cooling="air"))
    assert "DC-COOL-001" in codes and "DC-LANG-041" in codes


def test_allow_in_a_part_covers_its_uses() -> None:
    text = HEAD + (
        'part box { kind = server  power_max = 1 kW  height = 1 U\n  allow DC-COST-001 because "quoted later" }\n'
        'rack_type r { height = 42 U  device box * 2 }\nhall "H1" { rack r * 1 }\n'
    )
    assert "DC-COST-001" in _codes(text.replace('allow DC-COST-001 because "quoted later"', ""))
    codes = _codes(text)
    assert "DC-COST-001" not in codes and "DC-LANG-041" not in codes


def test_unused_and_unknown_allows_are_warnings() -> None:
    text = HEAD + 'allow DC-POWER-001 because "old"\nallow DC-COOL-01 because "typo"\n'
    compilation = compile_text(text, "d.dc", Path("."))
    found = {d.code: d for d in compilation.diagnostics}
    assert found["DC-LANG-041"].severity.value == "warning"
    assert found["DC-LANG-042"].help is not None and "DC-COOL-001" in found["DC-LANG-042"].help


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kw", "kW"),
        ("mw", "MW"),
        ("kva", "kVA"),
        ("Kw", "kW"),
        ("kwh", "kWh"),
        ("tb", "TB"),
        ("degc", "degC"),
        ("gbps", "Gb/s"),
        ("MWW", "MW"),
        ("kw/m^2", "kW/m^2"),
    ],
)
def test_unit_suggestions_rank_what_was_meant(typed: str, meant: str) -> None:
    assert suggest_units(typed)[0] == meant


def test_name_suggestions_prefer_case_then_spelling() -> None:
    assert suggest("Gpu_Rack", ["gpu_rack", "gpu_racks", "cpu_rack"]) == "gpu_rack"
    assert suggest("gpurack", ["gpu_rack", "gpu_racks"]) == "gpu_rack"
    assert suggest("GPU_RACKS", ["gpu_rack", "gpu_racks"]) == "gpu_racks"
    assert suggest("zzz", ["gpu_rack"]) is None


def test_a_wrong_kind_or_extends_is_not_also_a_missing_kind() -> None:
    text = HEAD + (
        "part a { kind = severr  price = 1 USD }\npart b { extends = nowhere  price = 2 USD }\n"
        "part c { price = 3 USD }\n"
        'rack_type r { height = 42 U  device a * 1  device b * 1  device c * 1 }\nhall "H" { rack r * 1 }\n'
    )
    compilation = compile_text(text, "d.dc", Path("."))
    missing = [d.message for d in compilation.diagnostics if d.code == "DC-LANG-024"]
    assert missing == ["part `c` has no `kind`"]
