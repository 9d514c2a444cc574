"""Storage systems placed in racks are a storage fabric's target side, and a part with
`mgmt_ports = 0` takes no out-of-band port (docs/fabrics.md, the four SuperPOD networks).

Hand-worked: 8 DGX H100 (2 storage ports each = 16) on 64-port QM9700 leaves at 1:1 (32 down,
32 up: 1 leaf); 3 storage appliances of 4 ports = 12 target ports, at 1:1 on leaves of their
own: ⌈12 / 32⌉ = 1 target leaf, or 2 with `target_leaves = 2` (6 down, 6 up each).
"""

from __future__ import annotations

import pytest

from dcdsl.export.objects import object_sets
from dcdsl.pipeline import Compilation, compile_text


def compile_pod(target_leaves: int = 0, mgmt_ports: int | None = None) -> Compilation:
    leaves = f"target_leaves = {target_leaves}" if target_leaves else ""
    mgmt = f"mgmt_ports = {mgmt_ports}" if mgmt_ports is not None else ""
    text = f"""
design "x" {{}}
import "std/nvidia"
import "std/facility"
import "std/storage"
part store {{
  extends       = pfs_flash
  storage_ports = 4
  {mgmt}
}}
rack_type gpu {{
  height = 48 U
  device dgx_h100 * 4
  rack_pdu pdu_415v_60a * 4
}}
rack_type net {{
  height = 48 U
  device qm9700 * 4
  device sn2201
  device store * 3
  rack_pdu pdu_415v_60a * 2
}}
hall "H1" {{
  rack gpu * 2
  rack net
}}
fabric "storage" {{
  kind      = storage
  topology  = leaf_spine
  endpoints = H1.nodes
  switch    = qm9700
  {leaves}
}}
fabric "oob" {{
  kind      = oob
  topology  = leaf_spine
  tiers     = 1
  endpoints = H1.nodes
  switch    = sn2201
}}
"""
    compilation = compile_text(text, "x.dc")
    assert compilation.results is not None
    return compilation


def test_storage_systems_are_the_target_ports() -> None:
    counts = compile_pod().results.fabrics["storage"].counts  # type: ignore[union-attr]
    assert counts is not None
    assert counts.spec.target_ports == 3 * 4
    assert counts.spec.extra_ports == 0  # not on the DGX leaves
    assert counts.link("node-leaf").links == 8 * 2  # type: ignore[union-attr]
    assert counts.link("storage-leaf").links == 12  # type: ignore[union-attr]
    assert counts.target_leaves == 1 and counts.leaves == 1 + 1


@pytest.mark.parametrize("wanted", [2, 3])
def test_target_leaves_ask_for_more_leaves_and_keep_the_cables(wanted: int) -> None:
    counts = compile_pod(target_leaves=wanted).results.fabrics["storage"].counts  # type: ignore[union-attr]
    assert counts is not None
    assert counts.target_leaves == wanted and counts.leaves == 1 + wanted
    assert counts.link("storage-leaf").links == 12  # type: ignore[union-attr]
    # the DGX leaf's 32 uplinks (all of them: the full leaf is built) and 12 target uplinks
    assert counts.link("leaf-spine").links == 32 + 12  # type: ignore[union-attr]


def test_the_export_cables_the_storage_on_the_target_leaves() -> None:
    sets = object_sets(compile_pod(target_leaves=2))
    cables = [c for c in sets.records("cables") if c["label"].startswith("storage-storage-leaf")]
    assert len(cables) == 12
    ends = [(c["a_terminations"][0].device, c["b_terminations"][0].device) for c in cables]
    # 6 on each target leaf (the 2nd and 3rd storage switches), store by store, 4 ports each
    rack = "H1-H1-03"  # the third rack of hall H1
    assert [leaf for _, leaf in ends] == [f"{rack}-qm9700-2"] * 6 + [f"{rack}-qm9700-3"] * 6
    assert [store for store, _ in ends][:5] == [f"{rack}-store-1"] * 4 + [f"{rack}-store-2"]
    assert "storage storage-leaf" not in sets.uncabled()


def test_a_part_without_a_management_port_takes_no_oob_port() -> None:
    # 8 BMCs, the storage fabric's 3 switches (a DGX leaf, a target leaf, a spine), 10 rack
    # PDUs (4 + 4 + 2) and the 3 storage appliances, which `mgmt_ports = 0` takes out.
    managed = compile_pod().results.fabrics["oob"].counts  # type: ignore[union-attr]
    unmanaged = compile_pod(mgmt_ports=0).results.fabrics["oob"].counts  # type: ignore[union-attr]
    assert managed is not None and unmanaged is not None
    with_stores = managed.link("node-leaf").links  # type: ignore[union-attr]
    assert with_stores == 8 + 3 + (4 + 4 + 2) + 3
    assert unmanaged.link("node-leaf").links == with_stores - 3  # type: ignore[union-attr]
