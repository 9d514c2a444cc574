"""Every row of NVIDIA's DGX SuperPOD compute-fabric tables (domain.md §3), computed from inputs.

Inputs are what a designer states (nodes or SUs, rails, switch radix, reserved node slots, UFM
ports); every count is computed by ``dcdsl.analysis.fabric.size`` and compared with the table.
"""

from __future__ import annotations

import pytest

from dcdsl.analysis.fabric import FabricCounts, FabricSpec, size

QM9700 = {"radix": 64, "port_speed_gbps": 400.0}  # Quantum-2 NDR: 64 × 400G
Q3400 = {"radix": 144, "port_speed_gbps": 800.0}  # Quantum-X800 XDR: 144 × 800G
RAILS = 8  # 8 GPUs, 8 NICs per DGX node


def superpod(nodes: int, switch: dict[str, float], **kw: object) -> FabricCounts:
    spec = FabricSpec(
        endpoints=nodes * RAILS,
        topology="rail_optimized",
        rails=RAILS,
        radix=int(switch["radix"]),
        port_speed_gbps=switch["port_speed_gbps"],
        **kw,  # type: ignore[arg-type]
    )
    return size(spec)


# H100 / B200 RA, Table 4: SUs of 32 nodes, one node given up for UFM, 4 UFM ports.
# (SU, nodes, GPUs, leaves, spines, node+UFM cables, leaf-spine cables)
H100_TABLE_4 = [
    (1, 31, 248, 8, 4, 252, 256),
    (2, 63, 504, 16, 8, 508, 512),
    (3, 95, 760, 24, 16, 764, 768),
    (4, 127, 1016, 32, 16, 1020, 1024),
]


@pytest.mark.parametrize("row", H100_TABLE_4, ids=lambda r: f"{r[0]}SU")
def test_h100_b200_table_4(row: tuple[int, ...]) -> None:
    su, nodes, gpus, leaves, spines, node_cables, leaf_spine_cables = row
    counts = superpod(nodes, QM9700, nodes_per_su=32, reserved_nodes=1, extra_ports=4)
    assert counts.scalable_units == su
    assert counts.endpoints == gpus
    assert counts.tiers == 2
    assert (counts.leaves, counts.spines, counts.cores) == (leaves, spines, 0)
    assert counts.link("node-leaf").links == node_cables  # type: ignore[union-attr]
    assert counts.link("leaf-spine").links == leaf_spine_cables  # type: ignore[union-attr]
    assert counts.oversubscription == "1:1"
    assert not counts.limit_exceeded and counts.leaf_ports_short == 0


# B200 RA, full 32-node SUs over two tiers: (SU, GPUs, leaves, spines). 8 SU = r²/2 = 2,048.
B200_TWO_TIER = [(2, 512, 16, 8), (4, 1024, 32, 16), (8, 2048, 64, 32)]


@pytest.mark.parametrize("row", B200_TWO_TIER, ids=lambda r: f"{r[0]}SU")
def test_b200_two_tier(row: tuple[int, ...]) -> None:
    su, gpus, leaves, spines = row
    counts = superpod(su * 32, QM9700)
    assert counts.endpoints == gpus
    assert counts.tiers == 2
    assert (counts.scalable_units, counts.leaves, counts.spines) == (su, leaves, spines)
    assert counts.link("leaf-spine").links == leaves * 32  # type: ignore[union-attr]


# B200 RA, three tiers: (SU, GPUs, leaves, spines, cores, cables per tier)
B200_THREE_TIER = [
    (16, 4096, 128, 128, 64, 4096),
    (32, 8192, 256, 256, 128, 8192),
    (64, 16384, 512, 512, 256, 16384),
]


@pytest.mark.parametrize("row", B200_THREE_TIER, ids=lambda r: f"{r[0]}SU")
def test_b200_three_tier(row: tuple[int, ...]) -> None:
    su, gpus, leaves, spines, cores, cables = row
    counts = superpod(su * 32, QM9700)
    assert counts.endpoints == gpus
    assert counts.tiers == 3, "past r²/2 = 2,048 GPUs the SuperPOD adds a core tier"
    assert (counts.leaves, counts.spines, counts.cores) == (leaves, spines, cores)
    assert [t.links for t in counts.link_tiers] == [cables, cables, cables]
    assert [t.name for t in counts.link_tiers] == ["node-leaf", "leaf-spine", "spine-core"]
    # Ports in use: 5N switch ports (N leaf down, 2N leaf-spine, 2N spine-core) + N HCA ports.
    assert sum(t.link_ends for t in counts.switch_tiers) == 5 * gpus


# B300-XDR RA on Q3400 (r = 144), 72-node SUs: (SU, nodes, leaves, spines, cables per tier)
B300_XDR = [
    (1, 72, 8, 4, 576),
    (2, 144, 16, 8, 1152),
    (4, 288, 32, 18, 2304),
    (8, 576, 64, 36, 4608),
    (18, 1296, 144, 72, 10368),
]


@pytest.mark.parametrize("row", B300_XDR, ids=lambda r: f"{r[0]}SU")
def test_b300_xdr_q3400(row: tuple[int, ...]) -> None:
    su, nodes, leaves, spines, cables = row
    counts = superpod(nodes, Q3400)
    assert counts.nodes_per_su == 72, "defaults to the leaf's downlink ports, r/2"
    assert counts.tiers == 2
    assert (counts.scalable_units, counts.leaves, counts.spines) == (su, leaves, spines)
    assert counts.link("node-leaf").links == cables  # type: ignore[union-attr]
    assert counts.link("leaf-spine").links == cables  # type: ignore[union-attr]


def test_b300_18_su_gpu_count_is_computed_not_copied() -> None:
    """NVIDIA's table prints 9,216 GPUs for 18 SU; 1,296 nodes × 8 GPUs is 10,368."""
    counts = superpod(18 * 72, Q3400)
    assert counts.endpoints == 10_368
    assert counts.endpoints != 9_216
    assert counts.endpoints == 144**2 // 2, "18 SU is exactly the two-tier limit r²/2"


def test_spine_rule_picks_divisors_of_uplinks() -> None:
    """3 SU on QM9700 needs 12 spines by ports but gets 16; 4 SU on Q3400 needs 16 but gets 18."""
    three = superpod(95, QM9700, nodes_per_su=32, reserved_nodes=1, extra_ports=4)
    assert three.spines == 16 and 32 % three.spines == 0
    assert three.tier("spine").ports_used == 48  # type: ignore[union-attr]  # 24 leaves × 2 links
    four = superpod(288, Q3400)
    assert four.spines == 18 and 72 % four.spines == 0
    assert four.tier("spine").ports_used == 128  # type: ignore[union-attr]  # 32 leaves × 4
