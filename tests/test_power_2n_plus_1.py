"""2N+1 in the power chain: two paths of N units plus one spare shared by both.

Hand-worked (docs/checks.md, DC-POWER-002): 7 UPS modules of 500 kW as 2N+1 are two paths of
(7 − 1)/2 = 3 modules and one shared spare. The claimed failure is a path lost and one more
module failed: the spare takes that module's place, so 3 modules carry the whole load.
"""

from __future__ import annotations

import pytest

from dcdsl.analysis import electrical as el
from dcdsl.analysis.power import PowerResult
from dcdsl.diagnostics import Diagnostic, Severity
from dcdsl.model import Redundancy
from dcdsl.pipeline import Compilation, compile_text

PARTS = """
part srv10 { kind = server  power_max = 10 kW  height = 2 U }
part pdu415 { kind = rack_pdu  voltage = 415 V  current = 60 A  phases = 3 }
rack_type r40 { height = 48 U  device srv10 * 4  rack_pdu pdu415 * 4 }
"""


def ups_2n1(racks: int, count: int = 7) -> Compilation:
    text = f"""design "t" {{ }}
{PARTS}
power "main" {{
  utility "grid" {{ capacity = 10 MW  voltage = 415 V }}
  ups "UPS" {{ rating_kw = 500 kW  count = {count}  redundancy = 2N+1  from = grid  efficiency = 1.0 }}
}}
hall "H1" {{ row "A" {{ rack r40 * {racks} {{ power = main.UPS }} }} }}
"""
    compilation = compile_text(text, "t.dc")
    assert compilation.results is not None, [d.message for d in compilation.diagnostics]
    return compilation


def power_of(c: Compilation) -> PowerResult:
    assert c.results is not None and isinstance(c.results.power, PowerResult)
    return c.results.power


def power_findings(c: Compilation, severity: Severity) -> list[Diagnostic]:
    return [d for d in c.diagnostics if d.code.startswith("DC-POWER") and d.severity is severity]


def test_capacity_after_the_claimed_failure_is_one_path() -> None:
    # 2N+1 with 7 units: a path of 3 lost and 1 more failed, the spare replaces it: 3 left.
    assert el.surviving_units(7, Redundancy(2, 0, 1)) == 3
    # 2N+2 with 8 units: paths of 3, two spares; not 8 // 2 = 4.
    assert el.surviving_units(8, Redundancy(2, 0, 2)) == 3
    assert el.units_needed(1200.0, 500.0, Redundancy(2, 0, 1), 1.0) == 2 * 3 + 1


def test_each_path_carries_half_on_three_modules_and_the_spare_is_idle() -> None:
    c = ups_2n1(30)  # 30 racks × 40 kW = 1,200 kW
    p = power_of(c)
    a, b = p.elements_of(c.model.power_chains[0].node("UPS"))  # type: ignore[union-attr]
    assert (a.side, b.side, a.units, b.units) == ("A", "B", 3, 3)
    assert a.shared_spares == b.shared_spares == 1
    # Normal: 600 kW per path on 3 modules = 200 kW each = 40 % of 500 kW.
    assert a.normal is not None and a.normal.load_kw == pytest.approx(600.0)
    assert a.normal.units == 3 and a.normal.loading == pytest.approx(0.4)
    assert not [d for d in c.diagnostics if d.code == "DC-POWER-008"]  # 7 − 1 splits evenly


def test_a_path_lost_and_one_more_module_failed_leaves_three_modules() -> None:
    c = ups_2n1(30)
    p = power_of(c)
    a, b = p.elements_of(c.model.power_chains[0].node("UPS"))  # type: ignore[union-attr]
    # Path B lost and 1 module of A failed: the spare stands in, 3 modules carry 1,200 kW,
    # 400 kW each = 80 % (at the design margin, passes). Without the spare 2 modules would
    # carry 600 kW each = 120 %.
    assert a.claimed is not None and a.claimed_scenario is not None
    assert a.claimed_scenario.name == (
        "main.UPS path B lost and 1 unit of path A failed (1 shared spare in service)"
    )
    assert a.claimed.units == 3
    assert a.claimed.loading == pytest.approx(0.8)
    assert power_findings(c, Severity.ERROR) == []
    assert [d for d in c.diagnostics if d.code == "DC-POWER-020"] == []
    assert b.claimed is not None and b.claimed.loading == pytest.approx(0.8)


def test_one_module_failed_in_normal_operation_is_covered_by_the_spare() -> None:
    c = ups_2n1(30)
    p = power_of(c)
    a = p.elements_of(c.model.power_chains[0].node("UPS"))[0]  # type: ignore[union-attr]
    single = next(s for s in p.scenarios if s.scenario.name == "one unit of main.UPS (A) failed")
    assert single.worst_state is not None
    # The spare takes the failed module's place: still 200 kW on each of 3 modules.
    assert single.worst_stress == pytest.approx(0.4)
    assert a.units == 3


def test_above_the_margin_asks_for_2n_plus_1_units() -> None:
    c = ups_2n1(33)  # 1,320 kW
    (d,) = [x for x in c.diagnostics if x.code == "DC-POWER-020"]
    # 1,320 kW on 3 modules = 440 kW = 88 % of 500 kW. N = ⌈1,320 / (0.8 × 500)⌉ = 4 per path,
    # so 2 × 4 + 1 = 9 units; or modules of 1,320 / 3 / 0.8 = 550 kW.
    assert "loaded to 88 %" in d.message
    assert d.help == "use units of at least 550 kW or install 9 units instead of 7 (2N+1)"


def test_an_even_count_does_not_split_around_the_spare() -> None:
    c = ups_2n1(30, count=6)
    (d,) = [x for x in c.diagnostics if x.code == "DC-POWER-008"]
    assert d.message == (
        "ups main.UPS: 6 units less 1 shared do not split evenly over the 2 paths of 2N+1; "
        "each path is taken as 2 units"
    )
    assert d.help == "use a count that is a multiple of 2 plus 1"


def test_the_one_line_names_the_shared_spare() -> None:
    from dcdsl.emit.oneline import oneline_dot

    c = ups_2n1(30)
    assert c.model is not None
    dot = oneline_dot(c.model, power_of(c))
    assert "3 of 7 × 500 kW (2N+1, 1 shared spare)" in dot
