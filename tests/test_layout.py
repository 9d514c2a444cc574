"""Layout: positions, cable lengths and bins of the small hall worked by hand in docs/layout.md,
the DC-GEO rules, the floor-plan and elevation SVGs, and the SuperPOD build."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcdsl.analysis import layout as lay
from dcdsl.cli import main
from dcdsl.emit import elevation, floorplan
from dcdsl.pipeline import Compilation, compile_text

ROOT = Path(__file__).resolve().parent.parent
SMALL = (ROOT / "tests" / "golden" / "layout" / "small-hall.dc").read_text(encoding="utf-8")
SVG = "{http://www.w3.org/2000/svg}"


def compile_ok(text: str) -> Compilation:
    compilation = compile_text(text, "layout.dc")
    assert compilation.model is not None, [d.message for d in compilation.diagnostics]
    internal = [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    assert not internal, internal[0].message
    return compilation


def layout_of(compilation: Compilation) -> lay.LayoutResult:
    assert compilation.results is not None
    result = compilation.results.layout
    assert isinstance(result, lay.LayoutResult)
    return result


def geo(compilation: Compilation, code: str) -> list[str]:
    return [d.message for d in compilation.diagnostics if d.code == code]


def test_the_doc_shows_the_golden_design() -> None:
    assert SMALL in (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")


# --- geometry (docs/layout.md, "Positions") -------------------------------------------------------


def test_small_hall_positions() -> None:
    hall = layout_of(compile_ok(SMALL)).halls[0]
    assert [(r.name, r.facing) for r in hall.rows] == [("A", "south"), ("B", "north")]
    assert [r.y_m for r in hall.rows] == pytest.approx([1.2, 3.6])
    row_a, row_b = hall.rows
    (a,) = row_a.segments
    assert [a.rack_x(i) for i in range(4)] == pytest.approx([1.5, 2.1, 2.7, 3.3])
    assert a.centre_y == pytest.approx(1.8)
    gpu, net = row_b.segments
    assert (gpu.count, net.count) == (3, 1)
    assert net.rack_x(0) == pytest.approx(3.3) and net.centre_y == pytest.approx(4.2)
    assert (hall.width_m, hall.length_m) == pytest.approx((4.8, 6.0))
    assert not hall.width_stated
    (aisle,) = hall.aisles
    assert aisle.kind == "cold" and (aisle.y0_m, aisle.y1_m) == pytest.approx((2.4, 3.6))
    assert any("2.4 m pitch" in text for text in hall.assumptions)


def test_stated_geometry_is_used() -> None:
    text = SMALL.replace('row "A" {', 'row "A" { position = 2 m  offset = 3 m  facing = north ')
    text = text.replace('hall "H" {', 'hall "H" { row_pitch = 3 m  width = 20 m  length = 10 m ')
    hall = layout_of(compile_ok(text)).halls[0]
    row_a, row_b = hall.rows
    assert (row_a.y_m, row_a.x_m, row_a.facing) == (2.0, 3.0, "north")
    assert row_b.y_m == pytest.approx(5.0)  # the stated row + the pitch
    assert hall.aisles[0].kind == "mixed"  # A's fronts face north, B's too: front to back
    assert (hall.width_m, hall.length_m) == (20.0, 10.0)


def test_racks_without_rows_are_packed_into_rows_of_20() -> None:
    text = SMALL.replace('row "A" { rack gpu * 4 }', "rack gpu * 45")
    hall = layout_of(compile_ok(text)).halls[0]
    assert [r.racks for r in hall.rows] == [20, 20, 5, 4]  # the loose racks first, as written
    assert [r.name for r in hall.rows] == ["H-1", "H-2", "H-3", "B"]
    assert sum(s.count for s in hall.segments()) == 49


# --- cable lengths (docs/layout.md, "Lengths") ----------------------------------------------------


def test_length_bins() -> None:
    assert [lay.length_bin(x) for x in (0.4, 1.0, 1.01, 4.107, 8.067, 30.0, 100.0)] == [
        1,
        1,
        2,
        5,
        10,
        30,
        100,
    ]
    # single-mode runs past 100 m come in 150, 300 and 500 m lengths
    assert [lay.length_bin(x) for x in (100.5, 150.0, 299.0, 500.0)] == [150, 150, 300, 500]
    assert lay.length_bin(500.5) is None


def test_small_hall_cable_bins() -> None:
    compilation = compile_ok(SMALL)
    assert compilation.results is not None
    (cabling,) = layout_of(compilation).cabling["f"]
    node_leaf, leaf_spine = cabling.tiers
    assert node_leaf.bins == {("optical", 10): 80, ("acc", 5): 32}
    assert node_leaf.longest_m == pytest.approx((4.2 + 2 * 1.0668 + 1.0) * 1.1)
    assert leaf_spine.bins == {("dac", 2): 128}
    assert leaf_spine.longest_m == pytest.approx(1.0668 * 1.1)
    assert cabling.by_medium_and_bin() == {("acc", 5): 32, ("dac", 2): 128, ("optical", 10): 80}
    assert cabling.links == compilation.results.fabrics["f"].links == 240
    assert cabling.placed and not geo(compilation, "DC-GEO-003")


def test_bom_lists_cables_by_medium_and_bin() -> None:
    compilation = compile_ok(SMALL)
    assert compilation.results is not None
    lines = {
        line.part: line.quantity for line in compilation.results.cost.bom if "cable" in line.part
    }
    assert lines == {"acc cable, 5 m": 32, "dac cable, 2 m": 128, "optical cable, 10 m": 80}


def test_dac_beyond_its_reach_is_an_error_at_the_fabric() -> None:
    compilation = compile_ok(SMALL.replace("medium = mixed", "medium = dac"))
    (found,) = [d for d in compilation.diagnostics if d.code == "DC-GEO-003"]
    assert found.severity.value == "error"
    assert "112 node-leaf links" in found.message and "dac reaches (3 m)" in found.message
    assert "8.1 m" in found.message
    assert found.span is not None and found.span.snippet.startswith('fabric "f"')
    # A stated reach covers it.
    longer = SMALL.replace("medium = mixed", "medium = dac  dac_reach = 10 m")
    assert not geo(compile_ok(longer), "DC-GEO-003")


def test_without_switch_racks_the_network_is_assumed_at_row_ends() -> None:
    text = SMALL.replace("rack net", "rack gpu")
    compilation = compile_ok(text)
    (cabling,) = layout_of(compilation).cabling["f"]
    assert not cabling.placed and "end of each row" in cabling.where
    # A04: 3.3 − 0.9 = 2.4 m along the row, + 3.1336, × 1.1 = 6.09 m: optical, 10 m.
    assert cabling.tiers[0].bins[("optical", 10)] >= 16
    assert cabling.links == compilation.results.fabrics["f"].links  # type: ignore[union-attr]


# --- rules ----------------------------------------------------------------------------------------


def test_overfull_rack_is_located_at_the_device() -> None:
    text = SMALL + "rack_type big { height = 48 U  device srv * 7 }\n"
    text = text.replace('row "B" {', 'row "B" { rack big ')
    compilation = compile_ok(text)
    (found,) = [d for d in compilation.diagnostics if d.code == "DC-GEO-001"]
    assert found.message == "rack type `big` needs 56 U (up to U56) but is 48 U high"
    assert found.span is not None and found.span.snippet == "device srv * 7"


def test_overlapping_positions() -> None:
    text = SMALL.replace(
        "device sw * 4 }",
        "device sw * 4  device sw * 2 { position = 40 U }  device srv { position = 41 U } }",
    )
    compilation = compile_ok(text)
    (found,) = [d for d in compilation.diagnostics if d.code == "DC-GEO-002"]
    assert "srv at U41–U48 overlaps sw at U40–U41 (U41–U41)" in found.message
    assert found.help is not None and "position = 42 U" in found.help
    net = layout_of(compilation).elevations["net"]
    # The four unplaced switches stack from U1; the placed ones keep their units.
    assert [(p.use.part.name, p.start_u, p.top_u) for p in net.placements] == [
        ("sw", 1, 4),
        ("sw", 40, 41),
        ("srv", 41, 48),
    ]


def test_row_outside_the_stated_hall() -> None:
    compilation = compile_ok(SMALL.replace('hall "H" {', 'hall "H" { width = 4 m '))
    assert geo(compilation, "DC-GEO-004") == []  # 1.2 + 4 × 0.6 = 3.6 m fits in 4 m
    five = SMALL.replace('hall "H" {', 'hall "H" { width = 4 m ').replace("gpu * 4", "gpu * 5")
    assert geo(compile_ok(five), "DC-GEO-004") == [
        'row "A" of hall "H" (5 racks) ends at x = 4.20 m, the hall is 4 m wide'
    ]


def test_elevation_figures() -> None:
    gpu = layout_of(compile_ok(SMALL)).elevations["gpu"]
    assert (gpu.used_u, gpu.free_u, gpu.power_kw, gpu.weight_kg) == (16, 32, 20.0, 260.0)
    assert gpu.weight_known and not gpu.overfull


# --- SVGs -----------------------------------------------------------------------------------------


def _svg(text: str) -> ET.Element:
    return ET.fromstring(text)


def test_floorplan_svg_has_one_rack_element_per_rack_coloured_from_the_legend() -> None:
    compilation = compile_ok(SMALL)
    assert compilation.model is not None
    files = floorplan.render_files(compilation.model, compilation.results)
    root = _svg(str(files["floorplan-H.svg"]))
    racks = [e for e in root.iter(f"{SVG}rect") if e.get("class") == "rack"]
    assert len(racks) == 8
    legend = {e.get("fill") for e in root.iter(f"{SVG}rect") if e.get("class") == "legend-swatch"}
    assert legend == {c for _, c, _ in floorplan.BANDS} | {floorplan.NO_LIMIT_COLOUR}
    assert {r.get("fill") for r in racks} <= legend
    titles = [r.find(f"{SVG}title") for r in racks]
    assert all(t is not None and t.text for t in titles)
    # No cooling stated: air, 40 kW limit; a gpu rack draws 20 kW = 50 % → the first band.
    first = next(r for r in racks if r.find(f"{SVG}title").text.startswith("A01"))  # type: ignore[union-attr]
    assert first.get("fill") == floorplan.BANDS[0][1]
    assert sorted(
        e.get("class") for e in root.iter(f"{SVG}rect") if "aisle" in (e.get("class") or "")
    ) == ["aisle cold"]


def test_floorplan_escapes_names_and_is_deterministic() -> None:
    text = (
        SMALL.replace('row "A"', 'row "A<&>"')
        .replace('hall "H"', 'hall "H <1>"')
        .replace("H.gpus", "gpus")
    )
    compilation = compile_ok(text)
    assert compilation.model is not None
    first = floorplan.render_files(compilation.model, compilation.results)
    again = floorplan.render_files(compilation.model, compilation.results)
    # The name had to change: a hash of it follows (`H <1>`, `H_1_` and `H__1_` never meet).
    assert first == again and list(first) == ["floorplan-H__1_-a85ac576.svg"]
    body = str(first["floorplan-H__1_-a85ac576.svg"])
    root = _svg(body)  # well-formed despite the names
    labels = [e.text for e in root.iter(f"{SVG}text") if e.get("class") == "row-label"]
    assert labels == ["A<&>", "B"]


def test_floorplan_of_3000_racks_stays_one_element_per_rack() -> None:
    text = SMALL.replace('row "A" { rack gpu * 4 }', 'row "R".."T" { rack gpu * 1000 }')
    compilation = compile_ok(text)
    assert compilation.model is not None
    files = floorplan.render_files(compilation.model, compilation.results)
    root = _svg(str(files["floorplan-H.svg"]))
    racks = [e for e in root.iter(f"{SVG}rect") if e.get("class") == "rack"]
    assert len(racks) == 3004
    labels = [e for e in root.iter(f"{SVG}text") if e.get("class") == "row-label"]
    assert len(labels) == 4  # labels by row, detail in titles
    assert float(root.get("width") or 0) <= 1700


def test_elevation_svg() -> None:
    compilation = compile_ok(SMALL)
    files = elevation.render_files(compilation.results)
    assert sorted(files) == ["racks-gpu.svg", "racks-net.svg"]
    root = _svg(str(files["racks-gpu.svg"]))
    devices = [g for g in root.iter(f"{SVG}g") if g.get("class") == "device"]
    assert len(devices) == 2
    blanks = [g for g in root.iter(f"{SVG}g") if g.get("class") == "blank"]
    assert len(blanks) == 1 and "U17–U48" in (blanks[0].find(f"{SVG}title").text or "")  # type: ignore[union-attr]
    footer = [e.text for e in root.iter(f"{SVG}text") if e.get("class") == "footer"]
    assert footer[:3] == ["power 20.0 kW", "weight 260 kg", "16 U used, 32 U free"]


# --- the SuperPOD build -----------------------------------------------------------------------------


def test_superpod_build_draws_its_hall_and_rack_types(tmp_path: Path) -> None:
    out = tmp_path / "build"
    design = ROOT / "designs" / "superpod-h100-4su.dc"
    result = CliRunner().invoke(main, ["build", str(design), "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert "floorplan-H1.svg" in names
    assert {"racks-dgx_rack.svg", "racks-dgx_rack_ufm.svg", "racks-network_rack.svg"} <= set(names)
    root = _svg((out / "floorplan-H1.svg").read_text(encoding="utf-8"))
    assert len([e for e in root.iter(f"{SVG}rect") if e.get("class") == "rack"]) == 38
    summary = json.loads((out / "summary.json").read_text())
    bom = json.loads((out / "bom.json").read_text())
    cables = [line for line in bom["lines"] if 'fabric "compute"' in line["description"]]
    assert cables and all(line["part"].startswith("optical cable, ") for line in cables)
    assert (
        sum(line["quantity"] for line in cables) == summary["fabrics"]["compute"]["links"] == 2044
    )
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Floor plan, hall H1" in report and "Rack type dgx_rack" in report


def test_many_generated_rows_stand_in_blocks() -> None:
    text = SMALL.replace('row "A" { rack gpu * 4 }', "rack gpu * 3000").replace(
        'row "B" { rack gpu * 3  rack net }', ""
    )
    hall = layout_of(compile_ok(text)).halls[0]
    # 150 rows of 20; blocks 12 + 2.4 = 14.4 m wide: ⌈√(150 × 2.4 / 14.4)⌉ = 5 blocks of 30 rows.
    assert len(hall.rows) == 150 and {r.racks for r in hall.rows} == {20}
    assert sorted({r.x_m for r in hall.rows}) == pytest.approx([1.2, 15.6, 30.0, 44.4, 58.8])
    assert (hall.width_m, hall.length_m) == pytest.approx((72.0, 73.2))
    assert len(hall.aisles) == 5 * 29 and all(
        a.x1_m - a.x0_m == pytest.approx(12) for a in hall.aisles
    )
    assert any("5 blocks of 30" in text for text in hall.assumptions)


def test_rack_heavier_than_its_enclosure_rating() -> None:
    text = SMALL + (
        'import "std/racks"\n'
        "part brick { kind = other  height = 1 U  weight = 200 kg }\n"
        "rack_type heavy { height = 42 U  enclosure = rack_42u  device brick * 7 }\n"
    )
    text = text.replace('row "B" {', 'row "B" { rack heavy ')
    compilation = compile_ok(text)
    (found,) = [d for d in compilation.diagnostics if d.code == "DC-GEO-005"]
    # 7 × 200 kg = 1,400 kg on an enclosure rated 1,360 kg (std/racks rack_42u).
    assert found.message == (
        "rack type `heavy` carries 1,400 kg of devices and rack PDUs; "
        "the load rating of enclosure `rack_42u` is 1,360 kg"
    )
    heavy = layout_of(compilation).elevations["heavy"]
    assert heavy.weight_kg == 1400 + 120  # the enclosure's own 120 kg counts in the rack's weight
    limited = text.replace("device brick * 7", "weight_limit = 1500 kg  device brick * 7")
    assert not [d for d in compile_ok(limited).diagnostics if d.code == "DC-GEO-005"]


def test_racks_with_their_own_contents_get_an_elevation() -> None:
    alike = "{ height = 42 U  device sw * 2 }"
    text = SMALL.replace(
        "rack gpu * 3  rack net", f'rack gpu * 3  rack "x1" {alike}  rack "x2" {alike}'
    )
    compilation = compile_ok(text)
    files = elevation.render_files(compilation.results)
    assert sorted(files) == ["racks-gpu.svg", "racks-x1.svg"]  # x2 is like x1: drawn once
    root = _svg(str(files["racks-x1.svg"]))
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "device"]) == 2


def test_switch_position_middle_of_row_when_no_rack_holds_the_switches() -> None:
    text = SMALL.replace("rack net", "rack gpu")
    end = layout_of(compile_ok(text)).cabling["f"][0]
    middle = layout_of(
        compile_ok(
            text.replace("medium = mixed", "medium = mixed  switch_position = middle_of_row")
        )
    ).cabling["f"][0]
    assert "middle of each row" in middle.where and "west end" in end.where
    # Row A's middle is x = 2.4 m: racks 0.9, 0.3, 0.3, 0.9 m away instead of 0.6 … 2.4 m.
    assert middle.tiers[0].longest_m < end.tiers[0].longest_m
    assert middle.tiers[0].longest_m == pytest.approx((0.9 + 2 * 1.0668 + 1.0) * 1.1)
    assert middle.links == end.links == 256  # 8 gpu racks: 128 node-leaf + 128 leaf-spine


def test_odd_geometry_never_crashes() -> None:
    for text in (
        SMALL.replace("rack gpu * 3", "rack gpu * 0"),
        SMALL.replace("rack_type gpu { height = 48 U", "rack_type gpu { width = 0 m  depth = -1 m"),
        SMALL.replace('hall "H" {', 'hall "H" { row_pitch = -2 m  tray_height = -1 m '),
        'design "x" {}\nhall "H" {}\n',
    ):
        compilation = compile_ok(text)
        assert compilation.model is not None
        for body in floorplan.render_files(compilation.model, compilation.results).values():
            _svg(str(body))
    # Zero slack and tray: A01 is 4.2 m + 2 × 1.0668 m.
    flat = compile_ok(SMALL.replace('hall "H" {', 'hall "H" { tray_height = 0 m  cable_slack = 0 '))
    assert layout_of(flat).cabling["f"][0].tiers[0].longest_m == pytest.approx(4.2 + 2.1336)


def test_position_below_u1_is_an_error() -> None:
    compilation = compile_ok(SMALL.replace("device sw * 4", "device sw * 4 { position = 0 U }"))
    assert geo(compilation, "DC-GEO-001") == [
        "rack type `net`: sw is placed at U0, below the rack's U1"
    ]


def test_cooling_units_stand_at_row_ends_and_walls() -> None:
    text = SMALL.replace(
        'hall "H" {',
        'import "std/cooling"\n'
        'cooling "dlc" { tier = direct_to_chip  cdu = cdu_600kw * 3  crah = crah_100kw * 2 }\n'
        'cooling "plant" { tier = air  chiller = chiller_wc_1000tr  crah = crah_100kw  placement = outside }\n'
        'hall "H" { cooling = dlc',
    ).replace("rack net", "rack net { cooling = plant }")
    compilation = compile_ok(text)
    hall = layout_of(compilation).halls[0]
    places = sorted(
        ((p.kind, p.count, p.placement, p.x_m, p.y_m) for p in hall.equipment),
        key=lambda item: (item[0], item[2], item[4]),
    )
    # Three CDUs over the two rows (largest remainder: A 2, B 1), 0.15 m past each row's end;
    # the CRAHs along the north wall; the `outside` loop's units drawn beside the hall.
    assert places == [
        ("cdu", 2, "row_end", pytest.approx(3.75), pytest.approx(1.2)),
        ("cdu", 1, "row_end", pytest.approx(3.75), pytest.approx(3.6)),
        ("chiller", 1, "outside", 0.0, 0.0),
        ("crah", 1, "outside", 0.0, 0.0),
        ("crah", 2, "perimeter", pytest.approx(1.2), pytest.approx(0.2)),
    ]
    assert compilation.model is not None
    svg = str(floorplan.render_files(compilation.model, compilation.results)["floorplan-H.svg"])
    root = _svg(svg)
    units = [
        g.get("class") for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("unit")
    ]
    assert sorted(units) == ["unit", "unit", "unit cdu", "unit cdu", "unit crah"]


def test_a_fabric_over_five_halls_splits_its_links_and_the_bom_bins_add_up() -> None:
    from dcdsl.pipeline import compile_file

    compilation = compile_file(ROOT / "designs" / "ai-100k.dc")
    assert compilation.results is not None
    per_hall = layout_of(compilation).cabling["compute"]
    assert [c.hall for c in per_hall] == ["H1", "H2", "H3", "H4", "H5"]
    links = compilation.results.fabrics["compute"].links
    assert sum(c.links for c in per_hall) == links
    cables = [line for line in compilation.results.cost.bom if " cable, " in line.part]
    assert cables and sum(line.quantity for line in cables) == links


# docs/layout.md, "Lengths": each gpu rack's node-leaf length, shortest first (B03 … A01).
DOC_LENGTHS_M = (4.107, 4.767, 5.427, 6.087, 6.747, 7.407, 8.067)


@pytest.mark.parametrize("index", range(len(DOC_LENGTHS_M)))
def test_each_racks_length_matches_the_hand_worked_table(index: int) -> None:
    # ACC reach just above and just below a documented length: that rack's 16 links switch
    # between ACC and optics, so each length is pinned to ±1 mm.
    length = DOC_LENGTHS_M[index]
    for reach, racks in ((length + 0.001, index + 1), (length - 0.001, index)):
        text = SMALL.replace("medium = mixed", f"medium = mixed  acc_reach = {reach} m")
        (cabling,) = layout_of(compile_ok(text)).cabling["f"]
        node_leaf = cabling.tiers[0]
        acc = sum(n for (medium, _), n in node_leaf.bins.items() if medium == "acc")
        assert acc == 16 * racks
