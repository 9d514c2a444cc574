"""`require`: assertions over computed results, with units, failing check and build."""

from __future__ import annotations

from dcdsl.pipeline import Compilation, compile_text

# 4 racks × 2 servers × 10 kW = 80 kW IT; 8 nodes × 100,000 USD = 800,000 USD capex.
BASE = """
design "r" { pue = 1.25 }
part s { kind = server  gpus = 8  price = 100000 USD  power_max = 10 kW  height = 8 U }
rack_type t { height = 48 U  device s * 2  cooling = rear_door }
hall "H" { rack t * 4 }
"""


def run(requirements: str) -> Compilation:
    return compile_text(BASE + requirements, "r.dc")


def only(c: Compilation, code: str) -> list:
    return [d for d in c.diagnostics if d.code == code]


def test_requirements_that_hold_are_silent() -> None:
    c = run(
        """
        require capex.total <= 1 MUSD
        require power.it_kw <= 0.1 MW
        require power.pue <= 1.3
        require counts.gpus >= 64
        require counts.racks == 4
        """
    )
    assert not [d for d in c.diagnostics if d.code.startswith("DC-REQ")]
    statuses = [o.status for o in c.results.requirements]  # type: ignore[union-attr]
    assert statuses == ["pass"] * 5


def test_failing_requirement_shows_the_computed_value_and_limit_with_units() -> None:
    c = run('require power.it_kw <= 50 kW because "the room\'s feed"')
    (d,) = only(c, "DC-REQ-001")
    assert d.is_error and c.has_errors()
    assert d.message == "requirement failed: power.it_kw is 80 kW, the limit is ≤ 50 kW"
    assert "because: the room's feed" in d.notes
    assert d.span is not None and d.span.line == 6


def test_money_and_pue_failures() -> None:
    c = run("require capex.total <= 0.5 MUSD\nrequire power.pue <= 1.2")
    messages = [d.message for d in only(c, "DC-REQ-001")]
    assert messages == [
        "requirement failed: capex.total is 800,000 USD, the limit is ≤ 500,000 USD",
        "requirement failed: power.pue is 1.25, the limit is ≤ 1.2",
    ]


def test_unknown_path_suggests_the_closest() -> None:
    c = run("require capex.totl <= 1 MUSD")
    (d,) = only(c, "DC-REQ-002")
    assert "`capex.totl`" in d.message and d.help == "did you mean `capex.total`?"


def test_a_group_path_lists_its_members() -> None:
    c = run("require capex <= 1 MUSD")
    (d,) = only(c, "DC-REQ-002")
    assert d.help is not None and "`capex.total`" in d.help and "group" in d.help


def test_dimension_mismatch_names_both_sides() -> None:
    c = run("require capex.total <= 5 MW")
    (d,) = only(c, "DC-LANG-008")
    assert d.message == "cannot compare money and power"


def test_not_a_comparison() -> None:
    c = run("require capex.total")
    assert only(c, "DC-REQ-004")


def test_uncomputed_figure_is_a_warning() -> None:
    # No cloud prices: no break-even utilisation to check.
    c = run("require rent.breakeven_on_demand <= 0.5")
    (d,) = only(c, "DC-REQ-003")
    assert not d.is_error and "rent.breakeven_on_demand" in d.message


def test_lets_and_arithmetic_work_in_requirements() -> None:
    c = run("let budget = 0.7 MUSD\nrequire capex.total - 100000 USD <= budget")
    assert not [d for d in c.diagnostics if d.code.startswith("DC-REQ")]


def test_allow_suppresses_a_failing_requirement() -> None:
    c = run('require capex.total <= 1 USD\nallow DC-REQ-001 because "budget under review"')
    assert not only(c, "DC-REQ-001")
    assert any("budget under review" in d.message for d in c.diagnostics)
