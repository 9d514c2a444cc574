"""Flattened designs against the PyYAML C-loader floor: the front end's benchmark (issue 19).

    python -m bench.flattened [--repeat N] [--quick]

A flattened design (``bench/generate.py``: one `device` block a node, four to a rack, as an
inventory export writes it) is checked by `dcc check` as a process, interleaved with loading
the same inventory as YAML with PyYAML's C loader (the least a Python tool that reads that data
can do; the safe C loader, as in bench/peers.py). Each case runs ``--repeat`` times; the table
gives medians of CPU time (user + system of the process, which load on the other core disturbs
least) and wall time, and the largest peak resident set (``ru_maxrss``). It also gives the
parser's own time and the bytes a node costs (tracemalloc, in this process). The table goes to
build/bench-flattened.md and to the generated section "flattened" of docs/performance.md;
`make bench` runs it as its part "flattened".
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs_section import replace_section  # noqa: E402
from bench.generate import flattened_design, flattened_yaml  # noqa: E402

SIZES = (12_500, 125_000)
# The same loader as bench/peers.py: the safe C loader, the least a reader of this data does.
YAML_FLOOR = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
FLOOR = "PyYAML CSafeLoader"


def _process(command: list[str]) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak RSS (MiB) of one run of ``command``."""
    # Byte-code cached, as an installed package is: a PYTHONDONTWRITEBYTECODE environment
    # would have every run compile the sources again (0.1 s of a small check).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def _commands(folder: Path, nodes: int) -> dict[str, list[str]]:
    design = folder / f"flat-{nodes}.dc"
    data = folder / f"flat-{nodes}.yaml"
    design.write_text(flattened_design(nodes), encoding="utf-8")
    data.write_text(flattened_yaml(nodes), encoding="utf-8")
    # The 125,000-node file (12 MB) is over the default file_size budget (8 MiB).
    check = [sys.executable, "-m", "dcdsl.cli", "check", str(design), "--limit", "file_size=1e8"]
    return {"dcc check": check, FLOOR: [sys.executable, "-c", YAML_FLOOR, str(data)]}


def process_rows(repeat: int, sizes: tuple[int, ...]) -> list[tuple[str, int, float, float, float]]:
    """(case, nodes, median CPU, median wall, peak RSS) for each case, runs interleaved."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for nodes in sizes:
            commands = _commands(Path(folder), nodes)
            runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
            for _ in range(repeat):
                for name, command in commands.items():
                    runs[name].append(_process(command))
            for name, results in runs.items():
                cpu = statistics.median(r[0] for r in results)
                wall = statistics.median(r[1] for r in results)
                rows.append((name, nodes, cpu, wall, max(r[2] for r in results)))
                print(
                    f"{name:<16} {nodes:>8,} nodes  cpu {cpu:6.2f} s  wall {wall:6.2f} s  "
                    f"peak {rows[-1][4]:6.0f} MiB"
                )
    return rows


def parser_figures(nodes: int = 12_500) -> dict[str, float]:
    """The parser alone, in this process: CPU time (best of 3), the tree's bytes a node and
    the peak while parsing (token table and tree), by tracemalloc."""
    from dcdsl.runtime import no_gc
    from dcdsl.syntax.parse import parse

    text = flattened_design(nodes)
    parse('design "warm" { }', "warm.dc")
    times = []
    for _ in range(3):
        with no_gc():
            start = time.process_time()
            parse(text, "flat.dc")
            times.append(time.process_time() - start)
    tracemalloc.start()
    module = parse(text, "flat.dc")
    tree, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del module
    return {"cpu": min(times), "tree": tree / nodes, "peak": peak / nodes}


def markdown(
    rows: list[tuple[str, int, float, float, float]], parser: dict[str, float]
) -> list[str]:
    """The table and the figures against the issue's targets."""
    by = {(name, nodes): (cpu, wall, rss) for name, nodes, cpu, wall, rss in rows}
    lines = ["| case | nodes | cpu | wall | peak RSS |", "|---|---|---|---|---|"]
    for name, nodes, cpu, wall, rss in rows:
        lines.append(f"| {name} | {nodes:,} | {cpu:.2f} s | {wall:.2f} s | {rss:.0f} MiB |")
    lines.append("")
    small, large = SIZES[0], SIZES[-1]
    if ("dcc check", small) in by and (FLOOR, small) in by:
        check, floor = by[("dcc check", small)], by[(FLOOR, small)]
        lines.append(
            f"- {small:,} nodes: `dcc check` is {check[0] / floor[0]:.2f}× the PyYAML floor in "
            f"CPU time ({check[1] / floor[1]:.2f}× in wall time); the target is 1.5×."
        )
    if ("dcc check", large) in by and ("dcc check", small) in by and large != small:
        big, check = by[("dcc check", large)], by[("dcc check", small)]
        lines.append(
            f"- {large:,} nodes: {big[0] / check[0]:.1f}× the {small:,}-node CPU time "
            f"(target ≤ 10×), {big[2]:.0f} MiB peak RSS (target ≤ 400 MiB)."
        )
    lines.append(
        f"- The parser alone ({small:,} nodes, in-process, best of 3): {parser['cpu']:.2f} s "
        f"CPU; the syntax tree holds {parser['tree']:,.0f} bytes a node, and parsing peaks at "
        f"{parser['peak']:,.0f} bytes a node (token table and tree; tracemalloc)."
    )
    return lines


def note() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Taken {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average {load} "
        "(1, 5, 15 min) at the end. Whole processes, interleaved; medians of CPU (user + system) "
        "and wall time, the largest peak RSS."
    )


def main(argv: list[str] | None = None) -> list[str]:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--quick", action="store_true", help="the 12,500-node case only")
    options.add_argument(
        "--table-json",
        action="store_true",
        help="print the table's lines as JSON on the last line and write nothing (bench/run.py)",
    )
    args = options.parse_args(argv)
    sizes = SIZES[:1] if args.quick else SIZES
    table = markdown(process_rows(args.repeat, sizes), parser_figures())
    if args.table_json:
        print(json.dumps(table))
        return table
    lines = [note(), "", *table]
    out = ROOT / "build" / "bench-flattened.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    performance = ROOT / "docs" / "performance.md"
    replace_section(performance, "flattened", lines)
    print("\n".join(lines))
    print(f"wrote {out} and the flattened section of {performance}")
    return lines


def run_in_process(repeat: int) -> list[str]:
    """The table from this module as its own process: a child's peak RSS (``ru_maxrss``) starts
    from its parent's peak when it was started (Linux's vfork + exec), and bench/run.py's own
    peak is that of its in-process figures, which would be reported as every child's."""
    command = [sys.executable, "-m", "bench.flattened", "--repeat", str(repeat), "--table-json"]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, check=True, text=True)
    lines: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return lines


if __name__ == "__main__":
    main()
