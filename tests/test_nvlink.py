"""NVLink domains as a fabric kind (docs/checks.md, "NVLink domains"): an NVL72 rack is one
72-GPU domain on 18 NVLink switch chips, with no cables outside the rack."""

from __future__ import annotations

from pathlib import Path

from dcdsl.pipeline import Compilation, compile_file, compile_text

ROOT = Path(__file__).resolve().parent.parent

ONE_RACK = """
design "nvl" { }
import "std/nvidia"
rack_type nvl72 { height = 48 U  cooling = direct_to_chip  device gb200_nvl72 }
hall "H1" { rack nvl72 * RACKS }
fabric "nvlink" { kind = nvlink  endpoints = H1.gpus }
"""


def compiled(racks: int = 1, extra: str = "") -> Compilation:
    text = ONE_RACK.replace("RACKS", str(racks)) + extra
    compilation = compile_text(text, "nvl.dc")
    assert compilation.model is not None, [d.message for d in compilation.diagnostics]
    assert not [d for d in compilation.diagnostics if d.code == "DC-INTERNAL-001"]
    return compilation


def test_one_nvl72_rack_by_hand() -> None:
    result = compiled().results.fabrics["nvlink"]
    counts = result.nvlink
    assert counts is not None
    assert counts.gpus == 72
    assert counts.domains == 1 and counts.gpus_per_domain == 72
    assert counts.switch_trays == 9 and counts.switch_chips == 18  # 9 trays × 2 chips
    assert counts.links == 72 * 18  # one NVLink 5 link from each GPU to each chip
    (group,) = counts.groups
    assert group.ports_needed == 1296 and group.ports_available == 18 * 72
    summary = result.summary()
    assert summary["cables"] == 0 and summary["transceivers"] == 0
    assert result.power_kw == 0.0 and result.items == []  # inside the rack part


def test_the_su_design() -> None:
    comp = compile_file(ROOT / "designs" / "gb200-nvl72-su.dc")
    assert comp.model is not None
    assert not [d for d in comp.diagnostics if d.is_error], [
        d.message for d in comp.diagnostics if d.is_error
    ]
    nvlink = comp.results.fabrics["nvlink"].summary()
    assert (nvlink["domains"], nvlink["gpus_per_domain"], nvlink["switches"]) == (8, 72, 144)
    compute = comp.results.fabrics["compute"]
    # 576 NICs on 64-port leaves, 32 down: 18 leaves; 576 uplinks / 64 → 9 → divisor of 32: 16
    assert (compute.counts.leaves, compute.counts.spines) == (18, 16)
    assert comp.results.layout.cabling.get("nvlink") is None  # no cables outside the rack


def test_a_domain_larger_than_its_switch_ports() -> None:
    extra = """
part nvl144 { extends = gb200_nvl72  gpus = 144  nvlink_domain = 144 }
rack_type big { height = 48 U  cooling = direct_to_chip  device nvl144 }
hall "H2" { rack big }
fabric "nvlink2" { kind = nvlink  endpoints = H2.gpus }
"""
    comp = compiled(extra=extra)
    (d,) = [d for d in comp.diagnostics if d.code == "DC-NET-009"]
    assert "144 GPUs × 18 links needs 2,592 switch ports; its 18 chips × 72 ports have 1,296" in (
        d.message
    )


def test_partial_domain_is_a_warning() -> None:
    extra = """
part node8 { kind = server  gpus = 8  nvlink_domain = 72  power_max = 10 kW  height = 8 U }
rack_type r8 { height = 48 U  device node8 * 5 }
hall "H3" { rack r8 * 2 }
fabric "nv3" { kind = nvlink  endpoints = H3.gpus }
"""
    (d,) = [d for d in compiled(extra=extra).diagnostics if d.code == "DC-NET-010"]
    assert "80 GPUs of `node8` make 2 domains of 72; the last holds only 8" in d.message
