"""Generate a flattened design: one block per node, as an export from a DCIM would look.

    python bench/generate.py 12500 > /tmp/flat.dc

Each rack holds four `device` blocks, each with a name, a position, a serial and a power
override — the shape of a per-node inventory, not a compact `* N` design.
"""

from __future__ import annotations

import sys


def flattened_design(nodes: int, per_rack: int = 4) -> str:
    out = [
        'design "flat" { electricity = 0.08 USD/kWh }',
        "part dgx { kind = server  gpus = 8  power_max = 10.2 kW  height = 8 U  nics = 8 }",
        'hall "H1" {',
    ]
    racks = (nodes + per_rack - 1) // per_rack
    node = 0
    for rack in range(racks):
        out.append(f'  rack "r{rack + 1:05d}" {{')
        out.append("    height = 48 U")
        for slot in range(per_rack):
            if node == nodes:
                break
            out.append(
                f'    device dgx "n{node + 1:06d}" {{ position = {slot * 10 + 2} U  '
                f'serial = "SN{node + 1:08d}"  power_max = 10.2 kW }}'
            )
            node += 1
        out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def flattened_yaml(nodes: int, per_rack: int = 4) -> str:
    """The same inventory as ``flattened_design`` in YAML (flow mappings, one line a node), the
    input of the PyYAML C-loader floor the flattened benchmarks compare with."""
    out = [
        "design: {name: flat, electricity: 0.08 USD/kWh}",
        "parts:",
        "  dgx: {kind: server, gpus: 8, power_max: 10.2 kW, height: 8 U, nics: 8}",
        "halls:",
        "- name: H1",
        "  racks:",
    ]
    racks = (nodes + per_rack - 1) // per_rack
    node = 0
    for rack in range(racks):
        out.append(f"  - name: r{rack + 1:05d}")
        out.append("    height: 48 U")
        out.append("    devices:")
        for slot in range(per_rack):
            if node == nodes:
                break
            out.append(
                f"    - {{part: dgx, name: n{node + 1:06d}, position: {slot * 10 + 2} U, "
                f"serial: SN{node + 1:08d}, power_max: 10.2 kW}}"
            )
            node += 1
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(flattened_design(int(sys.argv[1]) if len(sys.argv) > 1 else 12500))
