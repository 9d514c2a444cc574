"""Benchmarks (`make bench`): parse + elaboration of flattened designs; check of the examples;
issue 19's targets for whole processes (bench/targets.py); `dcc check` side by side with its
peers on the same data (bench/peers.py); the language server's change → diagnostics latency
(bench/lsp_latency.py).

Prints wall time (best of N), CPU time and peak memory (tracemalloc) for each case, and writes
them as markdown tables to build/bench-results.md (with the date, the machine and its load
average). The targets, flattened-designs (bench/flattened.py), peers and language-server tables are also
written into their generated sections of docs/performance.md (bench/docs_section.py), with the
same note on the machine.

    .venv/bin/python bench/run.py [--only figures|targets|flattened|peers|lsp ...] [--quick]

Every `dcc` process timed runs with `PYTHONDONTWRITEBYTECODE` unset (bench/processes.py): an
installed package has its byte code cached.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import flattened, lsp_latency, peers, targets  # noqa: E402
from bench.docs_section import replace_section  # noqa: E402
from bench.generate import flattened_design  # noqa: E402
from bench.processes import ENV, ENV_NOTE, is_loaded  # noqa: E402
from dcdsl.elaborate import elaborate_text  # noqa: E402
from dcdsl.pipeline import compile_file, compile_text  # noqa: E402
from dcdsl.syntax.parse import parse  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of the child processes it waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


ROWS: list[tuple[str, float, float, float, float]] = []  # case, best, median, cpu, peak MiB


def timed(label: str, fn: Callable[[], object], repeat: int = 3, child: bool = False) -> float:
    """Time ``fn``; ``child``: it runs a process, whose memory tracemalloc does not see."""
    times = []
    cpu = []
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), _cpu()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    best = min(times)
    ROWS.append((label, best, statistics.median(times), min(cpu), -1.0 if child else peak / 2**20))
    print(
        f"{label:<48} best {best:7.3f} s   median {statistics.median(times):7.3f} s   "
        f"cpu {min(cpu):7.3f} s   peak {peak / 2**20:7.1f} MiB"
    )
    return best


PARTS = ("figures", "targets", "flattened", "peers", "lsp")
LOADS: list[float] = []  # 1-minute load averages seen at the start and end of each part


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=PARTS, action="append", help="run only these parts")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (noisier figures)")
    options = parser.parse_args()
    # Every process started from here (the language server of bench/lsp_latency.py too) runs
    # with byte code cached, as an installed package does (bench/processes.py).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    parts = options.only or list(PARTS)
    peer_rows: list[peers.Row] = []
    lsp_rows: list[tuple[lsp_latency.Timing, lsp_latency.Whole]] = []
    flat_lines: list[str] = []
    target_lines: list[str] = []
    for part in parts:
        LOADS.append(os.getloadavg()[0])
        if part == "figures":
            figures()
        elif part == "targets":
            target_lines = targets.run_in_process(options.quick)
        elif part == "flattened":
            flat_lines = flattened.run_in_process(2 if options.quick else 3)
        elif part == "peers":
            peer_rows = peers.side_by_side(0.5 if options.quick else 1.0)
        else:
            lsp_rows = lsp_latency.run(edits=4 if options.quick else 10)
        LOADS.append(os.getloadavg()[0])
    write_table(ROOT / "build" / "bench-results.md", peer_rows, lsp_rows, target_lines)
    performance = ROOT / "docs" / "performance.md"
    if target_lines:
        replace_section(performance, "targets", [machine_note(), "", *target_lines])
        print(f"wrote the targets section of {performance}")
    if peer_rows:
        replace_section(performance, "peers", [machine_note(), "", *peers.markdown(peer_rows)])
        print(f"wrote the peers section of {performance}")
    if flat_lines:
        replace_section(performance, "flattened", [machine_note(), "", *flat_lines])
        print(f"wrote the flattened-designs section of {performance}")
    if lsp_rows:
        replace_section(performance, "lsp", [machine_note(), "", *lsp_table(lsp_rows)])
        print(f"wrote the language-server section of {performance}")


def machine_note() -> str:
    """When and where the figures were taken, and how loaded the machine was."""
    cores = os.cpu_count() or 1
    low, high = min(LOADS, default=0.0), max(LOADS, default=0.0)
    loaded = is_loaded(high)
    return (
        f"Taken {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on a {cores}-core "
        f"machine, Python {platform.python_version()}, 1-minute load average {low:.1f}–{high:.1f}"
        + (
            " during the run: **a loaded machine** (other work shared the cores), so wall times "
            "are noisy and CPU times (user + system of the process) are the better guide. "
            if loaded
            else " during the run (a quiet machine). "
        )
        + "Each figure is the median of the runs it states. "
        + ENV_NOTE
    )


def lsp_table(rows: list[tuple[lsp_latency.Timing, lsp_latency.Whole]]) -> list[str]:
    lines = [
        "| design | edit | change → diagnostics, median (wall) | worst | server cpu, median "
        "| whole compile, cpu | full garbage collection, cpu |",
        "|---|---|---|---|---|---|---|",
    ]
    for timing, whole in rows:
        lines.append(
            f"| {timing.design} | {timing.what}, {timing.where} | {timing.median:.0f} ms "
            f"({len(timing.wall_ms)} edits) | "
            f"{timing.worst:.0f} ms | {timing.cpu:.0f} ms | {whole.compile_ms:.0f} ms | "
            f"{whole.collect_ms:.0f} ms |"
        )
    return [*lines, "", *lsp_against_target(rows)]


def lsp_against_target(rows: list[tuple[lsp_latency.Timing, lsp_latency.Whole]]) -> list[str]:
    """Each design's edits together, against the target of issue 19 (after an edit in any
    5,000-line file: diagnostics within 100 ms median and 200 ms at worst)."""
    lines = ["Against the target (≤ 100 ms median and ≤ 200 ms worst after an edit), all edits:"]
    designs: dict[str, list[lsp_latency.Timing]] = {}
    for timing, _ in rows:
        designs.setdefault(timing.design, []).append(timing)
    for design, timings in designs.items():
        wall = [ms for timing in timings for ms in timing.wall_ms]
        cpu = [ms for timing in timings for ms in timing.cpu_ms]
        median, worst = statistics.median(wall), max(wall)
        met = median <= 100 and worst <= 200
        lines.append(
            f"- {design}: median {median:.0f} ms, worst {worst:.0f} ms (wall; server cpu median "
            f"{statistics.median(cpu):.0f} ms): "
            + ("met" if met else "**not met**")
            + " on this machine at this load."
        )
    return lines


def figures() -> None:
    parse('design "warm" { }', "warm.dc")  # build the parser once, outside the timings
    for nodes in (1_000, 12_500):
        text = flattened_design(nodes)
        size = len(text.encode()) / 2**20
        timed(f"parse {nodes:,} node blocks ({size:.2f} MiB)", lambda t=text: parse(t, "flat.dc"))
        timed(
            f"parse + elaborate {nodes:,} node blocks",
            lambda t=text: elaborate_text(t, "flat.dc"),
        )
        timed(
            f"check (all analyses) {nodes:,} node blocks",
            lambda t=text: compile_text(t, "flat.dc"),
        )
    # The whole command as a user runs it: start-up, compile and the rendered diagnostics.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "flat.dc"
        path.write_text(flattened_design(12_500), encoding="utf-8")
        time_check_process("dcc check (process, text output) 12,500 nodes", path, repeat=2)
    for design in sorted((ROOT / "designs").glob("*.dc")):
        timed(f"dcc check {design.name}", lambda d=design: compile_file(d), repeat=3)
    # The whole check of a small design (start-up) and of 1,000,000 racks are issue 19's
    # targets: bench/targets.py times them.
    build_sizes()
    netbox_export()


def netbox_export() -> None:
    """`dcc export netbox` of the 100,000-GPU example: rows streamed rack by rack."""
    from dcdsl.export.netbox_files import write_export
    from dcdsl.export.objects import object_sets

    compilation = compile_file(ROOT / "designs" / "ai-100k.dc")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "netbox"
        timed(
            "export netbox ai-100k.dc (after compiling it)",
            lambda: write_export(object_sets(compilation), out),
            repeat=1,
        )


def time_check_process(label: str, design: Path, repeat: int) -> None:
    """`dcc check` as a user runs it: start-up, compile and the rendered diagnostics."""
    dcc = [sys.executable, "-m", "dcdsl.cli", "check", str(design)]
    timed(
        label,
        lambda: subprocess.run(dcc, capture_output=True, check=False, env=ENV),
        repeat=repeat,
        child=True,
    )


def write_table(
    path: Path,
    peer_rows: list[peers.Row],
    lsp_rows: list[tuple[lsp_latency.Timing, lsp_latency.Whole]],
    target_lines: list[str],
) -> None:
    """The figures as markdown tables, with when and where they were taken."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "# Benchmark figures (written by `make bench`, bench/run.py)",
        "",
        f"Taken {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load} (1, 5, 15 min). Process cases include start-up; the CPU column is "
        "user + system time of the process and its children, which load on other cores "
        f"disturbs least. {ENV_NOTE}",
    ]
    if ROWS:
        lines += [
            "",
            "| case | best (wall) | median (wall) | cpu | peak memory (in-process) |",
            "|---|---|---|---|---|",
        ]
    for label, best, median, cpu, peak in ROWS:
        memory = f"{peak:.1f} MiB" if peak >= 0 else "(not measured: a child process)"
        lines.append(f"| {label} | {best:.3f} s | {median:.3f} s | {cpu:.3f} s | {memory} |")
    if target_lines:
        lines += ["", "## Issue 19's targets (bench/targets.py)", "", machine_note(), ""]
        lines += target_lines
    if peer_rows:
        lines += ["", "## Side by side with peers (bench/peers.py)", "", machine_note(), ""]
        lines += peers.markdown(peer_rows)
    if lsp_rows:
        lines += ["", "## Language server (bench/lsp_latency.py)", "", machine_note(), ""]
        lines += lsp_table(lsp_rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


BUILD_CASES = {
    "1,000,000 racks (32 M GPUs) in one hall": 'hall "H1" { rack r * 1000000 }',
    "312,500 racks (10 M GPUs) in 100 halls": 'hall "H001".."H100" { rack r * 3125 }',
}


def build_sizes() -> None:
    """`dcc build` of huge `* N` designs: time, and the bytes written (drawings are bounded)."""
    head = 'design "huge" { }\nimport "std/nvidia"\nrack_type r {\n  height = 48 U\n'
    head += "  device dgx_h100 * 4\n}\n"
    for label, halls in BUILD_CASES.items():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "huge.dc"
            path.write_text(head + halls + "\n", encoding="utf-8")
            out = Path(folder) / "out"
            dcc = [sys.executable, "-m", "dcdsl.cli", "build", str(path), "-o", str(out)]
            timed(
                f"dcc build {label}",
                lambda dcc=dcc: subprocess.run(dcc, capture_output=True, check=False, env=ENV),
                repeat=1,
                child=True,
            )
            total = sum(f.stat().st_size for f in out.iterdir())
            largest = max(out.iterdir(), key=lambda f: f.stat().st_size)
            print(
                f"{'':<48} wrote {total / 1e6:7.2f} MB in {len(list(out.iterdir()))} files, "
                f"largest {largest.name} {largest.stat().st_size / 1e6:.2f} MB"
            )


if __name__ == "__main__":
    main()
