"""Fabric sizing: formulas against hand-worked examples, limits, transceivers, bisection (checked
against a networkx minimum cut), the DC-NET rules end to end, and the topology outputs."""

from __future__ import annotations

import json
import time
from pathlib import Path

import attrs
import pytest

from dcdsl.analysis.fabric import (
    FabricCounts,
    FabricResult,
    FabricSpec,
    leaf_ports,
    max_leaves,
    ratio_text,
    size,
    smallest_divisor_at_least,
    ways_out,
)
from dcdsl.diagnostics import Diagnostic, Severity
from dcdsl.emit import topology
from dcdsl.pipeline import Compilation, compile_file, compile_text
from tests.conftest import GOLDEN, check_golden

H100_4SU = GOLDEN / "fabric" / "superpod-h100-4su.dc"


def spec(**kw: object) -> FabricSpec:
    base: dict[str, object] = {"endpoints": 1024, "radix": 64, "port_speed_gbps": 400.0}
    base.update(kw)
    return FabricSpec(**base)  # type: ignore[arg-type]


# --- formulas -------------------------------------------------------------------------------------


def test_leaf_ports_split_radix_by_oversubscription() -> None:
    assert leaf_ports(64, 1, 1) == (32, 32)  # non-blocking: r/2 each way
    assert leaf_ports(144, 1, 1) == (72, 72)
    assert leaf_ports(64, 3, 1) == (48, 16)
    # 2:1 on 64 ports: 42.67 rounds down so the built ratio (42:22 = 1.91:1) stays under 2:1
    assert leaf_ports(64, 2, 1) == (42, 22)


def test_ratio_text() -> None:
    assert ratio_text(32, 32) == "1:1"
    assert ratio_text(48, 16) == "3:1"
    assert ratio_text(36, 24) == "3:2"
    assert ratio_text(42, 22) == "1.91:1"


def test_spine_divisor_rule() -> None:
    assert smallest_divisor_at_least(32, 12) == 16
    assert smallest_divisor_at_least(72, 16) == 18
    assert smallest_divisor_at_least(72, 32) == 36
    assert smallest_divisor_at_least(32, 33) is None


@pytest.mark.parametrize(
    ("radix", "two_tier", "three_tier"),
    [(64, 2_048, 65_536), (144, 10_368, 746_496)],  # domain.md §1 row 19
)
def test_non_blocking_size_limits(radix: int, two_tier: int, three_tier: int) -> None:
    assert max_leaves(2, radix, radix) * radix // 2 == two_tier == radix**2 // 2
    assert max_leaves(3, radix, radix) * radix // 2 == three_tier == radix**3 // 4
    assert size(spec(radix=radix, endpoints=two_tier)).limit_exceeded is False
    assert size(spec(radix=radix, endpoints=two_tier + 1)).limit_exceeded is True
    at_limit = size(spec(radix=radix, endpoints=three_tier, topology="fat_tree"))
    assert not at_limit.limit_exceeded and at_limit.capacity_per_plane == three_tier
    # a full k-ary fat tree has 5k²/4 switches (Al-Fares et al.)
    assert at_limit.switches == 5 * radix**2 // 4
    assert size(spec(radix=radix, endpoints=three_tier + 1, topology="fat_tree")).limit_exceeded


def test_oversubscribed_leaf_spine_hand_worked() -> None:
    # 256 endpoints, 3:1 on 64 ports: d = 48, u = 16; L = ⌈256/48⌉ = 6; L·u = 96 uplinks;
    # spines: smallest divisor of 16 ≥ ⌈96/64⌉ = 2 → 2; bisection min(256, 96)/2 = 48 links.
    counts = size(spec(endpoints=256, down=3, up=1))
    assert (counts.leaf_down, counts.leaf_up) == (48, 16)
    assert (counts.leaves, counts.spines) == (6, 2)
    assert counts.link("leaf-spine").links == 96  # type: ignore[union-attr]
    assert counts.oversubscription == "3:1"
    assert counts.bisection_gbps == 48 * 400


def test_gb200_su_on_qm9700_needs_18_leaves() -> None:
    # 8 NVL72 racks = 576 GPUs = 576 × 400G NICs; 576 / 32 = 18 leaves (domain.md §3 [D])
    counts = size(spec(endpoints=576, topology="leaf_spine", rails=4))
    assert counts.leaves == 18


def test_planes_split_the_endpoints() -> None:
    one = size(spec(endpoints=100_000, topology="rail_optimized"))
    two = size(spec(endpoints=100_000, topology="rail_optimized", planes=2))
    assert one.limit_exceeded and not two.limit_exceeded
    assert two.endpoints_per_plane == 50_000 and two.rails_per_plane == 4
    # 12,500 nodes in 391 SUs of 32; 4 rails per plane: 1,564 leaves per plane, 3,128 in all
    assert two.scalable_units == 391
    assert two.leaves == 3_128
    assert two.link("node-leaf").links == 100_000  # type: ignore[union-attr]


def test_transceivers_dgx_two_tier_hand_worked() -> None:
    # H100 4 SU: 127 nodes × 4 twin-port = 508 node modules. Leaves: 1,020 down + 1,024 up =
    # 2,044 ends over 32 leaves (28 with 64, 4 with 63) → 32 modules each = 1,024. Spines: 1,024
    # ends over 16 → 32 each = 512. UFM side: 4 single-port. Total 2,048 ≈ 2N (domain.md §3).
    counts = size(
        spec(
            endpoints=1016,
            topology="rail_optimized",
            nodes_per_su=32,
            reserved_nodes=1,
            extra_ports=4,
            node_modules_per_node=4,
        )
    )
    assert counts.node_twin_modules == 508
    assert counts.switch_modules == 1_024 + 512
    assert counts.ufm_modules == 4
    assert counts.node_single_modules == 0
    assert counts.transceivers == 2_048
    assert counts.cables_by_medium() == {"optical": 2_044}


def test_transceivers_hgx_single_port_and_copper() -> None:
    hgx = size(spec(endpoints=1024, topology="rail_optimized"))
    assert hgx.node_single_modules == 1024 and hgx.node_twin_modules == 0
    b300 = size(spec(endpoints=576, topology="rail_optimized", node_modules_per_node=8))
    assert b300.node_single_modules == 576, "8 modules for 8 NICs are single-port"
    dac = size(spec(endpoints=1024, medium="dac"))
    assert dac.transceivers == 0 and dac.cables_by_medium() == {"dac": 2048}
    mixed = size(spec(endpoints=1024, medium="mixed", topology="leaf_spine"))
    assert mixed.cables_by_medium() == {"dac": 1024, "optical": 1024}
    # optics only on leaf-spine links: 1,024 ends on 32 leaves + 1,024 on 16 spines → 1,024
    assert mixed.switch_modules == 1_024 and mixed.node_single_modules == 0


def test_four_tiers_when_asked() -> None:
    counts = size(spec(endpoints=100_000, topology="fat_tree", tiers=4))
    assert not counts.limit_exceeded
    assert counts.capacity_per_plane == 2 * 32**4  # r⁴/8 = 2,097,152
    assert [t.name for t in counts.switch_tiers] == ["leaf", "spine2", "spine3", "core"]


def test_million_gpus_is_arithmetic_not_enumeration() -> None:
    start = time.perf_counter()
    counts = size(spec(endpoints=1_000_000, radix=144, topology="rail_optimized", planes=2))
    elapsed = time.perf_counter() - start
    assert elapsed < 0.05
    assert counts.tiers == 3 and not counts.limit_exceeded
    assert len(counts.link_tiers) == 3
    dot = topology.fabric_dot(_result(counts))
    assert dot.count("[label=") < 20, "the drawing stays a handful of boxes"


# --- bisection checked against networkx ------------------------------------------------------------


def _result(counts: FabricCounts, name: str = "f") -> FabricResult:
    return FabricResult(
        name=name,
        kind="compute",
        topology=counts.spec.topology,
        planes=counts.spec.planes,
        power_kw=0.0,
        switch_power_kw=0.0,
        optics_power_kw=0.0,
        node_optics_power_kw=0.0,
        bisection_gbps=counts.bisection_gbps,
        items=[],
        counts=counts,
        switch_parts={"leaf": "sw", "spine": "sw", "core": "sw"},
    )


@pytest.mark.parametrize(
    "fabric",
    [
        spec(endpoints=248, topology="rail_optimized", reserved_nodes=1),
        spec(endpoints=512, topology="rail_optimized"),
        spec(endpoints=256, down=3, up=1),
        spec(endpoints=512, topology="fat_tree"),
        spec(endpoints=1024, topology="rail_optimized", planes=2),
    ],
    ids=["1SU", "2SU", "3to1", "three-tier", "two-planes"],
)
def test_bisection_formula_equals_min_cut(fabric: FabricSpec) -> None:
    counts = size(fabric)
    graph = topology.switch_graph(counts)
    assert graph is not None
    import networkx as nx

    assert nx.number_connected_components(graph) == fabric.planes
    # every switch uses exactly its computed ports
    for tier in counts.switch_tiers:
        per_switch = [
            sum(d["links"] for _, _, d in graph.edges(node, data=True))
            + graph.nodes[node]["endpoints"]
            for node, data in graph.nodes(data=True)
            if data["tier"] == tier.name
        ]
        assert max(per_switch) <= tier.radix
        assert sum(per_switch) == tier.link_ends
    assert topology.min_cut_bisection(graph, 400.0) == counts.bisection_gbps


# --- limits and ways out -------------------------------------------------------------------------


def test_ways_out_of_100k_gpus_on_qm9700() -> None:
    counts = size(spec(endpoints=100_000, topology="rail_optimized"))
    assert counts.tiers == 3 and counts.limit_exceeded
    assert counts.capacity_per_plane == 65_536
    way = ways_out(counts)
    assert way.planes_needed == 2  # ⌈100,000 / 65,536⌉
    assert way.radix_needed == 74  # smallest even k with k³/4 ≥ 100,000 (74³/4 = 101,306)
    assert way.oversubscription_needed == (49, 15)  # ⌈100,000 / 2,048 leaves⌉ = 49 down
    assert way.next_tier_capacity == 2_097_152  # r⁴/8


# --- end to end: .dc → pipeline → results and rules ----------------------------------------------

DESIGN = """
design "t" {{ electricity = 0.08 USD/kWh }}
import "std/nvidia"
rack_type r {{ height = 48 U  cooling = rear_door  device {server} * 4 }}
hall "H1" {{ row "A" {{ rack r * {racks} }} }}
fabric "compute" {{
{fabric}
}}
"""


def compile_design(fabric: str, server: str = "dgx_h100", racks: int = 8) -> Compilation:
    return compile_text(DESIGN.format(fabric=fabric, server=server, racks=racks), "t.dc")


def net(compilation: Compilation) -> list[Diagnostic]:
    return [d for d in compilation.diagnostics if d.code.startswith("DC-NET")]


def test_superpod_h100_4su_end_to_end() -> None:
    compilation = compile_file(H100_4SU.relative_to(Path.cwd()))
    assert compilation.results is not None
    assert net(compilation) == []
    result = compilation.results.fabrics["compute"]
    counts = result.counts
    assert counts is not None
    assert (counts.leaves, counts.spines, counts.cores) == (32, 16, 0)
    assert result.summary() == {
        "endpoints": 1016,
        "tiers": 2,
        "switches": 48,
        "links": 2044,
        "cables": 2044,
        "transceivers": 2048,
        "oversubscription": "1:1",
    }
    # BOM lines the cost analysis prices: switches and twin-port optics from the catalogue
    lines = {(item.role, item.part): item.quantity for item in result.items}
    assert lines[("leaf switch", "qm9700")] == 32
    assert lines[("spine switch", "qm9700")] == 16
    assert lines[("switch transceiver", "mma4z00_ns")] == 1536
    assert lines[("node transceiver", "mma4z00_ns")] == 508
    assert lines[("UFM transceiver (single-port)", None)] == 4
    # power: 48 × 1.72 kW + 4 × 9 W (UFM side). QM9700's 1,720 W is its maximum with active
    # cables: its 1,536 cage modules are inside it, not added again (the switch-side line's
    # 17 W each is information). Node optics sit in the DGX's 10.2 kW.
    assert result.power_kw == pytest.approx(48 * 1.72 + 4 * 0.009)
    assert result.optics_power_kw == pytest.approx(4 * 0.009)
    summary = json.loads(_summary(compilation))
    assert summary["fabrics"]["compute"]["switches"] == 48


def _summary(compilation: Compilation) -> str:
    from dcdsl.emit import summary

    return summary.render(compilation)


def test_dc_net_001_100k_gpus_on_qm9700_is_an_error() -> None:
    compilation = compile_design(
        "topology = rail_optimized  endpoints = 100000  switch = qm9700", racks=1
    )
    found = net(compilation)
    assert [d.code for d in found] == ["DC-NET-001"]
    d = found[0]
    assert d.severity is Severity.ERROR
    assert d.span is not None and d.span.snippet.startswith('fabric "compute"')
    assert "100,000 endpoints" in d.message and "65,536" in d.message
    assert d.help is not None
    for way in ("Q3400", "`planes = 2`", "`oversubscription = 49:15`", "`tiers = 4`"):
        assert way in d.help
    # the ways out work
    for fix in (
        "planes = 2",
        "tiers = 4",
        "oversubscription = 49:15  oversubscription_target = 4:1",
    ):
        fixed = compile_design(
            f"topology = rail_optimized  endpoints = 100000  switch = qm9700  {fix}", racks=1
        )
        assert net(fixed) == [], fix


def test_dc_net_002_nic_speed_differs_from_switch() -> None:
    found = net(
        compile_design(
            "topology = rail_optimized  endpoints = H1.gpus  switch = qm9700", server="dgx_b300"
        )
    )
    assert [d.code for d in found] == ["DC-NET-002"]
    assert "800 Gb/s" in found[0].message and "400 Gb/s" in found[0].message


def test_dc_net_003_oversubscription_above_target() -> None:
    fabric = "topology = leaf_spine  endpoints = 1024  switch = qm9700  oversubscription = 3:1"
    found = net(compile_design(fabric))
    assert [d.code for d in found] == ["DC-NET-003"]
    assert "3:1" in found[0].message and "1:1" in found[0].message
    assert found[0].help is not None and "32 leaves" in found[0].help
    assert net(compile_design(fabric + "  oversubscription_target = 3:1")) == []
    assert net(compile_design(fabric + "  kind = storage")) == [], "no default target off compute"


def test_dc_net_004_rail_alignment() -> None:
    found = net(
        compile_design(
            "topology = rail_optimized  endpoints = H1.gpus  switch = qm9700  nodes_per_su = 40"
        )
    )
    assert [d.code for d in found] == ["DC-NET-004"]
    assert "40 nodes" in found[0].message and "32 downlink ports" in found[0].message


def test_dc_net_005_ufm_without_a_reserved_node() -> None:
    # 4 full SUs (128 nodes) fill all 1,024 leaf downlinks; the 4 UFM ports do not fit.
    fabric = "topology = rail_optimized  endpoints = H1.gpus  switch = qm9700  ufm = 4"
    found = net(compile_design(fabric, racks=32))
    assert [d.code for d in found] == ["DC-NET-005"]
    assert "1,028 downlink ports" in found[0].message and "1,024" in found[0].message
    assert found[0].help is not None and "reserved_nodes = 1" in found[0].help


def test_dc_net_006_fabric_that_cannot_be_sized() -> None:
    found = net(compile_design("topology = leaf_spine  endpoints = H1.gpus"))
    assert [d.code for d in found] == ["DC-NET-006"]
    assert "radix" in found[0].message
    found = net(compile_design("topology = leaf_spine  switch = qm9700"))
    assert [d.code for d in found] == ["DC-NET-006"]
    assert "endpoints" in found[0].message


def test_dc_net_006_out_of_range_settings() -> None:
    for setting, text in (
        ("tiers = 0", "`tiers = 0` is below 1"),
        ("oversubscription = 0:1", "needs both sides above 0"),
    ):
        found = net(compile_design(f"endpoints = 100  switch = qm9700  {setting}"))
        assert [d.code for d in found] == ["DC-NET-006"] and text in found[0].message


def test_oob_fabric_counts_management_ports_on_copper() -> None:
    compilation = compile_design(
        "kind = oob  topology = leaf_spine  tiers = 1  endpoints = H1.nodes  switch = sn2201"
    )
    assert compilation.results is not None
    result = compilation.results.fabrics["compute"]
    # 8 racks × 4 DGX × 1 BMC port = 32 endpoints on one 48-port 1 GbE switch, copper, no optics
    assert (result.endpoints, result.switches, result.tiers) == (32, 1, 1)
    assert result.counts is not None and result.counts.cables_by_medium() == {"copper": 32}
    assert result.transceivers == 0
    # no DC-NET-002 speed check off compute; SN2201 power is an estimate, so no DC-NET-007 either
    assert [d.code for d in net(compilation)] == [], "no speed check off compute"


def test_dc_net_007_switch_without_power() -> None:
    found = net(
        compile_design(
            "topology = rail_optimized  endpoints = H1.gpus  switch = q3400",
            server="dgx_b300",
            racks=18,
        )
    )
    assert [d.code for d in found] == ["DC-NET-007"]
    assert found[0].severity is Severity.NOTE and "`q3400`" in found[0].message


# --- topology outputs ------------------------------------------------------------------------------


def _h100() -> FabricResult:
    compilation = compile_file(H100_4SU.relative_to(Path.cwd()))
    assert compilation.results is not None
    return compilation.results.fabrics["compute"]


def test_topology_dot_golden_and_deterministic() -> None:
    result = _h100()
    dot = topology.fabric_dot(result)
    assert dot == topology.fabric_dot(_h100())
    check_golden(GOLDEN / "fabric" / "superpod-h100-4su.dot", dot)


def test_topology_json_holds_groups_and_the_switch_graph() -> None:
    doc = json.loads(topology.fabric_json(_h100()))
    assert doc["summary"]["switches"] == 48
    assert [t["switches"] for t in doc["switch_tiers"]] == [32, 16]
    assert sum(link["links"] for link in doc["links"]) == 2044
    graph = doc["switch_graph"]
    assert graph["connected"] is True
    assert len(graph["switches"]) == 48
    # every leaf meets every spine with 32/16 = 2 links
    assert {link["links"] for link in graph["links"]} == {2}
    assert len(graph["links"]) == 32 * 16
    assert graph["bisection_gbps_min_cut"] == doc["bisection_gbps"] == 508 * 400


def test_topology_of_100k_gpus_is_grouped() -> None:
    counts = size(spec(endpoints=100_000, topology="rail_optimized", planes=2))
    result = _result(counts, "big")
    doc = topology.fabric_document(result)
    assert doc["switch_graph"] is None and "7,820 switches" in doc["switch_graph_omitted"]
    su_groups = [g for g in doc["groups"] if g["tier"] == "nodes"]
    assert [(g["su"], g["instances"]) for g in su_groups] == [
        ("SU 1–390 (×390 identical)", 390),
        ("SU 391", 1),
    ]
    node_links = sum(link["links"] for link in doc["links"] if link["from"].endswith(".nodes"))
    assert node_links == 100_000
    assert len(topology.fabric_dot(result).splitlines()) < 40


def test_svg_with_and_without_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _h100()
    files, notes = topology.fabric_files(result)
    assert set(files) >= {"fabric-compute.dot", "fabric-compute.json"}
    if "fabric-compute.svg" in files:
        assert str(files["fabric-compute.svg"]).lstrip().startswith("<?xml")
    monkeypatch.setattr("shutil.which", lambda name: None)
    files, notes = topology.fabric_files(result)
    assert "fabric-compute.svg" not in files
    assert [d.code for d in notes] == ["DC-NET-008"]
    assert "Graphviz `dot` program is missing" in notes[0].message
    built = topology.emitter(compile_file(H100_4SU.relative_to(Path.cwd())))
    assert set(built) == {"fabric-compute.dot", "fabric-compute.json"}


def test_unsized_fabric_still_emits() -> None:
    compilation = compile_design("topology = leaf_spine  endpoints = H1.gpus")
    assert compilation.results is not None
    result = compilation.results.fabrics["compute"]
    assert result.counts is None and result.summary()["switches"] == 0
    assert topology.fabric_dot(result).startswith("digraph")
    assert json.loads(topology.fabric_json(result))["problems"]


def test_all_in_port_price_replaces_part_prices() -> None:
    compilation = compile_design(
        "topology = rail_optimized  endpoints = H1.gpus  switch = qm9700  price_per_port = 8000 USD"
    )
    assert compilation.results is not None
    result = compilation.results.fabrics["compute"]
    priced = [i for i in result.items if i.unit_price_usd is not None]
    assert [i.role for i in priced] == ["switch ports (all-in)"]
    assert priced[0].quantity == result.switches * 64
    assert result.capex_usd == 8000 * result.switches * 64


def test_counts_are_attrs_and_frozen() -> None:
    counts = size(spec())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        counts.tiers = 5  # type: ignore[misc]


def test_mlag_leaf_pairs_isl_and_uplinks_hand_worked() -> None:
    # In-band of the H100 SuperPOD: 270 node ports on 64-port leaves with 2 ISL ports and 4
    # uplinks each: d = 64 − 2 − 4 = 58; ⌈270/58⌉ = 5 leaves, paired → 6; 6 × 4 = 24 uplinks
    # need ⌈24/64⌉ = 1 spine, paired → 2; 3 pairs × 2 = 6 ISLs; 2 spines × 2 = 4 site uplinks.
    counts = size(
        FabricSpec(
            endpoints=270,
            radix=64,
            rails=2,
            port_speed_gbps=100.0,
            medium="mixed",
            leaf_pairs=True,
            isl=2,
            leaf_uplinks=4,
            uplinks=2,
        )
    )
    assert (counts.leaf_down, counts.leaf_up) == (58, 4)
    assert (counts.leaves, counts.spines) == (6, 2)
    assert [(t.name, t.links) for t in counts.link_tiers] == [
        ("node-leaf", 270),
        ("leaf-spine", 24),
        ("leaf-leaf (ISL)", 6),
        ("spine-uplink", 4),
    ]
    assert counts.cables == 304
    assert counts.uplink_modules == 4  # one single-port module at the fabric's end of each


def test_storage_targets_and_uplinks_in_use_hand_worked() -> None:
    # H100 SuperPOD storage: 254 DGX ports + 8 others at 4:3 on 64 ports: d = ⌊64·4/7⌋ = 36,
    # ⌈262/36⌉ = 8 leaves; each carries ⌈254/8⌉ = 32 DGX ports and cables ⌈32·3/4⌉ = 24
    # uplinks (192). 48 storage ports at 1:1 on ⌈48/32⌉ = 2 leaves of their own, 48 uplinks.
    # 240 uplinks: spines = smallest divisor of 24 ≥ ⌈240/64⌉ = 4 → 4.
    counts = size(
        FabricSpec(
            endpoints=254,
            radix=64,
            rails=2,
            port_speed_gbps=400.0,
            down=4,
            up=3,
            extra_ports=8,
            ufm_ports=4,
            uplinks_in_use=True,
            target_ports=48,
        )
    )
    assert counts.oversubscription == "4:3"
    assert (counts.leaves, counts.spines) == (10, 4)
    assert counts.link("leaf-spine").links == 240  # type: ignore[union-attr]
    assert counts.link("storage-leaf").links == 48  # type: ignore[union-attr]
    assert counts.link("storage-leaf").medium == "aoc"  # type: ignore[union-attr]
    assert counts.cables == 262 + 240 + 48
    assert counts.ufm_modules == 4
    # Switch modules: DGX leaves 262 + 192 = 454 ends on 8 leaves (6 × 57, 2 × 56 → 6 × 29 +
    # 2 × 28 = 230), storage leaves 48 uplink ends (2 × 12 = 24), spines 240 (4 × 30 = 120).
    assert counts.switch_modules == 230 + 24 + 120
