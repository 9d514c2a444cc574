"""Drawings stay bounded whatever the design asks for: floor plans aggregate racks into row
blocks and density tiles, rack elevations of any height are drawn to scale, the report inlines
diagrams up to a budget, and the aisle search of the layout is not quadratic in rows.

(Times and sizes of `dcc build` on a million racks are measured in bench/run.py, not here.)"""

from __future__ import annotations

import random
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import attrs
import pytest

from dcdsl.analysis import layout as lay
from dcdsl.analysis.layout.geometry import _aisles
from dcdsl.emit import elevation, floorplan, report
from dcdsl.pipeline import Compilation, compile_text

ROOT = Path(__file__).resolve().parent.parent

DESIGN = """design "big" { }

import "std/nvidia"

rack_type r {
  height = 48 U
  device dgx_h100 * 4
}

hall "H1" { rack r * RACKS }
"""


def compiled(racks: int, halls: str = "") -> Compilation:
    text = DESIGN.replace("RACKS", str(racks)) + halls
    compilation = compile_text(text, "big.dc", ROOT)
    assert compilation.model is not None and compilation.results is not None
    return compilation


def shapes(svg: str, kind: str) -> int:
    return len(re.findall(rf'<rect class="{kind}"', svg))


def hall(compilation: Compilation, name: str = "H1") -> lay.HallLayout:
    found = compilation.results.layout  # type: ignore[union-attr]
    return next(h for h in found.halls if h.name == name)


def test_a_small_hall_has_one_shape_per_rack() -> None:
    c = compiled(120)
    svg = floorplan.render(hall(c), c.model, c.results)  # type: ignore[arg-type]
    assert shapes(svg, "rack") == 120 and shapes(svg, "rack-run") == 0


def test_over_the_rack_limit_each_row_run_is_one_block() -> None:
    c = compiled(floorplan.MAX_RACKS_DRAWN + 1)
    found = hall(c)
    svg = floorplan.render(found, c.model, c.results)  # type: ignore[arg-type]
    assert shapes(svg, "rack") == 0
    assert shapes(svg, "rack-run") == sum(len(row.segments) for row in found.rows)
    counts = [int(n.replace(",", "")) for n in re.findall(r"<title>([\d,]+) racks ", svg)]
    assert sum(counts) == floorplan.MAX_RACKS_DRAWN + 1  # every rack is in one block
    assert "a bounded drawing" in svg
    ET.fromstring(svg)


def test_over_the_budget_racks_become_density_tiles_that_count_every_rack() -> None:
    c = compiled(3_000)
    budget = 64
    svg = floorplan.render(hall(c), c.model, c.results, budget)  # type: ignore[arg-type]
    tiles = shapes(svg, "tile")
    assert 0 < tiles <= floorplan.tiles_along(budget) ** 2
    assert shapes(svg, "rack") == shapes(svg, "rack-run") == 0
    assert 'class="aisle' not in svg
    counts = [int(n.replace(",", "")) for n in re.findall(r"<title>([\d,]+) racks;", svg)]
    assert sum(counts) == 3_000
    assert "densest 40.8 kW per rack, 102 % of its limit" in svg  # 4 × 10.2 kW against air 40 kW
    ET.fromstring(svg)


@pytest.mark.parametrize(("racks", "budget"), [(3_000, 64), (2_999, 400), (20_000, 1_000)])
def test_density_tiles_stay_inside_the_hall(racks: int, budget: int) -> None:
    """The last column and row of tiles end at the hall's walls (they overran the outline and
    covered the scale bar under it)."""
    c = compiled(racks)
    svg = floorplan.render(hall(c), c.model, c.results, budget)  # type: ignore[arg-type]
    ns = "{http://www.w3.org/2000/svg}"
    rects = list(ET.fromstring(svg).iter(f"{ns}rect"))
    box = next(r for r in rects if r.get("class") == "hall")
    right = float(box.get("x", 0)) + float(box.get("width", 0))
    bottom = float(box.get("y", 0)) + float(box.get("height", 0))
    tiles = [r for r in rects if r.get("class") == "tile"]
    assert tiles
    for tile in tiles:
        assert float(tile.get("x", 0)) + float(tile.get("width", 0)) <= right + 0.2
        assert float(tile.get("y", 0)) + float(tile.get("height", 0)) <= bottom + 0.2


def test_halls_share_one_shape_budget() -> None:
    assert floorplan.hall_budget(1) == floorplan.SHAPE_BUDGET
    assert floorplan.hall_budget(100) == floorplan.SHAPE_BUDGET // 100
    assert floorplan.hall_budget(10**6) == floorplan.MIN_HALL_SHAPES
    assert floorplan.tiles_along(floorplan.SHAPE_BUDGET) == floorplan.MAX_TILES_ALONG
    assert floorplan.tiles_along(1) == floorplan.MIN_TILES_ALONG


def test_an_elevation_of_any_height_is_bounded() -> None:
    c = compiled(1)
    (found,) = c.results.layout.drawn().values()  # type: ignore[union-attr]
    normal = elevation.render(found)
    tall = elevation.render(attrs.evolve(found, height_u=10**12))
    assert len(tall) < 3 * len(normal)
    assert len(re.findall(r'class="u"', tall)) <= elevation.MAX_U_LABELS + 2
    height = float(re.search(r'height="([\d.]+)"', tall).group(1))  # type: ignore[union-attr]
    assert height <= elevation.TOP + elevation.MAX_U_DRAWN * elevation.U_PX + 80
    assert "U1000000000000" in tall and "blanking, U33–U1000000000000 free" in tall
    ET.fromstring(tall)


def test_elevation_free_runs_are_the_complement_of_the_devices() -> None:
    c = compiled(1)
    (found,) = c.results.layout.drawn().values()  # type: ignore[union-attr]
    runs = elevation._free_runs(found)
    free = sum(b - a + 1 for a, b in runs)
    assert free == found.free_u == 48 - 32


def test_the_report_inlines_diagrams_up_to_its_budget() -> None:
    files: dict[str, str | bytes] = {
        f"floorplan-H{i}.svg": "<svg>" + "x" * (report.MAX_EMBEDDED_BYTES // 3) + "</svg>"
        for i in range(5)
    }
    shown = report._diagrams(files)
    inlined = [d for d in shown if d["src"]]
    assert 0 < len(inlined) < len(shown)
    assert sum(len(files[d["file"]]) for d in inlined) <= report.MAX_EMBEDDED_BYTES


def _aisles_by_scan(rows: list[lay.RowPlace]) -> list[tuple[object, ...]]:
    """The rule as written: for each row, the first later row (y, x, index) below that overlaps."""
    found = []
    ordered = sorted(rows, key=lambda r: (r.y_m, r.x_m, r.index))
    for i, upper in enumerate(ordered):
        bottom = upper.y_m + upper.depth_m
        for lower in ordered[i + 1 :]:
            x0, x1 = max(upper.x_m, lower.x_m), min(upper.end_x, lower.end_x)
            if x1 <= x0 or lower.y_m <= upper.y_m:
                continue
            if lower.y_m > bottom:
                found.append((bottom, lower.y_m, upper.name, lower.name, x0, x1))
            break
    return found


@attrs.define
class _Run:
    x_m: float
    width_m: float
    depth_m: float
    count: int = 1

    @property
    def end_x(self) -> float:
        return self.x_m + self.count * self.width_m


def test_aisles_match_the_scan_on_random_layouts() -> None:
    rng = random.Random(14)
    for _ in range(2_000):
        rows = []
        for i in range(rng.randint(0, 12)):
            row = lay.RowPlace(
                f"r{i}",
                i,
                float(rng.randint(0, 6)),
                float(rng.randint(0, 5)),
                rng.choice(["south", "north"]),
                False,
            )
            for _ in range(rng.randint(0, 2)):
                row.segments.append(
                    _Run(float(rng.randint(0, 8)), float(rng.randint(0, 3)), rng.choice([0.6, 1.2]))  # type: ignore[arg-type]
                )
            rows.append(row)
        fast = [(a.y0_m, a.y1_m, *a.between, a.x0_m, a.x1_m) for a in _aisles(rows)]
        assert fast == _aisles_by_scan(rows)


def test_a_design_of_many_halls_draws_the_largest_and_bounds_the_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(floorplan, "MAX_HALL_PLANS", 3)
    monkeypatch.setattr(report, "MAX_HALLS_SHOWN", 4)
    monkeypatch.setattr(report, "MAX_REPORT_DIAGNOSTICS", 2)
    halls = 'hall "A".."F" { rack r * 1 }\nhall "Z" { rack r * 9 }\n'
    c = compiled(5, halls)  # H1: 5 racks, Z: 9, A..F: 1 each
    files = floorplan.render_files(c.model, c.results)  # type: ignore[arg-type]
    assert sorted(files) == ["floorplan-A.svg", "floorplan-H1.svg", "floorplan-Z.svg"]
    page = report.render(c, files)["report.html"]
    assert isinstance(page, str)
    assert "5 other halls" in page  # the chart and table: the 3 largest and one summed line
    assert "more findings are not listed here: diagnostics.json holds every one" in page
