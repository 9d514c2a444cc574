"""designs/superpod-h100-4su.dc against the NVIDIA DGX SuperPOD reference architecture.

Source: "NVIDIA DGX SuperPOD: Next Generation Scalable Infrastructure for AI Leadership,
Reference Architecture featuring DGX H100 systems", RA-11333-001 V11 (2023-09-22), Appendix A:
Table 7 ("Major components of the 4 SU, 127-node DGX SuperPOD") and Table 8 ("Estimate of cables
required for a 4 SU, 127-node DGX SuperPOD"). Both are for 4 SUs only: the RA gives per-SU counts
for the compute fabric alone (Table 4, tests/test_fabric_golden.py).

Every dcc figure below is computed from the design's inputs (servers and their ports, racks, rack
PDUs, storage devices, the switch parts and each fabric's shape) and asserted equal to the RA's:
nodes, switches and cables of all four networks, with no tolerance. Three counts are the RA's
choices rather than what the ports need, and are inputs of the design: 4 storage-side leaves
(`target_leaves`), 8 OOB switches (`leaves`) and 3 N+1 rack PDUs per DGX rack
(`pdu_redundancy`); each test says so where it applies. Two RA figures are not fabric links in
dcc: Table 8's 2 UFM back-to-back cables (appliance to appliance), and Table 7's 5th management
server (Table 8 cables 4).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dcdsl.analysis.fabric import FabricResult
from dcdsl.pipeline import Compilation, compile_file

DESIGN = Path(__file__).resolve().parent.parent / "designs" / "superpod-h100-4su.dc"


@pytest.fixture(scope="module")
def pod() -> Compilation:
    compilation = compile_file(DESIGN)
    assert not [d for d in compilation.diagnostics if d.severity.name == "ERROR"]
    return compilation


def fabric(pod: Compilation, name: str) -> FabricResult:
    return pod.results.fabrics[name]


def links(pod: Compilation, name: str, tier: str) -> int:
    counts = fabric(pod, name).counts
    assert counts is not None
    found = counts.link(tier)
    return found.links if found else 0


def placed(pod: Compilation, part: str, role: str = "device") -> int:
    """Units of a part placed in racks (device or rack_pdu)."""
    total = 0
    for rack in pod.results.load.racks:
        for use in rack.group.all_contents():
            if use.part.name == part and use.role == role:
                total += use.count * rack.group.count
    return total


# --- Table 7: major components ---------------------------------------------------------------


def test_table_7_racks_nodes_and_management(pod: Compilation) -> None:
    assert sum(r.group.count for r in pod.results.load.racks) == 38  # 38 racks
    assert placed(pod, "dgx_h100") == 127  # 127 DGX H100
    assert placed(pod, "ufm_appliance") == 4  # 4 UFM appliances
    # Table 7 lists 5 management servers; Table 8 cables 4 (8 in-band, 4 storage and, with the
    # 4 UFM appliances, 8 out-of-band cables). The design follows the cables: 4.
    assert placed(pod, "mgmt_server") == 4
    # The storage Table 8 cables (its note 2: the storage is the customer's choice), placed as
    # estimates: 12 appliances of 4 storage-fabric ports, 4 NFS servers of 2 in-band ports.
    assert placed(pod, "ra_storage") == 12
    assert placed(pod, "nfs_server") == 4


def test_table_7_switch_counts(pod: Compilation) -> None:
    assert fabric(pod, "compute").switches == 48  # compute fabric QM9700
    assert fabric(pod, "inband").switches == 8  # in-band SN4600C
    assert fabric(pod, "oob").switches == 8  # OOB SN2201 (`leaves = 8`: 7 hold the 315 ports)
    # Storage fabric: Table 7 lists 16 QM9700: 8 DGX leaves (32 DGX ports and 24 uplinks each,
    # "near 4:3"), 4 leaves for the 48 storage-side ports at 1:1 (`target_leaves = 4`: 12
    # storage ports and 12 uplinks each; 2 would hold them) and 4 spines for the 8 × 24 + 48 =
    # 240 leaf–spine links of Table 8 (494 − 254), 60 on each 64-port spine.
    assert fabric(pod, "storage").switches == 16
    storage = fabric(pod, "storage").counts
    assert storage is not None
    assert (storage.leaves, storage.spines) == (8 + 4, 4)
    # The design's racks hold what dcc sizes: 48 + 16 = 64 InfiniBand switches.
    assert placed(pod, "qm9700") == 48 + 16 == 64
    assert placed(pod, "sn4600c") == 8
    assert placed(pod, "sn2201") == 8


def test_table_7_rack_pdus(pod: Compilation) -> None:
    # Table 7: 96 + 12 = 108 rack PDUs: 3 per DGX rack (`pdu_redundancy = N+1`: any two of the
    # 34.5 kW PDUs carry the 40.8 kW rack) and 2 per other rack.
    assert placed(pod, "pdu_415v_60a", "rack_pdu") == 32 * 3 + 6 * 2 == 108
    power = pod.results.power
    assert power is not None
    dgx = [f for f in power.racks if f.group.rack_type.name.startswith("dgx_rack")]
    assert dgx and all(f.pdus == 3 and f.pdus_per_feed == 2 for f in dgx)
    assert all(f.feed_capacity_kw and f.rack_kw <= f.feed_capacity_kw for f in dgx)
    assert not [d for d in pod.diagnostics if d.code == "DC-POWER-003"]


# --- Table 8: cables ---------------------------------------------------------------------------


def test_table_8_compute_cables(pod: Compilation) -> None:
    # 2,040 NDR cables, DGX to leaf and leaf to spine; Table 4 adds the 4 UFM links: 1,020 + 1,024.
    assert links(pod, "compute", "node-leaf") - 4 + links(pod, "compute", "leaf-spine") == 2040
    assert fabric(pod, "compute").cables == 1020 + 1024
    counts = fabric(pod, "compute").counts
    assert counts is not None
    assert counts.switch_modules == 1536  # switch OSFP transceivers (every cage of 48 switches)
    assert counts.node_twin_modules == 508  # system OSFP transceivers, 4 per DGX
    assert counts.ufm_modules == 4  # UFM system transceivers


def test_table_8_storage_cables(pod: Compilation) -> None:
    node_leaf = links(pod, "storage", "node-leaf")
    # 494 NDR 400G cables, DGX to leaf and leaf to spine: 254 + 240.
    assert node_leaf - 2 - 4 == 254  # less 2 UFM splitter and 4 management-server cables
    assert links(pod, "storage", "leaf-spine") == 240
    assert node_leaf - 6 + links(pod, "storage", "leaf-spine") == 494
    assert links(pod, "storage", "storage-leaf") == 48  # 48 NDR 2 × 200G storage cables
    storage = fabric(pod, "storage").counts
    assert storage is not None and storage.spec.target_ports == 12 * 4  # the appliances' ports
    # 2 UFM splitter cables (`ufm = 2`: one 400G switch port → 2 × 200G each) and 4 HDR 400G →
    # 2 × 200G cables for the management servers: one switch port each.
    assert fabric(pod, "storage").counts.spec.extra_ports == 2 + 4  # type: ignore[union-attr]
    counts = fabric(pod, "storage").counts
    assert counts is not None
    assert counts.node_single_modules == 254  # DGX system transceivers (QSFP112)
    (dgx_side,) = [i for i in fabric(pod, "storage").items if i.part == "mma1z00_ns400"]
    assert dgx_side.quantity == 254  # 980-9I693-00NS00, MMA1Z00-NS400
    # Table 8: 494 + 48 + 2 UFM splitter cables + 4 management = 548.
    assert fabric(pod, "storage").cables == 494 + 48 + 2 + 4 == 548


def test_table_8_inband_cables(pod: Compilation) -> None:
    # 254 × 200G AOC to the DGX, 8 to the management nodes, 8 to the 4 NFS servers: 270 ports.
    assert links(pod, "inband", "node-leaf") == 254 + 8 + 8
    assert links(pod, "inband", "leaf-spine") == 24  # leaf-core cables
    assert links(pod, "inband", "leaf-leaf (ISL)") == 6  # ISL cables
    assert links(pod, "inband", "spine-uplink") == 4  # uplinks to the data-centre core
    assert fabric(pod, "inband").cables == 254 + 8 + 4 + 6 + 8 + 24


def test_table_8_oob_cables(pod: Compilation) -> None:
    # 1 GbE: 127 DGX, 64 InfiniBand switches, 8 management/UFM nodes, 8 in-band switches and 108
    # rack PDUs = 315 cables to the OOB switches. Table 8 also lists 2 UFM back-to-back cables,
    # which join two appliances and no switch: not a fabric link in dcc.
    ports = links(pod, "oob", "node-leaf")
    assert ports == 127 + 64 + 8 + 8 + 108 == 315
    assert links(pod, "oob", "leaf-uplink") == 16  # two 100G uplinks per OOB switch to in-band
    counts = fabric(pod, "oob").counts
    assert counts is not None
    assert counts.uplink_modules == 16


def test_storage_side_splitters_are_priced_as_aocs(pod: Compilation) -> None:
    # Table 8: 48 NDR 2 × 200G cables to storage, part 980-9I117-00H030 (MFA7U10-H030, an AOC).
    aoc = [line for line in pod.results.cost.bom if line.part.startswith("aoc cable")]
    assert sum(line.quantity for line in aoc) == 48
    assert all("mfa7u10_h030" in line.description and line.unit_price_usd for line in aoc)
