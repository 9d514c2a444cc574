"""Numbers as people read them, unit costs in the report's key figures, and the floor plan's
scale bar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dcdsl
from dcdsl import number_format
from dcdsl.emit.floorplan import scale_bar
from dcdsl.emit.report import _key_figures
from dcdsl.number_format import significant as format_significant
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("usd", "shown"),
    [
        (55_146_200, "55.15 M USD"),  # not 55.1462 M USD
        (1_238_640, "1.239 M USD"),
        (9_414_500_000, "9.415 B USD"),
        (142_350_000, "142.4 M USD"),  # half up on the decimal value
        (360_000, "360,000 USD"),
        (0.1, "0.1 USD"),
    ],
)
def test_money_to_four_significant_figures(usd: float, shown: str) -> None:
    assert number_format.usd(usd) == shown


def test_significant_figures() -> None:
    assert format_significant(1.4142, 3) == "1.41"
    assert format_significant(12_345.6, 3) == "12,346"  # never rounds away whole units
    assert format_significant(0.012345, 2) == "0.012"


def test_key_figures_show_unit_costs_that_agree_with_the_totals() -> None:
    compilation = dcdsl.compile(ROOT / "designs" / "superpod-h100-4su.dc")
    groups = dict(_key_figures(compilation))
    assert list(groups) == ["Size", "Power and energy", "Cost", "Findings"]
    cost = {label: value for label, value, _ in groups["Cost"]}
    capex = compilation.results.cost.capex_usd["total"]
    gpus = compilation.results.load.gpus
    it_kw = compilation.results.power.it_kw
    assert cost["capex"] == number_format.usd(capex)
    assert cost["capex per GPU"] == number_format.usd(capex / gpus, 3)
    assert cost["capex per kW of IT"] == number_format.usd(capex / it_kw, 3)
    per_hour = compilation.results.cost.tco.usd_per_gpu_hour
    assert cost["TCO per GPU-hour"] == f"{per_hour:,.2f} USD"
    power = {label: (value, qualifier) for label, value, qualifier in groups["Power and energy"]}
    assert power["PUE"][1] == "computed" and re.fullmatch(r"\d\.\d{3}", power["PUE"][0])
    for value in cost.values():
        assert not re.search(r"\.\d{5,}", value), value


def test_scale_bar_is_a_round_length_drawn_to_scale() -> None:
    svg = "\n".join(scale_bar(width_m=13.2, px_per_m=25.0, left=30, top=400))
    assert "this bar is 2 m" in svg  # a third of 13.2 m is 4.4 m: the round length below is 2 m
    widths = [float(w) for w in re.findall(r'<rect x="[^"]*" y="0" width="([^"]+)"', svg)]
    assert sum(widths) == pytest.approx(2 * 25.0)


def test_floor_plans_carry_a_scale_bar(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dcdsl.cli import main

    out = tmp_path / "b"
    result = CliRunner().invoke(main, ["build", "designs/superpod-h100-4su.dc", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    plan = (out / "floorplan-H1.svg").read_text(encoding="utf-8")
    assert 'class="scale-bar"' in plan


def test_units_at_one_row_end_do_not_overlap() -> None:
    """RPP_A and RPP_B both serve every row of the enterprise room: side by side, each named."""
    compilation = dcdsl.compile(ROOT / "designs" / "enterprise-room.dc")
    (layout,) = compilation.results.layout.halls
    row_end = [p for p in layout.equipment if p.placement == "row_end"]
    assert {p.label for p in row_end} >= {"RPP_A × 2", "RPP_B × 2"}
    for i, a in enumerate(row_end):
        for b in row_end[i + 1 :]:
            apart_x = a.x_m + a.width_m <= b.x_m or b.x_m + b.width_m <= a.x_m
            apart_y = a.y_m + a.depth_m <= b.y_m or b.y_m + b.depth_m <= a.y_m
            assert apart_x or apart_y, (a.label, b.label)
        assert a.x_m + a.width_m <= layout.width_m, "inside a hall sized from its racks"
