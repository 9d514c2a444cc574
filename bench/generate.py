"""Generate a flattened design: one block per node, as an export from a DCIM would look.

    python bench/generate.py 12500 > /tmp/flat.dc

Each rack holds four `device` blocks, each with a name, a position, a serial and a power
override — the shape of a per-node inventory, not a compact `* N` design.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator


def _racks(nodes: int, per_rack: int) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """(rack number, [(slot, node number), …]) for each rack, numbered from 1."""
    for first in range(0, nodes, per_rack):
        slots = range(min(per_rack, nodes - first))
        yield first // per_rack + 1, [(slot, first + slot + 1) for slot in slots]


def flattened_design(nodes: int, per_rack: int = 4) -> str:
    out = [
        'design "flat" { electricity = 0.08 USD/kWh }',
        "part dgx { kind = server  gpus = 8  power_max = 10.2 kW  height = 8 U  nics = 8 }",
        'hall "H1" {',
    ]
    for rack, slots in _racks(nodes, per_rack):
        out.append(f'  rack "r{rack:05d}" {{')
        out.append("    height = 48 U")
        for slot, node in slots:
            out.append(
                f'    device dgx "n{node:06d}" {{ position = {slot * 10 + 2} U  '
                f'serial = "SN{node:08d}"  power_max = 10.2 kW }}'
            )
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
    for rack, slots in _racks(nodes, per_rack):
        out += [f"  - name: r{rack:05d}", "    height: 48 U", "    devices:"]
        out += [
            f"    - {{part: dgx, name: n{node:06d}, position: {slot * 10 + 2} U, "
            f"serial: SN{node:08d}, power_max: 10.2 kW}}"
            for slot, node in slots
        ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(flattened_design(int(sys.argv[1]) if len(sys.argv) > 1 else 12500))
