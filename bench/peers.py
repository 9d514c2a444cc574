"""The same flattened cluster written for the peers of `dcc`, and each peer timed reading it.

`bench/generate.py` writes a flattened design: one `device` block per node, four nodes to a
rack, each with a position, a serial and a power figure. Here the same racks and nodes are
written as

- **YAML** (`bench/generate.py`'s `flattened_yaml`, also read by bench/flattened.py), read by
  PyYAML's C loader
  (`yaml.load(..., Loader=yaml.CSafeLoader)`): the floor for reading this much structured text
  in Python;
- **HCL** (`rack "r00001" { device "n000001" { … } }`), read by python-hcl2 (`hcl2.load`);
- a **RacksDB** database (node and rack types, one datacenter room with rows of 20 racks, one
  infrastructure whose layout puts each node in its rack and slot), loaded by RacksDB and asked
  where every node sits (its rack, row and room, and its position in the rack).

Each peer runs as its own process (`python -c …`), as `dcc check` does, so start-up counts on
both sides, with `PYTHONDONTWRITEBYTECODE` unset (bench/processes.py: byte code cached, as for
an installed package). Peers that are not installed are reported as such (`make bench` installs them: the
`bench` extra, and RacksDB without its drawing libraries).
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import _racks as racks_of  # noqa: E402
from bench.generate import flattened_design, flattened_yaml  # noqa: E402
from bench.processes import ENV  # noqa: E402

PER_RACK = 4
RACKS_PER_ROW = 20


def _racks(nodes: int) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """(rack number, its (slot index, node number)s), as bench/generate.py numbers them."""
    return racks_of(nodes, PER_RACK)


def _slot(index: int) -> int:
    return index * 10 + 2  # the position in U of the node's bottom, as generate.py writes it


def hcl_text(nodes: int) -> str:
    out = [
        'design "flat" {\n  electricity_usd_per_kwh = 0.08\n}',
        'part "dgx" {\n  kind = "server"\n  gpus = 8\n  power_max_kw = 10.2\n  height_u = 8\n'
        "  nics = 8\n}",
        'hall "H1" {',
    ]
    for rack, members in _racks(nodes):
        out.append(f'  rack "r{rack:05d}" {{')
        out.append("    height_u = 48")
        for index, node in members:
            out.append(
                f'    device "dgx" "n{node:06d}" {{\n      position_u = {_slot(index)}\n'
                f'      serial = "SN{node:08d}"\n      power_max_kw = 10.2\n    }}'
            )
        out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def racksdb_text(nodes: int) -> str:
    """A one-file RacksDB database (its schema 0.7) with the same racks and nodes."""
    racks = list(_racks(nodes))
    out = [
        "types:",
        "  nodes:",
        "  - id: dgx",
        "    model: 8-GPU server",
        "    height: 8u",
        "    width: full",
        "    cpu: {model: x86 CPU, sockets: 2, cores: 56}",
        "    ram: {dimm: 32, size: 64GB}",
        "    gpu:",
        "    - {model: 8-way GPU board, memory: 80GB}",
        "  racks:",
        "  - id: r48",
        "    height: 2200mm",
        "    width: 600mm",
        "    depth: 1200mm",
        "    slots: 48u",
        "datacenters:",
        "- name: dc",
        "  rooms:",
        "  - name: H1",
        "    dimensions:",
        f"      width: {RACKS_PER_ROW * 0.6 + 4:.1f}m",
        f"      depth: {(len(racks) // RACKS_PER_ROW + 1) * 3 + 2}m",
        "    rows:",
    ]
    for row_start in range(0, len(racks), RACKS_PER_ROW):
        row = racks[row_start : row_start + RACKS_PER_ROW]
        out += [
            f"    - name: row{row_start // RACKS_PER_ROW + 1:04d}",
            "      position:",
            "        width: 2m",
            f"        depth: {row_start // RACKS_PER_ROW * 3 + 1}m",
            "      racks:",
        ]
        out += [f"      - name: r{rack:05d}\n        type: r48" for rack, _ in row]
    out += ["infrastructures:", "- name: flat", "  description: flattened cluster", "  layout:"]
    for rack, members in racks:
        out.append(f"  - rack: r{rack:05d}")
        out.append("    nodes:")
        for index, node in members:
            out.append(f"    - name: n{node:06d}\n      type: dgx\n      slot: {_slot(index)}")
    return "\n".join(out) + "\n"


# What each peer runs on its file (``sys.argv[1]``), printing a count to show it read it all.
PEER_CODE = {
    "pyyaml": (
        "import sys, yaml\n"
        "data = yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
        "print(sum(len(r['devices']) for h in data['halls'] for r in h['racks']))\n"
    ),
    "hcl2": (
        "import sys, hcl2\n"
        "data = hcl2.load(open(sys.argv[1], encoding='utf-8'))\n"
        "print(sum(len(r[k]['device']) for h in data['hall'] for v in h.values()"
        " for r in v['rack'] for k in r))\n"
    ),
    "racksdb": (
        "import sys\n"
        "from racksdb import RacksDB\n"
        "db = RacksDB.load(schema=RacksDB.DEFAULT_SCHEMA, ext=None, db=sys.argv[1])\n"
        "n = 0\n"
        "for node in db.nodes:\n"
        "    n += bool(node.rack.name and node.position.height)\n"
        "print(n)\n"
    ),
}

PEER_MODULE = {"pyyaml": "yaml", "hcl2": "hcl2", "racksdb": "racksdb"}
PEER_NAME = {
    "pyyaml": "PyYAML (C loader)",
    "hcl2": "python-hcl2",
    "racksdb": "RacksDB",
}


def installed(peer: str) -> bool:
    if importlib.util.find_spec(PEER_MODULE[peer]) is None:
        return False
    if peer == "pyyaml":
        import yaml

        return bool(getattr(yaml, "__with_libyaml__", False))
    return True


def write_inputs(nodes: int, folder: Path) -> dict[str, Path]:
    """The peers' input files for ``nodes`` nodes in ``folder``."""
    paths = {
        "pyyaml": folder / f"flat-{nodes}.yaml",
        "hcl2": folder / f"flat-{nodes}.hcl",
        "racksdb": folder / f"racksdb-{nodes}.yml",
    }
    paths["pyyaml"].write_text(flattened_yaml(nodes, PER_RACK), encoding="utf-8")
    paths["hcl2"].write_text(hcl_text(nodes), encoding="utf-8")
    paths["racksdb"].write_text(racksdb_text(nodes), encoding="utf-8")
    return paths


@attrs.frozen
class Figure:
    """Medians of several runs of one process: wall and CPU seconds."""

    wall: float
    cpu: float
    runs: int
    note: str = ""  # why there is no figure (not installed, failed, over the time limit)

    @property
    def measured(self) -> bool:
        return not self.note

    def text(self) -> str:
        if not self.measured:
            return self.note
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s cpu ({self.runs} runs)"


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def time_process(
    command: list[str], repeat: int, limit_s: float, expect: str | None = None
) -> Figure:
    """Run ``command`` ``repeat`` times; medians of wall and CPU time (user + system)."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), _children_cpu()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=limit_s, env=ENV)
        except subprocess.TimeoutExpired:
            return Figure(0, 0, 0, f"not finished in {limit_s:.0f} s (stopped)")
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - started_cpu)
        if expect is not None and done.stdout.strip() != expect:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return Figure(0, 0, 0, f"failed: {last[:120]}")
    return Figure(statistics.median(walls), statistics.median(cpus), len(walls))


@attrs.frozen
class Row:
    figure: str
    nodes: int
    dcc_what: str
    dcc: Figure
    peer: str
    peer_what: str
    peer_figure: Figure
    dcc_bytes: int = 0
    peer_bytes: int = 0

    @property
    def ratio(self) -> str:
        """dcc's CPU time over the peer's (below 1: dcc is faster)."""
        if not (self.dcc.measured and self.peer_figure.measured) or self.peer_figure.cpu <= 0:
            return "–"
        return f"{self.dcc.cpu / self.peer_figure.cpu:.2f}×"


# (figure, peer, node counts, runs, time limit per run in s). RacksDB's load grows faster than
# the node count (1,000 nodes about 5 s, 2,500 about 35 s here), so it runs on smaller sizes.
CASES = (
    ("read and check a flattened design", "pyyaml", (1_000, 12_500), 5, 120.0),
    ("read and check a flattened design", "hcl2", (1_000, 12_500), 3, 180.0),
    ("layout: every node in its rack, row and room", "racksdb", (1_000, 2_500), 3, 180.0),
)

PEER_WHAT = {
    "pyyaml": "`yaml.load(f, Loader=yaml.CSafeLoader)` of the same data as YAML",
    "hcl2": "`hcl2.load(f)` of the same data as HCL",
    "racksdb": "`RacksDB.load` of the same racks and nodes, then each node's rack and position",
}


def side_by_side(repeat_scale: float = 1.0) -> list[Row]:
    """Every case: `dcc check` of the flattened design and the peer on the same data, each as
    a process, medians of several runs. ``repeat_scale`` < 1 runs fewer repeats."""
    rows: list[Row] = []
    dcc_figures: dict[int, Figure] = {}
    with tempfile.TemporaryDirectory(prefix="dcc-peers-") as scratch:
        folder = Path(scratch)
        for figure, peer, sizes, repeat, limit in CASES:
            runs = max(1, round(repeat * repeat_scale))
            for nodes in sizes:
                design = folder / f"flat-{nodes}.dc"
                if not design.exists():
                    design.write_text(flattened_design(nodes), encoding="utf-8")
                    write_inputs(nodes, folder)
                if nodes not in dcc_figures:
                    check = [sys.executable, "-m", "dcdsl.cli", "check", str(design)]
                    dcc_figures[nodes] = time_process(check, max(runs, 3), limit)
                path = folder / _INPUT[peer].format(nodes=nodes)
                if not installed(peer):
                    measured = Figure(0, 0, 0, "not installed (`make bench` installs it)")
                else:
                    command = [sys.executable, "-c", PEER_CODE[peer], str(path)]
                    measured = time_process(command, runs, limit, expect=str(nodes))
                rows.append(
                    Row(
                        figure,
                        nodes,
                        "`dcc check` of the flattened design",
                        dcc_figures[nodes],
                        PEER_NAME[peer],
                        PEER_WHAT[peer],
                        measured,
                        design.stat().st_size,
                        path.stat().st_size,
                    )
                )
                print(
                    f"{figure}, {nodes:,} nodes: dcc {dcc_figures[nodes].text()}; "
                    f"{PEER_NAME[peer]} {measured.text()}"
                )
    return rows


_INPUT = {
    "pyyaml": "flat-{nodes}.yaml",
    "hcl2": "flat-{nodes}.hcl",
    "racksdb": "racksdb-{nodes}.yml",
}


def _mib(size: int) -> str:
    return f"{size / 2**20:.2f} MiB"


def markdown(rows: list[Row]) -> list[str]:
    """One table: each figure of `dcc check` next to its peer's on the same nodes."""
    lines = [
        "| figure | nodes | `dcc check` of the flattened .dc (whole process) | peer | "
        "peer on the same data (whole process) | dcc cpu ÷ peer cpu |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.figure} | {row.nodes:,} | {row.dcc.text()}; {_mib(row.dcc_bytes)} | "
            f"{row.peer}: {row.peer_what} | {row.peer_figure.text()}; {_mib(row.peer_bytes)} | "
            f"{row.ratio} |"
        )
    return lines


if __name__ == "__main__":
    print(json.dumps({peer: installed(peer) for peer in PEER_CODE}))
    print("\n".join(markdown(side_by_side(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))))
